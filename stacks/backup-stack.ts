/**
 * The backup account's stack (deployed first): the immutable bucket the
 * runners write dumps to and the vault the source backup plans copy into.
 * Its outputs are a contract: the source stack reads them by these exact
 * names through a StackReference.
 */
import * as pulumi from "@pulumi/pulumi";
import { CrossAccountVault } from "../components/cross-account-vault";
import { ImmutableBackupBucket } from "../components/immutable-backup-bucket";
import { BackupStackOptions, declareBackupAuditor } from "./backup-auditor";
import { auditRolesOf, BackupStackConfig, crossAccountVaultArgs, immutableBackupBucketArgs } from "./config";

/** Tags every taggable resource of this stack carries; the stack's own win over `strongbox:tags`. */
export function backupStackTags(cfg: BackupStackConfig): Record<string, string> {
    return {
        ...cfg.tags,
        "strongbox:stack": "backup",
        "strongbox:environment": cfg.environment,
        "strongbox:managed-by": "pulumi",
    };
}

export function buildBackupStack(
    cfg: BackupStackConfig,
    options: BackupStackOptions = {},
): Record<string, pulumi.Input<unknown>> {
    const b = cfg.backup;
    const tags = backupStackTags(cfg);

    // The args the config's validation already ran the components' own checks on.
    const bucket = new ImmutableBackupBucket(
        `backup-${cfg.environment}`,
        // With an auditor, its roles (deterministic names) are let into the bucket policy, and no further.
        immutableBackupBucketArgs(b, cfg.region, tags, auditRolesOf(b, cfg.environment)),
    );
    // `crossAccountVaultArgs` passes `deployerRoleArns` too: the vault policies let them change what they guard.
    const vault = new CrossAccountVault(
        `vault-${cfg.environment}`,
        crossAccountVaultArgs(b, cfg.region, tags),
    );
    const auditor = declareBackupAuditor(cfg, bucket, vault, tags, options);

    return {
        backupAccountId: b.accountId,
        bucketName: bucket.bucketName,
        bucketArn: bucket.bucketArn,
        bucketRegion: bucket.bucketRegion,
        kmsKeyArn: bucket.kmsKeyArn,
        keyPrefix: bucket.keyPrefix,
        retentionDays: bucket.retentionDays,
        // Role ARN -> { keyPrefix, databases }: the source stack takes its runner's prefix from here and checks
        // that every database it schedules is one the bucket policy lets its runner write.
        writers: bucket.writers,
        vaultName: vault.vaultName,
        vaultArn: vault.vaultArn,
        vaultKmsKeyArn: vault.kmsKeyArn,
        // The lock's bounds: the source stack checks every snapshot copy against them at preview.
        vaultMinRetentionDays: vault.vaultMinRetentionDays,
        vaultMaxRetentionDays: vault.vaultMaxRetentionDays,
        ...(vault.sensitiveVault && {
            sensitiveVaultName: vault.sensitiveVaultName,
            sensitiveVaultArn: vault.sensitiveVaultArn,
            sensitiveVaultKmsKeyArn: vault.sensitiveKmsKeyArn,
            sensitiveVaultMinRetentionDays: vault.sensitiveVaultMinRetentionDays,
            sensitiveVaultMaxRetentionDays: vault.sensitiveVaultMaxRetentionDays,
        }),
        // Per region (the stack's and every `vault.sourceRegions` one): the vaults a source stack in that
        // region copies its RDS snapshots into, with their locks' bounds.
        vaultsByRegion: vault.vaultsByRegion,
        ...(bucket.replica && {
            replicaBucketName: bucket.replica.bucketName,
            replicaBucketArn: bucket.replica.bucketArn,
            replicaRegion: bucket.replica.region,
            replicaKmsKeyArn: bucket.replica.kmsKeyArn,
        }),
        ...(bucket.accessLogBucket && { accessLogBucketName: bucket.accessLogBucket.bucketName }),
        // The audit topic to subscribe to, the dashboard, the report bucket and the jobs.
        ...(auditor && { auditor }),
    };
}
