import { StackValidationPolicy } from "@pulumi/policy";
import { BucketSettingSpecWithInline, validateEachBucketSetting } from "../lib/bucket-settings";
import { schemaOf } from "../lib/config";
import { ENCRYPTION_TYPES } from "../lib/types";
import { list, plain, record, show, str } from "../lib/values";

/** SSE algorithms that encrypt with a KMS key. */
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/** `alias/aws/s3`, its ARN, or the bare `aws/s3`: the AWS managed key that every principal in the account can use. */
export function isAwsManagedS3Key(keyId: string): boolean {
    return /(^|:|\/)alias\/aws\/s3$/.test(keyId) || keyId === "aws/s3";
}

/** A default-encryption rule and the resource that sets it (an encryption configuration, or the bucket). */
interface EncryptionRule {
    readonly rule: unknown;
    readonly urn: string;
}

const ENCRYPTION: BucketSettingSpecWithInline<EncryptionRule> = {
    types: ENCRYPTION_TYPES,
    mustHave: "a BucketServerSideEncryptionConfiguration using SSE-KMS",
    kind: "encryption configuration",
    gather: (found, bucket) => {
        const rules = found.flatMap((r) => list(plain(r.props).rules).map((rule) => ({ rule, urn: r.urn })));
        // The deprecated inline form on the bucket itself (one `rule` block).
        const inline = record(record(plain(bucket.props).serverSideEncryptionConfiguration)?.rule);
        if (inline !== undefined) rules.push({ rule: inline, urn: bucket.urn });
        return rules;
    },
};

export const backupBucketKmsEncryption: StackValidationPolicy = {
    name: "backup-bucket-kms-encryption",
    description:
        "Backup buckets encrypt by default with SSE-KMS under a customer-managed key, with S3 Bucket Keys on " +
        "(AWS Security Hub S3.17).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: validateEachBucketSetting(
        ENCRYPTION,
        ({ rule: raw, urn }, { name, unknowns }, reportViolation) => {
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
                return;
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
        },
    ),
};
