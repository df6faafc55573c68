/**
 * Whether the bucket policy the component would render fits S3's 20 KB, measured at preview, before the
 * key and the replication role exist: their ARNs are stood in for by the longest ARNs AWS could give them,
 * so a config that passes here cannot fail at `pulumi up` for the policy's size.
 */
import * as check from "../common/checks";
import type { ResolvedBucketWriter, ResolvedImmutableBackupBucketArgs } from "./args";
import { BUCKET_POLICY_MAX_BYTES, buildBucketPolicy, policyBytes } from "./bucket-policy";

/** The partition of `region` (when it is not known, the longest one the policy could then carry). */
function partitionOf(region: string | undefined): string {
    if (region === undefined || region.startsWith("us-gov-")) return "aws-us-gov";
    return region.startsWith("cn-") ? "aws-cn" : "aws";
}

/** The policy's size in bytes with `writers`, the key and replication role at their longest. */
export function worstCaseBucketPolicyBytes(
    a: ResolvedImmutableBackupBucketArgs,
    writers: readonly ResolvedBucketWriter[],
): number {
    const partition = partitionOf(a.region);
    const region = a.region ?? "us-gov-west-1";
    return policyBytes(
        buildBucketPolicy({
            bucketArn: `arn:${partition}:s3:::${a.bucketName}`,
            // Key ids are 36 characters, multi-Region ones ("mrk-" and 32) too.
            kmsKeyArn: a.kmsKeyArn ?? `arn:${partition}:kms:${region}:${a.accountId}:key/${"k".repeat(36)}`,
            writers,
            sourceAccountIds: a.sourceAccountIds,
            minimumRetentionDays: a.minimumRetentionDays,
            maxRetentionDays: a.maxRetentionDays,
            deployerRoleArns: a.deployerRoleArns,
            breakGlassRoleArn: a.breakGlassRoleArn,
            // Pulumi names the role (a random suffix); IAM role names have at most 64 characters.
            replicationRoleArn:
                a.replica === undefined
                    ? undefined
                    : `arn:${partition}:iam::${a.accountId}:role/${"r".repeat(64)}`,
            // Deterministic names, known here: measured as they will be rendered.
            auditRoles: a.auditRoles,
        }),
    );
}

/** The writers cut to their first `n` databases, in the order the config lists them. */
function firstDatabases(writers: readonly ResolvedBucketWriter[], n: number): ResolvedBucketWriter[] {
    let left = n;
    return writers
        .map((w) => {
            const databases = w.databases.slice(0, Math.max(0, left));
            left -= databases.length;
            return { ...w, databases };
        })
        .filter((w) => w.databases.length > 0);
}

/** A problem when the policy would exceed 20 KB, saying how many of the databases would fit. */
export function policySizeProblem(a: ResolvedImmutableBackupBucketArgs): check.MaybeProblem {
    const size = worstCaseBucketPolicyBytes(a, a.writers);
    if (size <= BUCKET_POLICY_MAX_BYTES) return undefined;
    const total = a.writers.reduce((n, w) => n + w.databases.length, 0);
    // The size grows with every database: the largest prefix of the list that fits, by bisection.
    let fits = 0;
    let over = total;
    while (over - fits > 1) {
        const mid = Math.floor((fits + over) / 2);
        if (worstCaseBucketPolicyBytes(a, firstDatabases(a.writers, mid)) <= BUCKET_POLICY_MAX_BYTES)
            fits = mid;
        else over = mid;
    }
    return check.problem(
        "writers",
        `give a bucket policy of ${size} bytes, over S3's ${BUCKET_POLICY_MAX_BYTES}-byte limit: ${fits} of the ` +
            `${total} databases fit; serve the others from a second backup bucket (another backup stack), or ` +
            "shorten the database names and key prefixes",
    );
}
