/**
 * The arguments of `ImmutableBackupBucket`, their defaults, and the pure
 * validation that runs before any resource is declared. Apart from the
 * component so that each file reads in one sitting.
 */
import { TRANSITION_STORAGE_CLASSES } from "../../stacks/config";
import * as f from "../../stacks/config-formats";
import * as limits from "../../shared/limits";
import { DEFAULT_KEY_PREFIX } from "../../shared/object-key";
import * as check from "../common/checks";

/** Storage classes a transition may target: the config schema's list, one source of truth. */
export type TransitionStorageClass = (typeof TRANSITION_STORAGE_CLASSES)[number];

export interface ImmutableBackupBucketArgs {
    /** Bucket name; globally unique. The replica and log buckets derive their default names from it. */
    readonly bucketName: string;
    /** The backup account that owns the bucket and keys. */
    readonly accountId: string;
    /** Region of the bucket. Default: the provider's region. Checked against the key and the replica. */
    readonly region?: string;
    /** Roles of the source runners allowed to write dumps. At least one; each in `sourceAccountIds`. */
    readonly writerRoleArns: readonly string[];
    /** Accounts the writers live in. At least one; never the backup account itself. */
    readonly sourceAccountIds: readonly string[];
    /** Default Object Lock COMPLIANCE retention of every object, in days. 30-3650, default 35. */
    readonly retentionDays?: number;
    /** Lowest retention an explicit lock header may ask for. Default 30 (`MIN_RETENTION_DAYS`); at most `retentionDays`. */
    readonly minimumRetentionDays?: number;
    /** Highest retention a writer may set (a cap on the bill). Default 3650; at least `retentionDays`. */
    readonly maxRetentionDays?: number;
    /** Days before objects move to `transitionStorageClass`. Default 30 (at least 30 for the *_IA classes). */
    readonly transitionDays?: number;
    /** Colder storage class. Default GLACIER_IR (millisecond restores keep the RTO honest). */
    readonly transitionStorageClass?: TransitionStorageClass;
    /** Days after which incomplete multipart uploads are aborted. 1-7, default 7. */
    readonly abortIncompleteMultipartDays?: number;
    /** Prefix dumps are written under (the bucket policy allows writes only there). Default `layer3`. */
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
    /** A locked replica in another region with its own key. Default: none. Name default `<bucketName>-replica`. */
    readonly replica?: { readonly region: string; readonly bucketName?: string };
    /** Server access logs into a separate SSE-S3 bucket. Default true. */
    readonly accessLogs?: boolean;
    /** Name of the access-log bucket. Default `<bucketName>-access-logs`. */
    readonly accessLogBucketName?: string;
    /** Days access logs are kept. 1-3650, default 365. */
    readonly accessLogRetentionDays?: number;
    /** Tags for every taggable resource; the component adds `strongbox:backup-bucket` itself. Default none. */
    readonly tags?: Record<string, string>;
    /** `protect` the buckets and keys (see the file comment). Default true. */
    readonly protect?: boolean;
}

/** Args with every default applied. */
export type ResolvedImmutableBackupBucketArgs = ImmutableBackupBucketArgs &
    Required<
        Pick<
            ImmutableBackupBucketArgs,
            | "retentionDays"
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
    >;

const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 365;
const KEY_PREFIX = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** S3 refuses transitions to the infrequent-access classes before day 30. */
const IA_CLASSES: readonly string[] = ["STANDARD_IA", "ONEZONE_IA"];

export function resolveImmutableBackupBucketArgs(
    args: ImmutableBackupBucketArgs,
): ResolvedImmutableBackupBucketArgs {
    const retentionDays = args.retentionDays ?? limits.DEFAULT_RETENTION_DAYS;
    return {
        ...args,
        retentionDays,
        // Not `retentionDays`: S3 measures remaining retention when the request arrives, hours after
        // the runner chose its retain-until date, so a minimum equal to the default would deny the
        // runner's own PutObjectRetention. The floor still keeps every explicit header >= 30 days.
        minimumRetentionDays: args.minimumRetentionDays ?? limits.MIN_RETENTION_DAYS,
        maxRetentionDays: args.maxRetentionDays ?? limits.MAX_RETENTION_DAYS,
        transitionDays: args.transitionDays ?? limits.DEFAULT_TRANSITION_DAYS,
        transitionStorageClass: args.transitionStorageClass ?? "GLACIER_IR",
        abortIncompleteMultipartDays:
            args.abortIncompleteMultipartDays ?? limits.DEFAULT_ABORT_MULTIPART_DAYS,
        keyPrefix: args.keyPrefix ?? DEFAULT_KEY_PREFIX,
        accessLogs: args.accessLogs ?? true,
        accessLogRetentionDays: args.accessLogRetentionDays ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS,
        tags: args.tags ?? {},
        protect: args.protect ?? true,
    };
}

