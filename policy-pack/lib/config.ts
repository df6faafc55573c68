/**
 * The pack's configuration: one set of keys shared by every policy that needs
 * them, each policy's `configSchema` built from the pieces it reads. The
 * defaults must agree with `shared/limits.ts` of the Strongbox program; the
 * pack is published on its own and cannot import it, so a test compares them.
 */
import { PolicyConfigSchema } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

export interface PackConfig {
    /** Shortest retention anywhere: Object Lock default retention, vault lock, plan lifecycles. */
    readonly minRetentionDays: number;
    /** Longest retention anywhere: a typo must not lock storage (and its bill) for a century. */
    readonly maxRetentionDays: number;
    /** Object Lock mode backup buckets must use. */
    readonly requiredLockMode: "COMPLIANCE" | "GOVERNANCE";
    /** A bucket with this tag set to `backupBucketTagValue` is a backup bucket. */
    readonly backupBucketTagKey: string;
    readonly backupBucketTagValue: string;
    /** Buckets whose name starts with one of these are backup buckets too, unless tagged otherwise. */
    readonly backupBucketNamePrefixes: readonly string[];
    /** KMS keys that protect backups: the shortest deletion window allowed. */
    readonly minKmsDeletionWindowDays: number;
    /** AWS Backup: days a recovery point must stay in cold storage before deletion. */
    readonly minColdStorageDays: number;
    /** AWS Backup vault lock: the shortest `changeableForDays` AWS accepts for compliance mode. */
    readonly minChangeableForDays: number;
    /** IAM actions a backup writer role must never be granted (IAM wildcards allowed). */
    readonly forbiddenWriterActions: readonly string[];
    /** Roles whose name starts with one of these are backup writers even before they are granted s3:PutObject. */
    readonly writerRoleNamePrefixes: readonly string[];
    /** CloudWatch log groups: shortest retention when one is set. */
    readonly minLogRetentionDays: number;
    /**
     * The immutability canary's key prefix: a role whose s3:DeleteObjectVersion and s3:PutObjectRetention grants
     * name only `<bucket>/<canaryPrefix>/*` is the canary, not a writer breaking the rules.
     */
    readonly canaryPrefix: string;
    /**
     * The BackupAuditor's receipts prefix: s3:PutObjectRetention named exactly on `<bucket>/<receiptsPrefix>/*`
     * alone is the auditor locking its receipts (each written with its own COMPLIANCE lock), not a writer.
     */
    readonly receiptsPrefix: string;
    /** The Audit Manager controls every region with a backup vault must have a framework with. */
    readonly requiredFrameworkControls: readonly string[];
}

export const DEFAULTS: PackConfig = {
    minRetentionDays: 30,
    maxRetentionDays: 3650,
    requiredLockMode: "COMPLIANCE",
    backupBucketTagKey: "strongbox:backup-bucket",
    backupBucketTagValue: "true",
    backupBucketNamePrefixes: [],
    minKmsDeletionWindowDays: 30,
    minColdStorageDays: 90,
    minChangeableForDays: 3,
    forbiddenWriterActions: [
        "s3:DeleteObject*",
        "s3:PutBucketObjectLockConfiguration",
        "s3:BypassGovernanceRetention",
        // Either keeps a dump (and its bill) for ever; the lock comes from the bucket's default retention.
        "s3:PutObjectRetention",
        "s3:PutObjectLegalHold",
    ],
    writerRoleNamePrefixes: [],
    minLogRetentionDays: 90,
    canaryPrefix: "strongbox-canary",
    receiptsPrefix: "strongbox-receipts",
    requiredFrameworkControls: [
        "BACKUP_RECOVERY_POINT_ENCRYPTED",
        "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
        "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
        "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
        "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
        "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
        "BACKUP_LAST_RECOVERY_POINT_CREATED",
        "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
    ],
};

const PROPERTIES: { [K in keyof PackConfig]: PolicyConfigJSONSchema } = {
    minRetentionDays: {
        type: "integer",
        minimum: 1,
        default: DEFAULTS.minRetentionDays,
        description:
            "Shortest retention in days (Object Lock default retention, vault lock, backup plan lifecycles).",
    },
    maxRetentionDays: {
        type: "integer",
        minimum: 1,
        default: DEFAULTS.maxRetentionDays,
        description: "Longest retention in days allowed anywhere.",
    },
    requiredLockMode: {
        type: "string",
        enum: ["COMPLIANCE", "GOVERNANCE"],
        default: DEFAULTS.requiredLockMode,
        description: "Object Lock mode of backup buckets' default retention.",
    },
    backupBucketTagKey: {
        type: "string",
        default: DEFAULTS.backupBucketTagKey,
        description: "Tag that marks a backup bucket.",
    },
    backupBucketTagValue: {
        type: "string",
        default: DEFAULTS.backupBucketTagValue,
        description: "Value of `backupBucketTagKey` on a backup bucket; any other value excludes the bucket.",
    },
    backupBucketNamePrefixes: {
        type: "array",
        items: { type: "string" },
        default: [...DEFAULTS.backupBucketNamePrefixes],
        description: "Untagged buckets whose name starts with one of these are backup buckets.",
    },
    minKmsDeletionWindowDays: {
        type: "integer",
        minimum: 7,
        maximum: 30,
        default: DEFAULTS.minKmsDeletionWindowDays,
        description: "Shortest `deletionWindowInDays` of a KMS key that protects backups.",
    },
    minColdStorageDays: {
        type: "integer",
        minimum: 0,
        default: DEFAULTS.minColdStorageDays,
        description: "Days between a backup plan's cold-storage transition and deletion (AWS requires 90).",
    },
    minChangeableForDays: {
        type: "integer",
        minimum: 3,
        default: DEFAULTS.minChangeableForDays,
        description: "Shortest `changeableForDays` of a vault lock (AWS requires 3 for compliance mode).",
    },
    forbiddenWriterActions: {
        type: "array",
        items: { type: "string" },
        default: [...DEFAULTS.forbiddenWriterActions],
        description: "IAM actions (wildcards allowed) no backup writer role may be granted.",
    },
    writerRoleNamePrefixes: {
        type: "array",
        items: { type: "string" },
        default: [...DEFAULTS.writerRoleNamePrefixes],
        description: "Roles with these name prefixes are backup writers even without s3:PutObject.",
    },
    minLogRetentionDays: {
        type: "integer",
        minimum: 1,
        default: DEFAULTS.minLogRetentionDays,
        description: "Shortest `retentionInDays` of a CloudWatch log group that sets one.",
    },
    canaryPrefix: {
        type: "string",
        default: DEFAULTS.canaryPrefix,
        description: "Key prefix of the immutability canary, the only place a role may delete versions.",
    },
    receiptsPrefix: {
        type: "string",
        default: DEFAULTS.receiptsPrefix,
        description:
            "Key prefix of the BackupAuditor's receipts, the only place it may set an object's retention.",
    },
    requiredFrameworkControls: {
        type: "array",
        items: { type: "string" },
        default: [...DEFAULTS.requiredFrameworkControls],
        description: "Audit Manager controls a framework must have in every region with a backup vault.",
    },
};

/** The `configSchema` of a policy that reads `keys`. */
export function schemaOf(...keys: (keyof PackConfig)[]): PolicyConfigSchema {
    return { properties: Object.fromEntries(keys.map((k) => [k, PROPERTIES[k]])) };
}

/** The policy's config with the defaults under it, whether or not the engine has already filled them in. */
export function configOf(args: { getConfig<T extends object>(): T }): PackConfig {
    return { ...DEFAULTS, ...args.getConfig<Partial<PackConfig>>() };
}
