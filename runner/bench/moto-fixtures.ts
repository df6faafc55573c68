import { CreateBucketCommand, PutObjectLockConfigurationCommand, S3Client } from "@aws-sdk/client-s3";
import type { MotoServer } from "../devtools";

/**
 * A KMS key in moto through the raw JSON protocol: the project does not depend on @aws-sdk/client-kms,
 * and moto routes by the credential scope of the Authorization header without checking signatures.
 */
export async function createKmsKey(moto: MotoServer): Promise<string> {
    const response = await fetch(`${moto.endpoint}/`, {
        method: "POST",
        headers: {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "TrentService.CreateKey",
            Authorization:
                `AWS4-HMAC-SHA256 Credential=testing/20260101/${moto.env.AWS_REGION}/kms/aws4_request, ` +
                "SignedHeaders=host, Signature=0",
        },
        body: JSON.stringify({ Description: "strongbox bench CMK", KeyUsage: "ENCRYPT_DECRYPT" }),
    });
    const body = (await response.json()) as { KeyMetadata?: { Arn: string } };
    if (!response.ok || !body.KeyMetadata) throw new Error(`moto CreateKey failed: ${JSON.stringify(body)}`);
    return body.KeyMetadata.Arn;
}

/** A bucket with Object Lock and default COMPLIANCE retention, as the runner's preflight requires. */
export async function createLockedBucket(
    moto: MotoServer,
    bucket: string,
    retentionDays: number,
): Promise<void> {
    const s3 = new S3Client({
        endpoint: moto.endpoint,
        forcePathStyle: true,
        region: moto.env.AWS_REGION,
        credentials: {
            accessKeyId: moto.env.AWS_ACCESS_KEY_ID,
            secretAccessKey: moto.env.AWS_SECRET_ACCESS_KEY,
        },
    });
    try {
        await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
        await s3.send(
            new PutObjectLockConfigurationCommand({
                Bucket: bucket,
                ObjectLockConfiguration: {
                    ObjectLockEnabled: "Enabled",
                    Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: retentionDays } },
                },
            }),
        );
    } finally {
        s3.destroy();
    }
}
