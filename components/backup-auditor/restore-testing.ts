/**
 * AWS Backup restore testing of the RDS snapshot copies in the backup account's vaults, so those copies are
 * proven to restore here, not only in the source account.
 *
 * Which regions: restore testing is regional (a plan selects recovery points of its own region's vaults) and a
 * restored instance lands in a VPC of that region, so a plan is declared only in the regions the config names,
 * each with its DB subnet group and security groups. AWS Backup would otherwise infer the default VPC ("Restore
 * testing inferred metadata": "AWS Backup can infer that a resource should be restored to the default setting
 * ... restored to the default VPC"), which a backup account may not have, or should not use. The regions must
 * hold a vault (validation); the copies of a source account land in its own region's vault.
 *
 * Which vaults: the general vault only. The sensitive vault's restores are break-glass only by design (its
 * access policy denies StartRestoreJob to everyone else); a test would need the same exemption, which would
 * weaken it. Restores of its copies are proven by break-glass drills, outside Strongbox.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, policyDocument } from "../common/policy-document";
import { BACKUP_AUDITOR_DEFAULTS, RestoreTestingArgs, RestoreTestingRegion } from "./args";
import { auditManagerName } from "./framework/controls";

/** AWS's managed policy for restore jobs (RDS among them), attached to the role restore tests run as. */
export const RESTORES_MANAGED_POLICY = "service-role/AWSBackupServiceRolePolicyForRestores";

/**
 * AWS Backup may assume the role for this account only (`aws:SourceAccount`, the confused-deputy guard). No
 * `aws:SourceArn`: which ARN Backup sends for a test's restore job is not documented, and a wrong one would
 * silently stop every test.
 */
export function restoreRoleTrustPolicy(accountId: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "AssumedByBackupForThisAccountOnly",
            Effect: "Allow",
            Principal: { Service: "backup.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    ]);
}

/** The restore metadata the selection overrides (keys are not case sensitive). */
export function restoreMetadataOverrides(r: RestoreTestingRegion): Record<string, string> {
    return {
        dbsubnetgroupname: r.dbSubnetGroupName,
        vpcsecuritygroupids: JSON.stringify([...r.securityGroupIds]),
        ...(r.dbInstanceClass !== undefined && { dbinstanceclass: r.dbInstanceClass }),
    };
}

export interface RestoreTestingDeclArgs {
    readonly partition: string;
    readonly accountId: string;
    readonly namePrefix: string;
    readonly testing: RestoreTestingArgs;
    /** The general vault of each region, by region. */
    readonly vaultArnByRegion: Readonly<Record<string, pulumi.Input<string>>>;
    readonly tags: Record<string, string>;
}

export interface RestoreTesting {
    readonly role: aws.iam.Role;
    readonly plans: Record<string, aws.backup.RestoreTestingPlan>;
    readonly selections: Record<string, aws.backup.RestoreTestingSelection>;
}

/**
 * Declares `${name}-restore-role` (and its policy attachment) and, per configured region,
 * `${name}-restore-testing-<region>` (plan) and `${name}-restore-selection-<region>`.
 */
export function declareRestoreTesting(
    name: string,
    a: RestoreTestingDeclArgs,
    parent: pulumi.Resource,
): RestoreTesting {
    const d = BACKUP_AUDITOR_DEFAULTS.restoreTesting;
    const t = a.testing;
    const role = new aws.iam.Role(
        `${name}-restore-role`,
        {
            name: `${a.namePrefix}-restore-testing`,
            description: "Strongbox: the role AWS Backup restores test copies as",
            assumeRolePolicy: JSON.stringify(restoreRoleTrustPolicy(a.accountId)),
            tags: a.tags,
        },
        { parent },
    );
    const attachment = new aws.iam.RolePolicyAttachment(
        `${name}-restore-role-policy`,
        { role: role.name, policyArn: `arn:${a.partition}:iam::aws:policy/${RESTORES_MANAGED_POLICY}` },
        { parent },
    );
    const plans: Record<string, aws.backup.RestoreTestingPlan> = {};
    const selections: Record<string, aws.backup.RestoreTestingSelection> = {};
    const planName = auditManagerName(a.namePrefix, "restore_testing");
    for (const [region, network] of Object.entries(t.regions)) {
        const plan = new aws.backup.RestoreTestingPlan(
            `${name}-restore-testing-${region}`,
            {
                name: planName,
                region,
                scheduleExpression: t.schedule ?? d.schedule,
                scheduleExpressionTimezone: "Etc/UTC",
                startWindowHours: t.startWindowHours ?? d.startWindowHours,
                recoveryPointSelection: {
                    algorithm: "LATEST_WITHIN_WINDOW",
                    includeVaults: [a.vaultArnByRegion[region]],
                    recoveryPointTypes: ["SNAPSHOT"],
                    selectionWindowDays: t.selectionWindowDays ?? d.selectionWindowDays,
                },
                tags: a.tags,
            },
            { parent },
        );
        plans[region] = plan;
        selections[region] = new aws.backup.RestoreTestingSelection(
            `${name}-restore-selection-${region}`,
            {
                name: auditManagerName(a.namePrefix, "copies"),
                region,
                restoreTestingPlanName: plan.name,
                protectedResourceType: t.resourceType ?? d.resourceType,
                protectedResourceArns: ["*"],
                iamRoleArn: role.arn,
                restoreMetadataOverrides: restoreMetadataOverrides(network),
                validationWindowHours: t.validationWindowHours ?? d.validationWindowHours,
            },
            { parent, dependsOn: [attachment] },
        );
    }
    return { role, plans, selections };
}
