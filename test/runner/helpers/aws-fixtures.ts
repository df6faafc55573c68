import {
    CreateBucketCommand,
    ListMultipartUploadsCommand,
    ListObjectVersionsCommand,
    PutObjectLockConfigurationCommand,
    S3Client,
} from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";
import type { MotoServer } from "../../../runner/devtools";

export function s3For(moto: MotoServer): S3Client {
    return new S3Client({
        endpoint: moto.endpoint,
        forcePathStyle: true,
        region: moto.env.AWS_REGION,
        credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    });
}

/**
 * Creates a KMS key in moto through the raw JSON protocol (the project does not depend on
 * @aws-sdk/client-kms just for tests). moto routes by the credential scope of the Authorization header
 * and does not check signatures.
 */
export async function createKmsKey(moto: MotoServer): Promise<{ keyId: string; arn: string }> {
    const response = await fetch(`${moto.endpoint}/`, {
        method: "POST",
        headers: {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "TrentService.CreateKey",
            Authorization:
                `AWS4-HMAC-SHA256 Credential=testing/20260101/${moto.env.AWS_REGION}/kms/aws4_request, ` +
                "SignedHeaders=host, Signature=0",
        },
        body: JSON.stringify({ Description: "strongbox test CMK", KeyUsage: "ENCRYPT_DECRYPT" }),
    });
    const body = (await response.json()) as { KeyMetadata?: { KeyId: string; Arn: string } };
    if (!response.ok || !body.KeyMetadata) throw new Error(`moto CreateKey failed: ${JSON.stringify(body)}`);
    return { keyId: body.KeyMetadata.KeyId, arn: body.KeyMetadata.Arn };
}

/**
 * A bucket like ImmutableBackupBucket as far as moto can model it: Object Lock with default COMPLIANCE
 * retention, versioning (implied by Object Lock), no bucket policy (moto's policy evaluation would deny
 * every plain-HTTP request; policy meaning is tested separately).
 */
export async function createLockedBucket(s3: S3Client, retentionDays: number): Promise<string> {
    const bucket = `strongbox-test-${randomUUID().slice(0, 8)}`;
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
    return bucket;
}

export async function createPlainBucket(s3: S3Client): Promise<string> {
    const bucket = `strongbox-plain-${randomUUID().slice(0, 8)}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    return bucket;
}

export async function allVersionKeys(s3: S3Client, bucket: string): Promise<string[]> {
    const response = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    return [...(response.Versions ?? []), ...(response.DeleteMarkers ?? [])].map((v) => v.Key ?? "");
}

export async function unfinishedUploads(s3: S3Client, bucket: string): Promise<number> {
    const response = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    return (response.Uploads ?? []).length;
}
