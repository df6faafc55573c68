import { StackValidationPolicy } from "@pulumi/policy";
import { configOf, schemaOf } from "../lib/config";
import { backupBuckets, label, settingsOf } from "../lib/stack";
import { ENCRYPTION_TYPES } from "../lib/types";
import { list, plain, PreviewUnknowns, record, show, str } from "../lib/values";

/** SSE algorithms that encrypt with a KMS key. */
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/** `alias/aws/s3`, its ARN, or the bare `aws/s3`: the AWS managed key that every principal in the account can use. */
export function isAwsManagedS3Key(keyId: string): boolean {
    return /(^|:|\/)alias\/aws\/s3$/.test(keyId) || keyId === "aws/s3";
}

export const backupBucketKmsEncryption: StackValidationPolicy = {
    name: "backup-bucket-kms-encryption",
    description:
        "Backup buckets encrypt by default with SSE-KMS under a customer-managed key, with S3 Bucket Keys on " +
        "(seed 000: SSE-KMS with one CMK; AWS Security Hub S3.17).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: (args, reportViolation) => {
        const cfg = configOf(args);
        const unknowns = new PreviewUnknowns();
        const { buckets, undecided, all } = backupBuckets(args.resources, cfg);
        undecided.forEach((b) => unknowns.note(`tags of bucket ${label(b)}`));
        for (const bucket of buckets) {
            const name = label(bucket);
            const { found, unresolved } = settingsOf(bucket, args.resources, ENCRYPTION_TYPES, all);
            const rules = found.flatMap((r) =>
                list(plain(r.props).rules).map((rule) => ({ rule, urn: r.urn })),
            );
            // The deprecated inline form on the bucket itself (one `rule` block).
            const inline = record(record(plain(bucket.props).serverSideEncryptionConfiguration)?.rule);
            if (inline !== undefined) rules.push({ rule: inline, urn: bucket.urn });
            if (rules.length === 0) {
                if (unresolved.length > 0)
                    unresolved.forEach((r) =>
                        unknowns.note(`bucket of encryption configuration "${r.name}"`),
                    );
                else
                    reportViolation(
                        `backup bucket ${name} must have a BucketServerSideEncryptionConfiguration using SSE-KMS`,
                        bucket.urn,
                    );
                continue;
            }
            for (const { rule: raw, urn } of rules) {
                const rule = record(raw) ?? {};
                const byDefault = record(rule.applyServerSideEncryptionByDefault) ?? {};
                const algorithm = byDefault.sseAlgorithm;
                if (
                    !unknowns.check(algorithm, `sseAlgorithm of backup bucket ${name}`) &&
                    !KMS_ALGORITHMS.includes(str(algorithm) ?? "")
                ) {
                    reportViolation(
                        `default encryption of backup bucket ${name} must be SSE-KMS ("aws:kms"), not ${show(algorithm)}`,
                        urn,
                    );
                    continue;
                }
                const keyId = byDefault.kmsMasterKeyId;
                if (!unknowns.check(keyId, `kmsMasterKeyId of backup bucket ${name}`)) {
                    const key = str(keyId);
                    if (key === undefined || key === "") {
                        reportViolation(
                            `default encryption of backup bucket ${name} must name a customer-managed KMS key in \`kmsMasterKeyId\` ` +
                                `(without one S3 uses the AWS managed key aws/s3)`,
                            urn,
                        );
                    } else if (isAwsManagedS3Key(key)) {
                        reportViolation(
                            `default encryption of backup bucket ${name} must use a customer-managed KMS key, not ${show(key)}`,
                            urn,
                        );
                    }
                }
                if (
                    rule.bucketKeyEnabled !== true &&
                    !unknowns.check(rule.bucketKeyEnabled, `bucketKeyEnabled of backup bucket ${name}`)
                ) {
                    reportViolation(
                        `default encryption of backup bucket ${name} must set \`bucketKeyEnabled: true\``,
                        urn,
                    );
                }
            }
        }
        unknowns.throwIfAny();
    },
};
