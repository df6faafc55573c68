/**
 * The pure validation of `ImmutableBackupBucket`'s arguments: every problem, with the
 * field and the fix, before a single resource is declared. The stack config runs it
 * on its own values too, and reports the same problems under its keys.
 */
import { parseKmsKeyArn } from "../../shared/aws-identifiers";
import { keyPrefixProblem } from "../../shared/object-key";
import * as check from "../common/checks";
import {
    accessLogBucketName,
    IA_CLASSES,
    IA_MIN_TRANSITION_DAYS,
    IMMUTABLE_BACKUP_BUCKET_RANGES,
    ImmutableBackupBucketArgs,
    MIN_EXPIRY_MARGIN_DAYS,
    NEVER_EXPIRE,
    replicaBucketName,
    resolveImmutableBackupBucketArgs,
    ResolvedImmutableBackupBucketArgs,
    TRANSITION_STORAGE_CLASSES,
} from "./args";
import { receiptRetentionRange } from "../backup-auditor/args";
import { auditRoleProblems } from "./bucket-policy/audit";
import { policySizeProblem } from "./policy-budget";
import { writerProblems } from "./writers";

/** Every problem with `args`, in the order of the fields; pure, so tests, the config and previews agree. */
export function immutableBackupBucketProblems(args: ImmutableBackupBucketArgs): check.Problem[] {
    const a = resolveImmutableBackupBucketArgs(args);
    const r = IMMUTABLE_BACKUP_BUCKET_RANGES;
    const retention = check.intInRange("retentionDays", a.retentionDays, r.retentionDays);
    const ia = IA_CLASSES.includes(a.transitionStorageClass);
    const p: check.MaybeProblem[] = [
        check.bucketName("bucketName", a.bucketName),
        check.accountId("accountId", a.accountId),
        a.region === undefined ? undefined : check.region("region", a.region),
        retention,
        check.intInRange("minimumRetentionDays", a.minimumRetentionDays, r.minimumRetentionDays) ??
            (retention === undefined && a.minimumRetentionDays > a.retentionDays
                ? check.problem(
                      "minimumRetentionDays",
                      `(${a.minimumRetentionDays}) must not exceed \`retentionDays\` (${a.retentionDays}): default retention would violate its own minimum`,
                  )
                : undefined),
        check.intInRange("maxRetentionDays", a.maxRetentionDays, r.maxRetentionDays) ??
            (retention === undefined && a.maxRetentionDays < a.retentionDays
                ? check.problem(
                      "maxRetentionDays",
                      `(${a.maxRetentionDays}) must be at least \`retentionDays\` (${a.retentionDays})`,
                  )
                : undefined),
        check.intInRange(
            "transitionDays",
            a.transitionDays,
            ia
                ? {
                      ...r.transitionDays,
                      min: IA_MIN_TRANSITION_DAYS,
                      minWhy: ` for ${a.transitionStorageClass}`,
                  }
                : r.transitionDays,
        ),
        check.intInRange(
            "abortIncompleteMultipartDays",
            a.abortIncompleteMultipartDays,
            r.abortIncompleteMultipartDays,
        ),
        TRANSITION_STORAGE_CLASSES.includes(a.transitionStorageClass)
            ? undefined
            : check.problem(
                  "transitionStorageClass",
                  `must be one of ${TRANSITION_STORAGE_CLASSES.join(", ")} (got ${JSON.stringify(a.transitionStorageClass)})`,
              ),
        check.intInRange("accessLogRetentionDays", a.accessLogRetentionDays, r.accessLogRetentionDays),
        problemOf("keyPrefix", keyPrefixProblem(a.keyPrefix)),
        ...expiryProblems(a, retention === undefined),
        ...check.sourceAccountIds("sourceAccountIds", a.sourceAccountIds, a.accountId),
        ...writerProblems(a.writers, a.sourceAccountIds, (i) => args.writers[i]?.keyPrefix !== undefined),
        ...check.nonEmptyUniqueList(
            "deployerRoleArns",
            a.deployerRoleArns ?? [],
            "deployer role ARN (a backup-account role that runs `pulumi up`)",
            (field, arn) => check.backupAccountRole(field, arn, a.accountId),
        ),
        ...keyProblems(a),
        ...replicaProblems(a),
        ...auditRoleProblems(a),
        receiptRetentionProblem(a, retention === undefined && a.maxRetentionDays >= a.retentionDays),
    ];
    if (a.accessLogs)
        p.push(derivedBucketName(a, "accessLogBucketName", a.accessLogBucketName, accessLogBucketName(a)));
    const problems = check.present(p);
    // The policy can only be rendered (and measured) from args without problems.
    return problems.length > 0 ? problems : check.present([policySizeProblem(a)]);
}

