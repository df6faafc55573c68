/**
 * The backup stack's config as component args, and the components' verdict on them. The stack
 * declares its components with exactly these args, so what the config validated is what is deployed.
 */
import type { CrossAccountVaultArgs, VaultType } from "../../components/cross-account-vault/args";
import { crossAccountVaultProblems } from "../../components/cross-account-vault/validate";
import type {
    ImmutableBackupBucketArgs,
    TransitionStorageClass,
} from "../../components/immutable-backup-bucket/args";
import type { AuditRoles } from "../../components/immutable-backup-bucket/bucket-policy/audit";
import { immutableBackupBucketProblems } from "../../components/immutable-backup-bucket/validate";
import { auditorConfigProblems, auditRolesOf } from "./auditor";
import { configProblems, distinct, FieldMap } from "./problems";
import { BackupConfig } from "./schema";

type Tags = Record<string, string>;

/**
 * The `ImmutableBackupBucket` args for `strongbox:backup` in `region`; `auditRoles` when the stack runs a
 * BackupAuditor (`auditRolesOf`), so the bucket policy lets its roles in.
 */
export function immutableBackupBucketArgs(
    b: BackupConfig,
    region: string,
    tags?: Tags,
    auditRoles?: AuditRoles,
): ImmutableBackupBucketArgs {
    return {
        bucketName: b.bucket.name,
        accountId: b.accountId,
        region,
        writers: b.writers,
        sourceAccountIds: b.sourceAccountIds,
        retentionDays: b.bucket.retentionDays,
        expireAfterDays: b.bucket.expireAfterDays,
        minimumRetentionDays: b.bucket.minimumRetentionDays,
        maxRetentionDays: b.bucket.maxRetentionDays,
        transitionDays: b.bucket.transitionDays,
        // A string to the config's schema; the component's validator refuses any other class.
        transitionStorageClass: b.bucket.transitionStorageClass as TransitionStorageClass,
        abortIncompleteMultipartDays: b.bucket.abortIncompleteMultipartDays,
        keyPrefix: b.bucket.keyPrefix,
        kmsKeyArn: b.bucket.kmsKeyArn,
        keyAdminRoleArns: b.keyAdminRoleArns,
        breakGlassRoleArn: b.breakGlassRoleArn,
        deployerRoleArns: b.deployerRoleArns,
        replica: b.bucket.replica && { region: b.bucket.replica.region, bucketName: b.bucket.replica.name },
        accessLogs: b.bucket.accessLogs,
        tags,
        auditRoles,
        // The auditor's setting; unset, the bucket applies the auditor's own default.
        receiptRetentionDays: auditRoles === undefined ? undefined : b.auditor?.receiptRetentionDays,
    };
}

/** The `CrossAccountVault` args for `strongbox:backup` in `region`. */
export function crossAccountVaultArgs(b: BackupConfig, region: string, tags?: Tags): CrossAccountVaultArgs {
    return {
        vaultName: b.vault.name,
        accountId: b.accountId,
        sourceAccountIds: b.sourceAccountIds,
        organizationId: b.organizationId,
        keyAdminRoleArns: b.keyAdminRoleArns,
        breakGlassRoleArn: b.breakGlassRoleArn,
        deployerRoleArns: b.deployerRoleArns,
        changeableForDays: b.vault.changeableForDays,
        minRetentionDays: b.vault.minRetentionDays,
        maxRetentionDays: b.vault.maxRetentionDays,
        sensitiveVaultName: b.vault.sensitiveVault?.name,
        sensitiveRestoreRoleArn: b.vault.sensitiveVault?.restoreRoleArn,
        // A string to the config's schema; the component's validator refuses any other type.
        vaultType: b.vault.type as VaultType,
        sourceRegions: b.vault.sourceRegions,
        region,
        tags,
    };
}

/** A field whose name in the components' messages is replaced by its config key. */
const named = (key: string) => ({ key, says: `\`${key}\`` });

/** Args both components share, and where they are in the config. */
const SHARED: FieldMap = {
    accountId: "strongbox:backup.accountId",
    sourceAccountIds: "strongbox:backup.sourceAccountIds",
    keyAdminRoleArns: "strongbox:backup.keyAdminRoleArns",
    breakGlassRoleArn: "strongbox:backup.breakGlassRoleArn",
    deployerRoleArns: "strongbox:backup.deployerRoleArns",
    // The region is the stack's (`aws:region`), which the messages then call by that name.
    region: { key: "aws:region", says: "the stack's region" },
    tags: "strongbox:tags",
};

const BUCKET_FIELDS: FieldMap = {
    ...SHARED,
    bucketName: named("strongbox:backup.bucket.name"),
    writers: "strongbox:backup.writers",
    retentionDays: "strongbox:backup.bucket.retentionDays",
    expireAfterDays: "strongbox:backup.bucket.expireAfterDays",
    minimumRetentionDays: "strongbox:backup.bucket.minimumRetentionDays",
    maxRetentionDays: "strongbox:backup.bucket.maxRetentionDays",
    transitionDays: "strongbox:backup.bucket.transitionDays",
    transitionStorageClass: "strongbox:backup.bucket.transitionStorageClass",
    abortIncompleteMultipartDays: "strongbox:backup.bucket.abortIncompleteMultipartDays",
    keyPrefix: "strongbox:backup.bucket.keyPrefix",
    kmsKeyArn: "strongbox:backup.bucket.kmsKeyArn",
    replica: "strongbox:backup.bucket.replica",
    "replica.bucketName": named("strongbox:backup.bucket.replica.name"),
    accessLogs: "strongbox:backup.bucket.accessLogs",
    // Not configurable: the config's way out of a too-long default log bucket name is no log bucket.
    accessLogBucketName: {
        key: "strongbox:backup.bucket.name",
        says: "`strongbox:backup.bucket.accessLogs` to false",
    },
    auditRoles: "strongbox:backup.auditor",
    receiptRetentionDays: "strongbox:backup.auditor.receiptRetentionDays",
};

const VAULT_FIELDS: FieldMap = {
    ...SHARED,
    vaultName: named("strongbox:backup.vault.name"),
    organizationId: "strongbox:backup.organizationId",
    changeableForDays: "strongbox:backup.vault.changeableForDays",
    minRetentionDays: "strongbox:backup.vault.minRetentionDays",
    maxRetentionDays: "strongbox:backup.vault.maxRetentionDays",
    sensitiveVaultName: "strongbox:backup.vault.sensitiveVault.name",
    sensitiveRestoreRoleArn: "strongbox:backup.vault.sensitiveVault.restoreRoleArn",
    vaultType: "strongbox:backup.vault.type",
    sourceRegions: "strongbox:backup.vault.sourceRegions",
};

/** What the bucket's, the vault's and the auditor's validators find wrong with `strongbox:backup`, under its keys. */
export function backupConfigProblems(b: BackupConfig, region: string, environment: string): string[] {
    return distinct([
        ...configProblems(
            immutableBackupBucketProblems(
                immutableBackupBucketArgs(b, region, undefined, auditRolesOf(b, environment)),
            ),
            BUCKET_FIELDS,
            "strongbox:backup.bucket",
        ),
        ...configProblems(
            crossAccountVaultProblems(crossAccountVaultArgs(b, region)),
            VAULT_FIELDS,
            "strongbox:backup.vault",
        ),
        ...auditorConfigProblems(b, region, environment),
    ]);
}
