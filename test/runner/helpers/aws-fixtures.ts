import {
    CreateBucketCommand,
    ListMultipartUploadsCommand,
    ListObjectVersionsCommand,
    PutBucketVersioningCommand,
    S3Client,
} from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";
import {
    createLockedBucket as createLockedBucketIn,
    createMotoKmsKey,
    type MotoServer,
    motoS3Client,
} from "../../../devtools";

export function s3For(moto: MotoServer): S3Client {
    return motoS3Client(moto.endpoint, moto.env.AWS_REGION);
}

export async function createKmsKey(moto: MotoServer): Promise<{ keyId: string; arn: string }> {
    return createMotoKmsKey(moto.endpoint, moto.env.AWS_REGION);
}

/** A fresh locked bucket with a unique name (see devtools/moto-fixtures.ts). */
export async function createLockedBucket(s3: S3Client, retentionDays: number): Promise<string> {
    const bucket = `strongbox-test-${randomUUID().slice(0, 8)}`;
    await createLockedBucketIn(s3, bucket, retentionDays);
    return bucket;
}

export async function createPlainBucket(s3: S3Client): Promise<string> {
    const bucket = `strongbox-plain-${randomUUID().slice(0, 8)}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    return bucket;
}

/** Versioned (so every write has a version id) but without Object Lock: what a bucket with a lost lock looks like. */
export async function createVersionedBucket(s3: S3Client): Promise<string> {
    const bucket = `strongbox-nolock-${randomUUID().slice(0, 8)}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
        new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }),
    );
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
