/** SnapshotCopyPlan under Pulumi mocks: what it declares, from which arguments. */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { installMocks, promiseOf, RecordedResource, settle } from "../../harness/offline-mocks";
import * as f from "./fixtures";

type PlanModule = typeof import("../../../components/snapshot-copy-plan");
type Rule = {
    ruleName: string;
    schedule: string;
    scheduleExpressionTimezone: string;
    startWindow: number;
    completionWindow: number;
    enableContinuousBackup?: boolean;
    targetVaultName: string;
    lifecycle: { deleteAfter: number; coldStorageAfter?: number };
    copyActions?: Array<{
        destinationVaultArn: string;
        lifecycle: { deleteAfter: number; coldStorageAfter?: number };
    }>;
};

describe("SnapshotCopyPlan", () => {
    let recorded: RecordedResource[];
    const plans: Record<string, InstanceType<PlanModule["SnapshotCopyPlan"]>> = {};
    const named = (name: string) => {
        const r = recorded.find((x) => x.name === name);
        if (!r) throw new Error(`no ${name}; recorded: ${recorded.map((x) => x.name).join(", ")}`);
        return r;
    };
    const rulesOf = (name: string) => named(name).inputs.rules as Rule[];
    const rule = (plan: string, ruleName: string) => rulesOf(plan).find((r) => r.ruleName === ruleName)!;

    before(async () => {
        recorded = await installMocks({ accountId: f.SOURCE, region: f.REGION });
        const mod = await import("../../../components/snapshot-copy-plan");
        plans.prod = new mod.SnapshotCopyPlan("prod", {
            ...f.base,
            pointInTimeRecoveryDays: 35,
            scheduleTimezone: "Australia/Melbourne",
            rules: {
                weekly: {
                    retentionDays: 180,
                    copyRetentionDays: 400,
                    startWindowMinutes: 120,
                    completionWindowMinutes: 600,
                },
                monthly: { copyRetentionDays: 1000, copyColdStorageAfterDays: 30 },
            },
        });
        // The destination as the source stack hands it over: Outputs of the StackReference.
        plans.dev = new mod.SnapshotCopyPlan("dev", {
            ...f.general,
            namePrefix: "strongbox-dev",
            environment: "development",
            selection: { resourceTags: { team: "payments" } },
            rules: { daily: { copyRetentionDays: 35 } },
            destination: {
                ...f.destination,
                vaultArn: pulumi.output(f.VAULT_ARN),
                minRetentionDays: pulumi.output(35),
                maxRetentionDays: pulumi.output(3650),
            },
        });
        await settle();
    });

    describe("the plan's rules", () => {
        it("applies the production defaults where nothing is set: schedules, retention, cold storage", () => {
            expect(rule("prod-plan", "daily")).to.deep.include({
                schedule: "cron(0 1 * * ? *)",
                lifecycle: { deleteAfter: 90 },
            });
            expect(rule("prod-plan", "monthly")).to.deep.include({
                schedule: "cron(0 1 1 * ? *)",
                lifecycle: { deleteAfter: 2555, coldStorageAfter: 30 },
            });
            expect(rule("prod-plan", "weekly").schedule).to.equal("cron(0 1 ? * SUN *)");
        });

        it("applies the development defaults in development", () => {
            expect(rule("dev-plan", "daily")).to.deep.include({
                schedule: "cron(0 3 * * ? *)",
                lifecycle: { deleteAfter: 7 },
            });
            expect(rule("dev-plan", "weekly").lifecycle).to.deep.equal({
                deleteAfter: 365,
                coldStorageAfter: 90,
            });
        });

        it("takes what the config sets over the defaults: retention, windows, time zone", () => {
            expect(rule("prod-plan", "weekly")).to.deep.include({
                lifecycle: { deleteAfter: 180, coldStorageAfter: 90 },
                startWindow: 120,
                completionWindow: 600,
                scheduleExpressionTimezone: "Australia/Melbourne",
            });
            expect(rule("prod-plan", "daily")).to.deep.include({ startWindow: 60, completionWindow: 1440 });
        });

        it("copies every rule's recovery point with its own retention (default: the rule's)", () => {
            const copies = (plan: string) =>
                Object.fromEntries(
                    rulesOf(plan).map((r) => [r.ruleName, r.copyActions?.map((c) => c.lifecycle)]),
                );
            expect(copies("prod-plan")).to.deep.equal({
                daily: [{ deleteAfter: 90 }],
                weekly: [{ deleteAfter: 400, coldStorageAfter: 90 }],
                monthly: [{ deleteAfter: 1000, coldStorageAfter: 30 }],
                continuous: undefined,
            });
            expect(copies("dev-plan").daily).to.deep.equal([{ deleteAfter: 35 }]);
        });

        it("copies into the destination vault ARN it was given (from the backup stack's outputs)", async () => {
            for (const plan of ["prod-plan", "dev-plan"])
                for (const r of rulesOf(plan).filter((x) => x.copyActions))
                    expect(
                        r.copyActions!.map((c) => c.destinationVaultArn),
                        `${plan}/${r.ruleName}`,
                    ).to.deep.equal([f.VAULT_ARN]);
            expect(await promiseOf(plans.dev.destinationVaultArn)).to.equal(f.VAULT_ARN);
            expect(rule("prod-sensitive-plan", "monthly").copyActions![0].destinationVaultArn).to.equal(
                f.SENSITIVE_VAULT_ARN,
            );
        });

        it("adds a continuous-backup rule (point-in-time restore) only when asked, without a copy", () => {
            expect(rule("prod-plan", "continuous")).to.deep.include({
                enableContinuousBackup: true,
                schedule: "cron(0 1 * * ? *)",
                lifecycle: { deleteAfter: 35 },
            });
            expect(rule("prod-plan", "continuous").copyActions).to.equal(undefined);
            expect(rulesOf("dev-plan").map((r) => r.ruleName)).to.deep.equal(["daily", "weekly", "monthly"]);
        });

        it("backs up into the local vault", () => {
            for (const r of rulesOf("prod-plan"))
                expect(r.targetVaultName).to.equal("strongbox-prod-snapshots");
        });
    });

    describe("the selections", () => {
        const selection = (name: string) => named(name).inputs;

        it("selects the configured instances and clusters by ARN, never the sensitive ones", () => {
            expect(selection("prod-selection-arns")).to.deep.include({
                name: "strongbox-prod-snapshots-arns",
                resources: [f.APPDB, f.REPORTS],
                notResources: [f.BILLING],
                conditions: [
                    { stringNotEquals: [{ key: "aws:ResourceTag/data-classification", value: "sensitive" }] },
                ],
            });
        });

        it("selects by tag among RDS instances and clusters only", () => {
            expect(selection("dev-selection-tags")).to.deep.include({
                resources: ["arn:aws:rds:*:*:db:*", "arn:aws:rds:*:*:cluster:*"],
                conditions: [{ stringEquals: [{ key: "aws:ResourceTag/team", value: "payments" }] }],
            });
            expect(recorded.map((r) => r.name)).to.not.include("dev-selection-arns");
        });

        it("gives sensitive databases their own plan, selected by ARN and by their tag", () => {
            expect(selection("prod-sensitive-selection-arns")).to.deep.include({ resources: [f.BILLING] });
            expect(selection("prod-sensitive-selection-tags").conditions).to.deep.equal([
                { stringEquals: [{ key: "aws:ResourceTag/data-classification", value: "sensitive" }] },
            ]);
        });

        it("assigns every selection to its plan with the backup role", () => {
            const role = named("prod-role").state.arn;
            for (const s of recorded.filter(
                (r) => r.type === "aws:backup/selection:Selection" && r.name.startsWith("prod-"),
            )) {
                expect(s.inputs.iamRoleArn, s.name).to.equal(role);
                const plan = s.name.startsWith("prod-sensitive") ? "prod-sensitive-plan" : "prod-plan";
                expect(s.inputs.planId, s.name).to.equal(named(plan).state.id);
            }
        });
    });

    describe("the role, the local vault and the notifications", () => {
        it("lets only AWS Backup assume the role, with AWS's managed backup policy and no restore policy", () => {
            const role = named("prod-role").inputs;
            expect(role.name).to.equal("strongbox-prod-snapshot-backup");
            expect(JSON.parse(role.assumeRolePolicy as string)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AwsBackupAssumes",
                        Effect: "Allow",
                        Principal: { Service: "backup.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            });
            const attached = recorded
                .filter(
                    (r) =>
                        r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" &&
                        r.name.startsWith("prod-"),
                )
                .map((r) => r.inputs.policyArn);
            expect(attached).to.deep.equal([
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
            ]);
        });

        it("keeps local recovery points in a vault with its own rotating, protected key", () => {
            const key = named("prod-key");
            expect(key.inputs).to.include({ enableKeyRotation: true, deletionWindowInDays: 30 });
            expect(key.protect).to.equal(true);
            expect(named("prod-vault").inputs).to.include({
                name: "strongbox-prod-snapshots",
                kmsKeyArn: key.state.arn,
            });
            const policy = JSON.parse(key.inputs.policy as string) as { Statement: Array<{ Sid: string }> };
            expect(policy.Statement.map((s) => s.Sid)).to.include("DenyKeyDestructionExceptBreakGlass");
            expect(JSON.stringify(policy)).to.contain(f.BREAK_GLASS).and.not.contain(f.BACKUP);
        });

        it("locks the local vault in production (compliance mode, 30-3650 days), not in development", () => {
            expect(named("prod-lock").inputs).to.deep.include({
                changeableForDays: 3,
                minRetentionDays: 30,
                maxRetentionDays: 3650,
            });
            expect(recorded.map((r) => r.name)).to.not.include("dev-lock");
            const deny = JSON.parse(named("dev-vault-policy").inputs.policy as string);
            expect(deny.Statement[0]).to.include({ Sid: "DenyRecoveryPointDeletion", Effect: "Deny" });
        });

        it("sends failed, expired and aborted backup and copy jobs to its topic, and mails it", () => {
            const pattern = JSON.parse(named("prod-failure-rule").inputs.eventPattern as string);
            expect(pattern).to.deep.equal({
                source: ["aws.backup"],
                "detail-type": ["Backup Job State Change", "Copy Job State Change"],
                detail: {
                    $or: [
                        { state: ["FAILED", "EXPIRED", "ABORTED"] },
                        { status: ["FAILED", "EXPIRED", "ABORTED"] },
                    ],
                },
            });
            const topic = named("prod-failures");
            expect(named("prod-failure-target").inputs.arn).to.equal(topic.state.arn);
            const policy = JSON.parse(named("prod-failures-policy").inputs.policy as string);
            expect(policy.Statement[0].Condition.ArnEquals["aws:SourceArn"]).to.equal(
                named("prod-failure-rule").state.arn,
            );
            expect(named("prod-failures-email-oncall@example.com").inputs).to.include({
                protocol: "email",
                endpoint: "oncall@example.com",
            });
        });

        it("parents every resource under the component", () => {
            const root = named("prod");
            expect(root.type).to.equal("strongbox:backup:SnapshotCopyPlan");
            const children = recorded.filter((r) => r.name.startsWith("prod-"));
            expect(children.length).to.be.greaterThan(15);
            for (const r of children) expect(r.parentUrn, r.name).to.equal(root.urn);
        });
    });
});
