/**
 * The arguments of `ImmutableBackupBucket`, their defaults and their fixed bounds
 * (`validate.ts` checks them). The stack config applies the same defaults and
 * names the same bounds, from here.
 */
import * as limits from "../../shared/limits";
import { DEFAULT_KEY_PREFIX } from "../../shared/object-key";
import type { Range } from "../common/checks";
import { BACKUP_AUDITOR_DEFAULTS } from "../backup-auditor/args";
import type { AuditRoles } from "./bucket-policy/audit";

/** S3 storage classes a lifecycle transition may target. */
export const TRANSITION_STORAGE_CLASSES = [
    "STANDARD_IA",
    "ONEZONE_IA",
    "INTELLIGENT_TIERING",
    "GLACIER_IR",
    "GLACIER",
    "DEEP_ARCHIVE",
] as const;
export type TransitionStorageClass = (typeof TRANSITION_STORAGE_CLASSES)[number];

/** S3 refuses transitions to these infrequent-access classes before `IA_MIN_TRANSITION_DAYS`. */
export const IA_CLASSES: readonly string[] = ["STANDARD_IA", "ONEZONE_IA"];
export const IA_MIN_TRANSITION_DAYS = 30;

/** One runner role and the databases it backs up. */
export interface BucketWriter {
    /** The runner role, in one of `sourceAccountIds`; it need not exist yet (matched by `aws:PrincipalArn`). */
    readonly roleArn: string;
    /** Its databases: it may write and read back `<keyPrefix>/<database>/*` for these, nothing else. At least one. */
    readonly databases: readonly string[];
    /**
     * Prefix of its dumps. Default: the bucket's `keyPrefix`. Two writers that back up a database of the same
     * name (two source accounts with an `appdb` each) need different prefixes: a (prefix, database) pair has
     * exactly one writer.
     */
    readonly keyPrefix?: string;
}

/** A writer with its prefix resolved. */
export type ResolvedBucketWriter = Required<BucketWriter>;

/** `expireAfterDays` value that keeps dumps forever (no current-version expiry). */
export const NEVER_EXPIRE = "never";

