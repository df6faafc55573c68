/**
 * The backup account's stack (deployed first): the immutable bucket the
 * runners write dumps to and the vault the source backup plans copy into.
 * Its outputs are a contract: the source stack reads them by these exact
 * names through a StackReference.
 */
import * as pulumi from "@pulumi/pulumi";
import { CrossAccountVault } from "../components/cross-account-vault";
import { ImmutableBackupBucket } from "../components/immutable-backup-bucket";
import { BackupStackConfig } from "./config";

/** Tags every taggable resource of this stack carries; the stack's own win over `strongbox:tags`. */
export function backupStackTags(cfg: BackupStackConfig): Record<string, string> {
    return {
        ...cfg.tags,
        "strongbox:stack": "backup",
        "strongbox:environment": cfg.environment,
        "strongbox:managed-by": "pulumi",
    };
}

export function buildBackupStack(cfg: BackupStackConfig): Record<string, pulumi.Input<unknown>> {
    const b = cfg.backup;
    const tags = backupStackTags(cfg);

    const bucket = new ImmutableBackupBucket(`backup-${cfg.environment}`, {
        bucketName: b.bucket.name,
        accountId: b.accountId,
        region: cfg.region,
        writerRoleArns: b.writerRoleArns,
        sourceAccountIds: b.sourceAccountIds,
        retentionDays: b.bucket.retentionDays,
        minimumRetentionDays: b.bucket.minimumRetentionDays,
        maxRetentionDays: b.bucket.maxRetentionDays,
        transitionDays: b.bucket.transitionDays,
        transitionStorageClass: b.bucket.transitionStorageClass,
        abortIncompleteMultipartDays: b.bucket.abortIncompleteMultipartDays,
        keyPrefix: b.bucket.keyPrefix,
        kmsKeyArn: b.bucket.kmsKeyArn,
        keyAdminRoleArns: b.keyAdminRoleArns,
        breakGlassRoleArn: b.breakGlassRoleArn,
        replica: b.bucket.replica,
        accessLogs: b.bucket.accessLogs,
        tags,
    });

    const vault = new CrossAccountVault(`vault-${cfg.environment}`, {
        vaultName: b.vault.name,
        accountId: b.accountId,
        sourceAccountIds: b.sourceAccountIds,
        organizationId: b.organizationId,
        keyAdminRoleArns: b.keyAdminRoleArns,
        breakGlassRoleArn: b.breakGlassRoleArn,
        changeableForDays: b.vault.changeableForDays,
        minRetentionDays: b.vault.minRetentionDays,
        maxRetentionDays: b.vault.maxRetentionDays,
        sensitiveVaultName: b.vault.sensitiveVault?.name,
        region: cfg.region,
        tags,
    });

    return {
        backupAccountId: b.accountId,
        bucketName: bucket.bucketName,
        bucketArn: bucket.bucketArn,
        bucketRegion: bucket.bucketRegion,
        kmsKeyArn: bucket.kmsKeyArn,
        keyPrefix: bucket.keyPrefix,
        retentionDays: bucket.retentionDays,
        vaultName: vault.vaultName,
        vaultArn: vault.vaultArn,
        vaultKmsKeyArn: vault.kmsKeyArn,
        ...(vault.sensitiveVault && {
            sensitiveVaultName: vault.sensitiveVaultName,
            sensitiveVaultArn: vault.sensitiveVaultArn,
            sensitiveVaultKmsKeyArn: vault.sensitiveKmsKeyArn,
        }),
        ...(bucket.replica && {
            replicaBucketName: bucket.replica.bucketName,
            replicaBucketArn: bucket.replica.bucketArn,
            replicaRegion: bucket.replica.region,
            replicaKmsKeyArn: bucket.replica.kmsKeyArn,
        }),
        ...(bucket.accessLogBucket && { accessLogBucketName: bucket.accessLogBucket.bucketName }),
    };
}
