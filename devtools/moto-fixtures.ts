/**
 * The backup account's side as far as moto models it: a KMS key and an Object Lock bucket with
 * default COMPLIANCE retention. Shared by the runner tests, the buildspec test and the benchmark.
 */
import { CreateBucketCommand, PutObjectLockConfigurationCommand, S3Client } from "@aws-sdk/client-s3";

/** moto accepts any credentials; path-style because moto serves every bucket on one host. */
export function motoS3Client(endpoint: string, region: string): S3Client {
    return new S3Client({
        endpoint,
        forcePathStyle: true,
        region,
        credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    });
}

/**
 * Creates a KMS key through KMS's raw JSON protocol: the project does not depend on
 * @aws-sdk/client-kms just for this, and moto routes by the credential scope of the
 * Authorization header without checking signatures.
 */
export async function createMotoKmsKey(
    endpoint: string,
    region: string,
    description = "strongbox test CMK",
): Promise<{ keyId: string; arn: string }> {
    const response = await fetch(`${endpoint}/`, {
        method: "POST",
        headers: {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "TrentService.CreateKey",
            Authorization:
                `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/kms/aws4_request, ` +
                "SignedHeaders=host, Signature=0",
        },
        body: JSON.stringify({ Description: description, KeyUsage: "ENCRYPT_DECRYPT" }),
    });
    const body = (await response.json()) as { KeyMetadata?: { KeyId: string; Arn: string } };
    if (!response.ok || !body.KeyMetadata) throw new Error(`moto CreateKey failed: ${JSON.stringify(body)}`);
    return { keyId: body.KeyMetadata.KeyId, arn: body.KeyMetadata.Arn };
}

/**
 * A bucket like ImmutableBackupBucket as far as moto can model it: Object Lock with default
 * COMPLIANCE retention (versioning comes with Object Lock). No bucket policy: moto's policy
 * evaluation would deny every plain-HTTP request; policy meaning is tested separately.
 */
export async function createLockedBucket(s3: S3Client, bucket: string, retentionDays: number): Promise<void> {
    const region = await s3.config.region();
    await s3.send(
        new CreateBucketCommand({
            Bucket: bucket,
            ObjectLockEnabledForBucket: true,
            // us-east-1 is the one region S3 refuses an explicit LocationConstraint for.
            ...(region === "us-east-1"
                ? {}
                : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
        }),
    );
    await s3.send(
        new PutObjectLockConfigurationCommand({
            Bucket: bucket,
            ObjectLockConfiguration: {
                ObjectLockEnabled: "Enabled",
                Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: retentionDays } },
            },
        }),
    );
}
