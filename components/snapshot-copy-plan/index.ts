/**
 * SnapshotCopyPlan: AWS Backup in the source account takes RDS snapshots on a daily, weekly and monthly
 * schedule (and, when asked, continuous backups for point-in-time restore), keeps them in a local vault,
 * and copies each one into the backup account's locked vault with its own retention. Databases marked
 * sensitive get a plan of their own whose copies go to the sensitive vault instead.
 *
 * Every copy's retention is checked against the destination vault lock's bounds (the backup stack's
 * outputs) before the plan exists: AWS Backup itself would accept the plan and fail each copy job at
 * run time. See `destination-check.ts`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedSnapshotCopyPlanArgs, resolveSnapshotCopyPlanArgs, SnapshotCopyPlanArgs } from "./args";
import {
    checkedDestinationArn,
    DestinationLockError,
    destinationProblems,
    knownNow,
    PlanSide,
} from "./destination-check";
import { declareLocalVault } from "./local-vault";
import { declareJobNotifications } from "./notifications";
import { planRules } from "./plan";
import { declareBackupRole } from "./role";
import { selectionSpecs } from "./selection";
import { validateSnapshotCopyPlanArgs } from "./validate";

export type {
    SnapshotCopyPlanArgs,
    SnapshotDestination,
    SnapshotRuleArgs,
    SnapshotSelectionArgs,
} from "./args";
export { DestinationLockError, destinationProblems } from "./destination-check";
export { ENVIRONMENTS } from "./environments";
export { snapshotCopyPlanProblems, validateSnapshotCopyPlanArgs } from "./validate";

export class SnapshotCopyPlan extends pulumi.ComponentResource {
    public readonly planId: pulumi.Output<string>;
    public readonly sensitivePlanId?: pulumi.Output<string>;
    public readonly localVaultName: pulumi.Output<string>;
    public readonly localVaultArn: pulumi.Output<string>;
    public readonly localKmsKeyArn: pulumi.Output<string>;
    public readonly backupRoleArn: pulumi.Output<string>;
    public readonly failureTopicArn: pulumi.Output<string>;
    /** Where the copies go, once checked against the vault's lock. */
    public readonly destinationVaultArn: pulumi.Output<string>;
    public readonly sensitiveDestinationVaultArn?: pulumi.Output<string>;

    constructor(name: string, args: SnapshotCopyPlanArgs, opts?: pulumi.ComponentResourceOptions) {
        // Before super: a bad argument must not leave even an empty component in the state.
        validateSnapshotCopyPlanArgs(args);
        const a = resolveSnapshotCopyPlanArgs(args);
        const plan: PlanSide = a;
        const sensitive = a.sensitive !== undefined ? a.sensitiveDestination : undefined;
        // Destinations given as plain values are checked here and now; Outputs inside their apply.
        for (const d of [a.destination, sensitive]) {
            const known = d && knownNow(d);
            const problems = known ? destinationProblems(plan, known) : [];
            if (problems.length > 0) throw new DestinationLockError(problems);
        }
        super("strongbox:backup:SnapshotCopyPlan", name, {}, opts);
        const notify = (message: string) =>
            void pulumi.log.info(`SnapshotCopyPlan ${name}: ${message}`, this);

        const prefix = a.namePrefix;
        const local = declareLocalVault(
            name,
            {
                vaultName: `${prefix}-snapshots`,
                accountId: a.accountId,
                keyAdminRoleArns: a.keyAdminRoleArns,
                breakGlassRoleArn: a.breakGlassRoleArn,
                lock: a.lockLocalVault,
                tags: a.tags,
                protect: a.protect,
            },
            this,
        );
        const role = declareBackupRole(name, { roleName: `${prefix}-snapshot-backup`, tags: a.tags }, this);

        this.destinationVaultArn = checkedDestinationArn(plan, a.destination, notify);
        this.planId = this.declarePlan(name, a, {
            planName: `${prefix}-snapshots`,
            destinationVaultArn: this.destinationVaultArn,
            targetVaultName: local.vault.name,
            roleArn: role.arn,
            selection: selectionSpecs(a.selection, a.sensitive),
        });
        if (sensitive !== undefined) {
            this.sensitiveDestinationVaultArn = checkedDestinationArn(plan, sensitive, notify);
            this.sensitivePlanId = this.declarePlan(`${name}-sensitive`, a, {
                planName: `${prefix}-snapshots-sensitive`,
                destinationVaultArn: this.sensitiveDestinationVaultArn,
                targetVaultName: local.vault.name,
                roleArn: role.arn,
                selection: selectionSpecs(a.sensitive!),
            });
        }
        const topic = declareJobNotifications(
            name,
            {
                namePrefix: prefix,
                accountId: a.accountId,
                notificationEmails: a.notificationEmails,
                tags: a.tags,
            },
            this,
        );

        this.localVaultName = local.vault.name;
        this.localVaultArn = local.vault.arn;
        this.localKmsKeyArn = local.key.arn;
        this.backupRoleArn = role.arn;
        this.failureTopicArn = topic.arn;
        this.registerOutputs({
            planId: this.planId,
            sensitivePlanId: this.sensitivePlanId,
            localVaultName: this.localVaultName,
            localVaultArn: this.localVaultArn,
            localKmsKeyArn: this.localKmsKeyArn,
            backupRoleArn: this.backupRoleArn,
            failureTopicArn: this.failureTopicArn,
            destinationVaultArn: this.destinationVaultArn,
            sensitiveDestinationVaultArn: this.sensitiveDestinationVaultArn,
        });
    }

    /** Declares `${name}-plan` and one `${name}-selection-<kind>` per selection spec; returns the plan id. */
    private declarePlan(
        name: string,
        a: ResolvedSnapshotCopyPlanArgs,
        p: {
            planName: string;
            destinationVaultArn: pulumi.Output<string>;
            targetVaultName: pulumi.Output<string>;
            roleArn: pulumi.Output<string>;
            selection: ReturnType<typeof selectionSpecs>;
        },
    ): pulumi.Output<string> {
        const backupPlan = new aws.backup.Plan(
            `${name}-plan`,
            {
                name: p.planName,
                rules: planRules({
                    rules: a.rules,
                    targetVaultName: p.targetVaultName,
                    destinationVaultArn: p.destinationVaultArn,
                    scheduleTimezone: a.scheduleTimezone,
                    pointInTimeRecoveryDays: a.pointInTimeRecoveryDays,
                }),
                tags: a.tags,
            },
            { parent: this },
        );
        for (const spec of p.selection) {
            new aws.backup.Selection(
                `${name}-selection-${spec.kind}`,
                {
                    name: `${p.planName}-${spec.kind}`,
                    planId: backupPlan.id,
                    iamRoleArn: p.roleArn,
                    resources: spec.resources,
                    notResources: spec.notResources,
                    conditions: spec.conditions && [spec.conditions],
                },
                { parent: this },
            );
        }
        return backupPlan.id;
    }
}
