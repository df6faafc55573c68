import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { readBucketPolicy } from "../lib/bucket-policy";
import { validateEachBackupBucket } from "../lib/bucket-settings";
import { schemaOf } from "../lib/config";
import { conditionValues, coversAction, Statement } from "../lib/iam";
import { settingsOf } from "../lib/stack";
import { ENCRYPTION_TYPES } from "../lib/types";
import { isUnknown, list, plain, record, str } from "../lib/values";

const SSE_HEADER = "s3:x-amz-server-side-encryption";
const KEY_HEADER = "s3:x-amz-server-side-encryption-aws-kms-key-id";
const NOT_EQUALS = ["StringNotEquals", "StringNotEqualsIfExists", "StringNotLike", "StringNotLikeIfExists"];

/** Deny, to every principal, of `action`. */
function deniesToEveryone(s: Statement, action: string): boolean {
    return s.effect === "Deny" && s.principalIsEveryone && coversAction(s, action);
}

export function deniesInsecureTransport(statements: readonly Statement[]): boolean {
    return statements.some(
        (s) =>
            deniesToEveryone(s, "s3:*") &&
            s.actions.some((a) => a.toLowerCase() === "s3:*" || a === "*") &&
            (conditionValues(s, ["Bool", "BoolIfExists"], "aws:SecureTransport") ?? []).includes("false"),
    );
}

export function deniesNonKmsWrites(statements: readonly Statement[]): boolean {
    return statements.some((s) => {
        const allowed = conditionValues(s, NOT_EQUALS, SSE_HEADER);
        return (
            deniesToEveryone(s, "s3:PutObject") &&
            allowed !== undefined &&
            allowed.length > 0 &&
            allowed.every((v) => v.startsWith("aws:kms"))
        );
    });
}

/** The keys the policy lets writers name, from its deny of other keys; undefined when it has none. */
export function allowedWriteKeys(statements: readonly Statement[]): readonly string[] | undefined {
    for (const s of statements) {
        const allowed = conditionValues(s, NOT_EQUALS, KEY_HEADER);
        if (deniesToEveryone(s, "s3:PutObject") && allowed !== undefined) return allowed;
    }
    return undefined;
}

/** The KMS key the bucket encrypts with by default, when the stack says and it is known. */
function bucketKey(
    bucket: PolicyResource,
    resources: readonly PolicyResource[],
    all: readonly PolicyResource[],
): unknown {
    for (const sse of settingsOf(bucket, resources, ENCRYPTION_TYPES, all).found) {
        for (const rule of list(plain(sse.props).rules)) {
            const key = record(record(rule)?.applyServerSideEncryptionByDefault)?.kmsMasterKeyId;
            if (key !== undefined) return key;
        }
    }
    return undefined;
}

export const backupBucketPolicyGuardrails: StackValidationPolicy = {
    name: "backup-bucket-policy-guardrails",
    description:
        "Backup bucket policies deny requests without TLS, writes without SSE-KMS and writes naming another KMS key " +
        "(AWS Security Hub S3.5).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: validateEachBackupBucket((ctx, reportViolation) => {
        const { bucket, name, unknowns } = ctx;
        // This policy owns "has a bucket policy, and it is JSON"; the others that read it stay silent then.
        const read = readBucketPolicy(ctx, reportViolation, true);
        if (read === undefined) return;
        const { statements, urn } = read;
        if (!deniesInsecureTransport(statements)) {
            reportViolation(
                `bucket policy of backup bucket ${name} must deny "s3:*" to everyone when "aws:SecureTransport" is "false"`,
                urn,
            );
        }
        if (!deniesNonKmsWrites(statements)) {
            reportViolation(
                `bucket policy of backup bucket ${name} must deny s3:PutObject to everyone when "${SSE_HEADER}" is not "aws:kms"`,
                urn,
            );
        }
        const allowedKeys = allowedWriteKeys(statements);
        const key = bucketKey(bucket, ctx.resources, ctx.allBuckets);
        if (allowedKeys === undefined) {
            reportViolation(
                `bucket policy of backup bucket ${name} must deny s3:PutObject to everyone when "${KEY_HEADER}" is not the bucket's key`,
                urn,
            );
        } else if (isUnknown(key)) {
            unknowns.note(`KMS key of backup bucket ${name}`);
        } else if (str(key) !== undefined && !allowedKeys.includes(str(key)!)) {
            reportViolation(
                `bucket policy of backup bucket ${name} must allow writes only with the bucket's key "${str(key)}" ` +
                    `(it allows ${allowedKeys.map((k) => `"${k}"`).join(", ")})`,
                urn,
            );
        }
    }),
};