/** A dump must not expire while it is locked; `"never"` keeps it for ever. */
function expiryProblems(a: ResolvedImmutableBackupBucketArgs, retentionValid: boolean): check.MaybeProblem[] {
    const days = a.expireAfterDays;
    if (days === NEVER_EXPIRE) return [];
    if (typeof days !== "number" || !Number.isInteger(days) || days < 1)
        return [
            check.problem(
                "expireAfterDays",
                `must be a whole number of days or "${NEVER_EXPIRE}" (got ${JSON.stringify(days)})`,
            ),
        ];
    if (!retentionValid) return [];
    const least = a.retentionDays + MIN_EXPIRY_MARGIN_DAYS;
    return [
        days < least
            ? check.problem(
                  "expireAfterDays",
                  `(${days}) must be at least \`retentionDays\` + ${MIN_EXPIRY_MARGIN_DAYS} (${least}): nothing may ` +
                      `expire while it is locked; raise it, or set "${NEVER_EXPIRE}" to keep dumps for ever`,
              )
            : undefined,
        days <= a.transitionDays
            ? check.problem(
                  "transitionDays",
                  `(${a.transitionDays}) must be below \`expireAfterDays\` (${days}): dumps would expire before ` +
                      "they move to colder storage; lower it or raise `expireAfterDays`",
              )
            : undefined,
    ];
}

/**
 * The receipts' lock shapes the lifecycle only with `auditRoles`, in the BackupAuditor's bounds (its rule, so the
 * config reports one line when both components see the same value).
 */
function receiptRetentionProblem(
    a: ResolvedImmutableBackupBucketArgs,
    boundsValid: boolean,
): check.MaybeProblem {
    if (a.receiptRetentionDays === undefined) return undefined;
    if (a.auditRoles === undefined)
        return check.problem(
            "receiptRetentionDays",
            "means something only with `auditRoles` (the BackupAuditor writes the receipts): remove it, or pass them",
        );
    return boundsValid
        ? check.intInRange("receiptRetentionDays", a.receiptRetentionDays, receiptRetentionRange(a))
        : undefined;
}

/** Throws one error naming every bad field and its fix. */
export function validateImmutableBackupBucketArgs(args: ImmutableBackupBucketArgs): void {
    check.throwIfAny("ImmutableBackupBucket args", immutableBackupBucketProblems(args));
}

function problemOf(field: string, message: string | undefined): check.MaybeProblem {
    return message === undefined ? undefined : check.problem(field, message);
}

/** The given key must suit the bucket; the keys the component creates need administrators. */
function keyProblems(a: ResolvedImmutableBackupBucketArgs): check.MaybeProblem[] {
    const p: check.MaybeProblem[] = [];
    if (a.kmsKeyArn !== undefined) {
        const key = parseKmsKeyArn(a.kmsKeyArn);
        if (!key)
            p.push(
                check.problem(
                    "kmsKeyArn",
                    `must be a KMS key ARN "arn:aws:kms:<region>:<account>:key/<key-id>"; aliases are not accepted (got ${JSON.stringify(a.kmsKeyArn)})`,
                ),
            );
        else if (key.accountId !== a.accountId)
            p.push(
                check.problem(
                    "kmsKeyArn",
                    `belongs to account ${key.accountId}; use a key of the backup account ${a.accountId}`,
                ),
            );
        else if (a.region !== undefined && key.region !== a.region)
            p.push(
                check.problem(
                    "kmsKeyArn",
                    `is in ${key.region} but the bucket is in ${a.region}: S3 needs a key in the bucket's region`,
                ),
            );
    }
    // Keys are created for the bucket unless one is given, and always for a replica.
    if (a.kmsKeyArn === undefined || a.replica !== undefined) {
        p.push(
            ...check.nonEmptyUniqueList(
                "keyAdminRoleArns",
                a.keyAdminRoleArns ?? [],
                "key admin role ARN",
                (field, arn) => check.backupAccountRole(field, arn, a.accountId),
            ),
            a.breakGlassRoleArn === undefined
                ? check.problem(
                      "breakGlassRoleArn",
                      "is required when the component creates keys; pass the break-glass role's ARN",
                  )
                : check.backupAccountRole("breakGlassRoleArn", a.breakGlassRoleArn, a.accountId),
        );
    }
    return p;
}

function replicaProblems(a: ResolvedImmutableBackupBucketArgs): check.MaybeProblem[] {
    if (a.replica === undefined) return [];
    const name = replicaBucketName(a);
    return [
        check.region("replica.region", a.replica.region),
        a.region !== undefined && a.replica.region === a.region
            ? check.problem(
                  "replica.region",
                  `must differ from \`region\` ${a.region}: a same-region replica does not survive a regional outage`,
              )
            : undefined,
        derivedBucketName(a, "replica.bucketName", a.replica.bucketName, name),
        name === a.bucketName
            ? check.problem("replica.bucketName", "must differ from `bucketName`")
            : undefined,
    ];
}

/** Checks a bucket name that is either given (`field`) or derived from a valid `bucketName`. */
function derivedBucketName(
    a: ResolvedImmutableBackupBucketArgs,
    field: string,
    given: string | undefined,
    name: string,
): check.MaybeProblem {
    if (given !== undefined) return check.bucketName(field, given);
    // An invalid `bucketName` has its own problem; its derived names would only repeat it.
    if (check.bucketName("bucketName", a.bucketName) !== undefined) return undefined;
    return check.bucketName("bucketName", name) === undefined
        ? undefined
        : check.problem(
              "bucketName",
              `gives the invalid default name ${JSON.stringify(name)} (63 characters at most); shorten \`bucketName\` or set \`${field}\``,
          );
}