/** Throws one error naming every bad field and its fix; pure, so tests and previews fail the same way. */
export function validateImmutableBackupBucketArgs(args: ImmutableBackupBucketArgs): void {
    const a = resolveImmutableBackupBucketArgs(args);
    const p: check.Problem[] = [
        check.bucketName("bucketName", a.bucketName),
        check.accountId("accountId", a.accountId),
        a.region === undefined ? undefined : check.region("region", a.region),
        check.intInRange(
            "retentionDays",
            a.retentionDays,
            limits.MIN_RETENTION_DAYS,
            limits.MAX_RETENTION_DAYS,
        ),
        check.intInRange(
            "minimumRetentionDays",
            a.minimumRetentionDays,
            limits.MIN_RETENTION_DAYS,
            a.retentionDays,
            " (`retentionDays`: the default lock must satisfy the minimum)",
        ),
        check.intInRange("maxRetentionDays", a.maxRetentionDays, a.retentionDays, limits.MAX_RETENTION_DAYS),
        check.intInRange(
            "transitionDays",
            a.transitionDays,
            IA_CLASSES.includes(a.transitionStorageClass) ? 30 : 1,
            limits.MAX_RETENTION_DAYS,
            IA_CLASSES.includes(a.transitionStorageClass) ? ` for ${a.transitionStorageClass}` : "",
        ),
        check.intInRange(
            "abortIncompleteMultipartDays",
            a.abortIncompleteMultipartDays,
            limits.MIN_ABORT_MULTIPART_DAYS,
            limits.MAX_ABORT_MULTIPART_DAYS,
        ),
        TRANSITION_STORAGE_CLASSES.includes(a.transitionStorageClass)
            ? undefined
            : `\`transitionStorageClass\` must be one of ${TRANSITION_STORAGE_CLASSES.join(", ")} ` +
              `(got ${JSON.stringify(a.transitionStorageClass)})`,
        check.intInRange("accessLogRetentionDays", a.accessLogRetentionDays, 1, limits.MAX_RETENTION_DAYS),
        KEY_PREFIX.test(a.keyPrefix)
            ? undefined
            : `\`keyPrefix\` must be a lowercase path segment without "/" (got ${JSON.stringify(a.keyPrefix)})`,
        ...check.sourceAccountIds("sourceAccountIds", a.sourceAccountIds, a.accountId),
        ...check.nonEmptyUniqueList("writerRoleArns", a.writerRoleArns, "writer role ARN", (field, arn) => {
            const role = f.parseRoleArn(arn);
            return role && !a.sourceAccountIds.includes(role.accountId)
                ? `\`${field}\` is in account ${role.accountId}, which is not in \`sourceAccountIds\`; add the account or fix the ARN`
                : check.roleArn(field, arn);
        }),
    ];
    if (a.kmsKeyArn !== undefined) {
        const key = f.parseKmsKeyArn(a.kmsKeyArn);
        if (!key)
            p.push(
                `\`kmsKeyArn\` must be a KMS key ARN "arn:aws:kms:<region>:<account>:key/<key-id>"; aliases are not accepted (got ${JSON.stringify(a.kmsKeyArn)})`,
            );
        else if (key.accountId !== a.accountId)
            p.push(
                `\`kmsKeyArn\` belongs to account ${key.accountId}; use a key of the backup account ${a.accountId}`,
            );
        else if (a.region !== undefined && key.region !== a.region)
            p.push(`\`kmsKeyArn\` is in ${key.region}; S3 needs a key in the bucket's region ${a.region}`);
    }
    // Keys are created for the bucket unless one is given, and always for a replica.
    if (a.kmsKeyArn === undefined || a.replica !== undefined) {
        p.push(
            ...check.nonEmptyUniqueList(
                "keyAdminRoleArns",
                a.keyAdminRoleArns ?? [],
                "key admin role ARN (needed for the keys this component creates)",
                (field, arn) => check.roleArn(field, arn, a.accountId, "accountId"),
            ),
        );
        p.push(
            a.breakGlassRoleArn === undefined
                ? "`breakGlassRoleArn` is required when the component creates keys; pass the break-glass role's ARN"
                : check.roleArn("breakGlassRoleArn", a.breakGlassRoleArn, a.accountId, "accountId"),
        );
    }
    if (a.replica !== undefined) {
        const replicaName = a.replica.bucketName ?? `${a.bucketName}-replica`;
        p.push(check.region("replica.region", a.replica.region));
        if (a.region !== undefined && a.replica.region === a.region)
            p.push(
                `\`replica.region\` must differ from \`region\` (${a.region}): a same-region replica does not survive a regional outage`,
            );
        p.push(derivedBucketName("replica.bucketName", a.replica.bucketName, replicaName));
        if (replicaName === a.bucketName) p.push("`replica.bucketName` must differ from `bucketName`");
    }
    if (a.accessLogs) {
        const logName = a.accessLogBucketName ?? `${a.bucketName}-access-logs`;
        p.push(derivedBucketName("accessLogBucketName", a.accessLogBucketName, logName));
    }
    check.throwIfAny("ImmutableBackupBucket args", p);
}

/** Checks a bucket name that is either given (`field`) or derived from `bucketName`. */
function derivedBucketName(field: string, given: string | undefined, name: string): check.Problem {
    if (given !== undefined) return check.bucketName(field, given);
    return check.bucketName("bucketName", name) === undefined
        ? undefined
        : `\`bucketName\` gives the invalid default name ${JSON.stringify(name)} (63 characters at most); ` +
              `shorten \`bucketName\` or set \`${field}\``;
}