export interface ImmutableBackupBucketArgs {
    /** Bucket name; globally unique. The replica and log buckets derive their default names from it. */
    readonly bucketName: string;
    /** The backup account that owns the bucket and keys. */
    readonly accountId: string;
    /** Region of the bucket. Default: the provider's region. Checked against the key and the replica. */
    readonly region?: string;
    /**
     * The runner roles allowed to write dumps, each confined to its own databases. At least one; each role in
     * `sourceAccountIds`, listed once.
     */
    readonly writers: readonly BucketWriter[];
    /** Accounts the writers live in. At least one; never the backup account itself. */
    readonly sourceAccountIds: readonly string[];
    /** Default Object Lock COMPLIANCE retention of every object, in days. 30-3650, default 35. */
    readonly retentionDays?: number;
    /** Lowest retention an explicit lock header may ask for. Default 30 (`MIN_RETENTION_DAYS`); at most `retentionDays`. */
    readonly minimumRetentionDays?: number;
    /** Highest retention a writer may set (a cap on the bill). Default 3650; at least `retentionDays`. */
    readonly maxRetentionDays?: number;
    /**
     * Days after which a current version expires (S3 lifecycle places a delete marker; the noncurrent rule
     * removes the version `retentionDays` later). At least `retentionDays` + 1, so nothing expires while it is
     * locked; `"never"` keeps every dump for ever. Default `retentionDays` + 7.
     */
    readonly expireAfterDays?: number | typeof NEVER_EXPIRE;
    /** Days before objects move to `transitionStorageClass`. Default 30 (at least 30 for the *_IA classes). */
    readonly transitionDays?: number;
    /** Colder storage class. Default GLACIER_IR (millisecond restores keep the RTO honest). */
    readonly transitionStorageClass?: TransitionStorageClass;
    /** Days after which incomplete multipart uploads are aborted. 1-7, default 7. */
    readonly abortIncompleteMultipartDays?: number;
    /** Prefix of the writers that do not set their own. Default `layer3`. */
    readonly keyPrefix?: string;
    /**
     * An existing CMK in the bucket's region and account (for a key created before Strongbox); its key policy is then
     * managed elsewhere. Default: the component creates a key with `buildBackupKeyPolicy`.
     */
    readonly kmsKeyArn?: string;
    /** Roles administering the keys this component creates. Required unless `kmsKeyArn` is given and there is no replica. */
    readonly keyAdminRoleArns?: readonly string[];
    /** The only role that may disable the keys or change their policies. Required when keys are created. */
    readonly breakGlassRoleArn?: string;
    /**
     * Backup-account roles that deploy this stack (`pulumi up`): with the break-glass role, the only principals
     * the bucket policies let change the buckets' own policy, lifecycle, lock, versioning, replication,
     * encryption, public-access block and ownership. At least one.
     */
    readonly deployerRoleArns: readonly string[];
    /** A locked replica in another region with its own key. Default: none. Name default `<bucketName>-replica`. */
    readonly replica?: { readonly region: string; readonly bucketName?: string };
    /** Server access logs into a separate SSE-S3 bucket. Default true. */
    readonly accessLogs?: boolean;
    /** Name of the access-log bucket. Default `<bucketName>-access-logs`. */
    readonly accessLogBucketName?: string;
    /** Days access logs are kept. 1-3650, default 365: a year of evidence of who read or deleted what. */
    readonly accessLogRetentionDays?: number;
    /** Tags for every taggable resource; the component adds `strongbox:backup-bucket` itself. Default none. */
    readonly tags?: Record<string, string>;
    /** `protect` the buckets and keys (see the file comment). Default true. */
    readonly protect?: boolean;
    /**
     * The BackupAuditor's roles in the backup account, when the stack runs one: the bucket policy lets the
     * auditor write receipts and the canary try to destroy its own objects, and nothing else
     * (`bucket-policy/audit.ts`). Default: none, and the policy has no audit statements.
     */
    readonly auditRoles?: AuditRoles;
    /**
     * Days the BackupAuditor locks each receipt (its `receiptRetentionDays`), read only with `auditRoles`. The
     * lifecycle then expires dumps under each writer's prefix only, receipts a day after this, and the canary's
     * objects a day after `retentionDays` (`lifecycle-rules.ts`). From `retentionDays` to `maxRetentionDays`;
     * default `BACKUP_AUDITOR_DEFAULTS.receiptRetentionDays` (400).
     */
    readonly receiptRetentionDays?: number;
}

/** Args with every default applied. */
export type ResolvedImmutableBackupBucketArgs = Omit<ImmutableBackupBucketArgs, "writers"> &
    Required<
        Pick<
            ImmutableBackupBucketArgs,
            | "retentionDays"
            | "expireAfterDays"
            | "minimumRetentionDays"
            | "maxRetentionDays"
            | "transitionDays"
            | "transitionStorageClass"
            | "abortIncompleteMultipartDays"
            | "keyPrefix"
            | "accessLogs"
            | "accessLogRetentionDays"
            | "tags"
            | "protect"
        >
    > & { readonly writers: readonly ResolvedBucketWriter[] };

/** Every default of `ImmutableBackupBucketArgs`; the stack config applies the same ones. */
export const IMMUTABLE_BACKUP_BUCKET_DEFAULTS = {
    retentionDays: limits.DEFAULT_RETENTION_DAYS,
    // Not `retentionDays`: S3 measures remaining retention when a request arrives, hours after a
    // client chose its retain-until date, so a minimum equal to the default would deny an explicit
    // default-length lock (replication carries each version's lock to the replica that way). The
    // floor still keeps every explicit lock >= 30 days. Writers send none: theirs is the default.
    minimumRetentionDays: limits.MIN_RETENTION_DAYS,
    maxRetentionDays: limits.MAX_RETENTION_DAYS,
    transitionDays: limits.DEFAULT_TRANSITION_DAYS,
    // Restorable in milliseconds, which keeps the restore time objective honest.
    transitionStorageClass: "GLACIER_IR" as TransitionStorageClass,
    abortIncompleteMultipartDays: limits.DEFAULT_ABORT_MULTIPART_DAYS,
    keyPrefix: DEFAULT_KEY_PREFIX,
    accessLogs: true,
    accessLogRetentionDays: 365,
    protect: true,
} as const;

