/**
 * The backup stack's BackupAuditor, when `strongbox:backup.auditor` is set: the config's plain args plus what only
 * the other components know (the bucket's and keys' ARNs, the vaults of every region), and the stack output
 * operators read (the topic to subscribe to, the dashboard, the report bucket, the jobs).
 */
import * as pulumi from "@pulumi/pulumi";
import { BackupAuditor } from "../components/backup-auditor";
import { CrossAccountVault } from "../components/cross-account-vault";
import { ImmutableBackupBucket } from "../components/immutable-backup-bucket";
import { auditedVaultNames, BackupStackConfig, backupAuditorPlainArgs } from "./config";

/** Test seams; a real deployment passes none. */
export interface BackupStackOptions {
    /** Runner bundle to upload instead of the one built from `dist/`. */
    readonly runnerBundle?: pulumi.asset.Archive;
}

/** Declares the auditor (or nothing) and returns its stack output (or undefined). */
export function declareBackupAuditor(
    cfg: BackupStackConfig,
    bucket: ImmutableBackupBucket,
    vault: CrossAccountVault,
    tags: Record<string, string>,
    options: BackupStackOptions,
): Record<string, pulumi.Input<unknown>> | undefined {
    const plain = backupAuditorPlainArgs(cfg.backup, cfg.region, cfg.environment);
    if (plain === undefined) return undefined;
    const names = auditedVaultNames(cfg.backup);
    const vaults = Object.entries(vault.vaultsByRegion).flatMap(([region, v]) =>
        names.flatMap(({ vaultName, sensitive }) => {
            const vaultArn = sensitive ? v.sensitiveVaultArn : v.vaultArn;
            return vaultArn === undefined ? [] : [{ region, vaultName, vaultArn, sensitive }];
        }),
    );
    const home = cfg.region;
    const auditor = new BackupAuditor(`audit-${cfg.environment}`, {
        ...plain,
        bucket: {
            name: bucket.bucketName,
            arn: bucket.bucketArn,
            kmsKeyArn: bucket.kmsKeyArn,
            retentionDays: bucket.retentionDays,
            maxRetentionDays: bucket.maxRetentionDays,
        },
        vaults,
        watched: {
            buckets: [
                { region: home, name: bucket.bucketName },
                ...(bucket.replica
                    ? [{ region: bucket.replica.region, name: bucket.replica.bucketName }]
                    : []),
                ...(bucket.accessLogBucket
                    ? [{ region: home, name: bucket.accessLogBucket.bucketName }]
                    : []),
            ],
            // The vault keys of the source regions are not exported by CrossAccountVault; their rules watch every
            // key of the account in those regions instead (tamper/rules.ts).
            keys: [
                { region: home, arn: bucket.kmsKeyArn },
                { region: home, arn: vault.kmsKeyArn },
                ...(vault.sensitiveKmsKeyArn ? [{ region: home, arn: vault.sensitiveKmsKeyArn }] : []),
                ...(bucket.replica ? [{ region: bucket.replica.region, arn: bucket.replica.kmsKeyArn }] : []),
            ],
        },
        runnerBundle: options.runnerBundle,
        tags,
    });
    return {
        topicArn: auditor.topicArn,
        dashboardName: auditor.dashboardName,
        reportBucketName: auditor.reportBucketName,
        auditorRoleArn: auditor.auditorRoleArn,
        canaryRoleArn: auditor.canaryRoleArn,
        projectNames: auditor.projectNames,
        scheduleGroupName: auditor.scheduleGroupName,
        frameworkArns: auditor.frameworkArns,
        restoreTestingPlanArns: auditor.restoreTestingPlanArns,
    };
}
