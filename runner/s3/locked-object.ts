import {
    DeleteObjectCommand,
    PutObjectCommand,
    PutObjectRetentionCommand,
    type S3Client,
} from "@aws-sdk/client-s3";
import type { Logger } from "../log";
import type { Manifest } from "../manifest";
import { headObject, lockProblems } from "./lock-check";

/** One stored object version that must end up COMPLIANCE-locked until `retainUntil`, under `kmsKeyId`. */
export interface LockedObject {
    bucket: string;
    key: string;
    versionId: string | undefined;
    kmsKeyId: string;
    retainUntil: Date;
}

/**
 * Sets the retention explicitly, then reads it back. On AWS the lock headers of CreateMultipartUpload
 * already apply and PutObjectRetention with the same date is a no-op; moto ignores lock headers on
 * multipart uploads, so without this call the object would stay unlocked there.
 */
export async function lockAndCheck(s3: S3Client, object: LockedObject, log: Logger): Promise<void> {
    const { bucket, key, versionId, kmsKeyId, retainUntil } = object;
    try {
        await s3.send(
            new PutObjectRetentionCommand({
                Bucket: bucket,
                Key: key,
                VersionId: versionId,
                Retention: { Mode: "COMPLIANCE", RetainUntilDate: retainUntil },
            }),
        );
    } catch (error) {
        log.warn("retention-put-failed", `PutObjectRetention failed: ${(error as Error).message}`, { key });
    }
    const head = await headObject(s3, bucket, key, versionId);
    const problems = lockProblems(head, { kmsKeyId, retainAtLeastUntil: retainUntil });
    if (problems.length === 0) return;
    // An unlocked object can (and must) be removed so it never looks like a backup; a locked one cannot.
    let removal = "it was deleted";
    try {
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    } catch (error) {
        removal =
            `it could not be deleted (${(error as Error).message}); no manifest was written, so verify, ` +
            "drill and list do not treat it as a backup";
    }
    throw new Error(
        `the stored dump ${bucket}/${key} (version ${versionId ?? "none"}) failed the read-back: ` +
            `${problems.join("; ")}. ${removal}. Check the bucket's Object Lock configuration and BACKUP_KMS_KEY_ID.`,
    );
}

/** Writes the manifest with the dump's lock and key in one request, then reads both back. */
export async function putLockedManifest(
    s3: S3Client,
    target: { bucket: string; key: string; kmsKeyId: string; retainUntil: Date },
    manifest: Manifest,
): Promise<void> {
    const { bucket, key, kmsKeyId, retainUntil } = target;
    const response = await s3.send(
        new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: `${JSON.stringify(manifest, null, 2)}\n`,
            ContentType: "application/json",
            ServerSideEncryption: "aws:kms",
            SSEKMSKeyId: kmsKeyId,
            BucketKeyEnabled: true,
            ObjectLockMode: "COMPLIANCE",
            ObjectLockRetainUntilDate: retainUntil,
            ChecksumAlgorithm: "SHA256",
        }),
    );
    const head = await headObject(s3, bucket, key, response.VersionId);
    const problems = lockProblems(head, { kmsKeyId, retainAtLeastUntil: retainUntil });
    if (problems.length > 0) {
        throw new Error(`the manifest ${bucket}/${key} failed the read-back: ${problems.join("; ")}`);
    }
}