/**
 * Current versions expire this many days after the default retention lapses unless `expireAfterDays` says
 * otherwise: a week in which a late `verify` still finds last month's dumps.
 */
export const DEFAULT_EXPIRY_MARGIN_DAYS = 7;
/** `expireAfterDays` must exceed `retentionDays` by at least this: an expiry no later than the lock is a config error. */
export const MIN_EXPIRY_MARGIN_DAYS = 1;

/** The fixed bounds of the whole-number args (a few are narrowed further by other args). */
export const IMMUTABLE_BACKUP_BUCKET_RANGES = {
    retentionDays: {
        min: limits.MIN_RETENTION_DAYS,
        max: limits.MAX_RETENTION_DAYS,
        minWhy: " (COMPLIANCE retention floor)",
    },
    minimumRetentionDays: { min: limits.MIN_RETENTION_DAYS, max: limits.MAX_RETENTION_DAYS },
    maxRetentionDays: { min: limits.MIN_RETENTION_DAYS, max: limits.MAX_RETENTION_DAYS },
    transitionDays: { min: 1, max: limits.MAX_RETENTION_DAYS },
    abortIncompleteMultipartDays: {
        min: limits.MIN_ABORT_MULTIPART_DAYS,
        max: limits.MAX_ABORT_MULTIPART_DAYS,
    },
    accessLogRetentionDays: { min: 1, max: limits.MAX_RETENTION_DAYS },
} as const satisfies Record<string, Range>;

export function resolveImmutableBackupBucketArgs(
    args: ImmutableBackupBucketArgs,
): ResolvedImmutableBackupBucketArgs {
    const d = IMMUTABLE_BACKUP_BUCKET_DEFAULTS;
    const retentionDays = args.retentionDays ?? d.retentionDays;
    const keyPrefix = args.keyPrefix ?? d.keyPrefix;
    return {
        ...args,
        retentionDays,
        expireAfterDays: args.expireAfterDays ?? retentionDays + DEFAULT_EXPIRY_MARGIN_DAYS,
        writers: args.writers.map((w) => ({ ...w, keyPrefix: w.keyPrefix ?? keyPrefix })),
        minimumRetentionDays: args.minimumRetentionDays ?? d.minimumRetentionDays,
        maxRetentionDays: args.maxRetentionDays ?? d.maxRetentionDays,
        transitionDays: args.transitionDays ?? d.transitionDays,
        transitionStorageClass: args.transitionStorageClass ?? d.transitionStorageClass,
        abortIncompleteMultipartDays: args.abortIncompleteMultipartDays ?? d.abortIncompleteMultipartDays,
        keyPrefix,
        accessLogs: args.accessLogs ?? d.accessLogs,
        accessLogRetentionDays: args.accessLogRetentionDays ?? d.accessLogRetentionDays,
        tags: args.tags ?? {},
        protect: args.protect ?? d.protect,
        receiptRetentionDays:
            args.auditRoles === undefined
                ? args.receiptRetentionDays
                : (args.receiptRetentionDays ?? BACKUP_AUDITOR_DEFAULTS.receiptRetentionDays),
    };
}

/** The default name of the replica bucket. */
export const replicaBucketName = (a: Pick<ImmutableBackupBucketArgs, "bucketName" | "replica">): string =>
    a.replica?.bucketName ?? `${a.bucketName}-replica`;

/** The default name of the access-log bucket. */
export const accessLogBucketName = (
    a: Pick<ImmutableBackupBucketArgs, "bucketName" | "accessLogBucketName">,
): string => a.accessLogBucketName ?? `${a.bucketName}-access-logs`;
