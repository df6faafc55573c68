import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configOf, schemaOf } from "../lib/config";
import { conditionValues, coversAction, parsePolicy, Statement } from "../lib/iam";
import { backupBuckets, label, settingsOf } from "../lib/stack";
import { ENCRYPTION_TYPES, T } from "../lib/types";
import { isUnknown, list, plain, PreviewUnknowns, record, str } from "../lib/values";

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
        "(seed 000: bucket policy enforcing HTTPS, SSE-KMS and the specific CMK; AWS Security Hub S3.5).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: (args, reportViolation) => {
        const cfg = configOf(args);
        const unknowns = new PreviewUnknowns();
        const { buckets, undecided, all } = backupBuckets(args.resources, cfg);
        undecided.forEach((b) => unknowns.note(`tags of bucket ${label(b)}`));
        for (const bucket of buckets) {
            const name = label(bucket);
            const { found, unresolved } = settingsOf(bucket, args.resources, [T.bucketPolicy], all);
            if (found.length === 0) {
                if (unresolved.length > 0)
                    unresolved.forEach((r) => unknowns.note(`bucket of bucket policy "${r.name}"`));
                else reportViolation(`backup bucket ${name} must have a BucketPolicy`, bucket.urn);
                continue;
            }
            const statements: Statement[] = [];
            let readable = true;
            for (const policy of found) {
                const text = plain(policy.props).policy;
                if (unknowns.check(text, `policy of bucket policy "${policy.name}"`)) {
                    readable = false;
                    continue;
                }
                const parsed = parsePolicy(text);
                if (!parsed.ok) {
                    reportViolation(
                        `bucket policy of backup bucket ${name} must be a valid IAM policy document`,
                        policy.urn,
                    );
                    readable = false;
                    continue;
                }
                statements.push(...parsed.statements);
            }
            if (!readable) continue;
            const urn = found[0].urn;
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
            const key = bucketKey(bucket, args.resources, all);
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
        }
        unknowns.throwIfAny();
    },
};
