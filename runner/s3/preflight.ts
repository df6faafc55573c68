import { GetObjectLockConfigurationCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Logger } from "../log";

/**
 * Fails before any upload when the bucket has no Object Lock, because a dump written there could be
 * deleted by anyone with s3:DeleteObject. AWS would also reject the lock headers of the upload, but moto
 * silently drops them on multipart uploads, and failing early leaves nothing behind on either.
 * The stack grants the runner role s3:GetBucketObjectLockConfiguration, so access denied here means a
 * role that lacks that grant; it gets a warning, because the read-back after the upload still refuses an
 * object that is not locked.
 */
export async function requireObjectLock(s3: S3Client, bucket: string, log: Logger): Promise<void> {
    try {
        const response = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
        if (response.ObjectLockConfiguration?.ObjectLockEnabled !== "Enabled") {
            throw new BucketNotLockedError(bucket);
        }
    } catch (error) {
        if (error instanceof BucketNotLockedError) throw error;
        const name = (error as { name?: string }).name ?? "";
        if (name === "ObjectLockConfigurationNotFoundError") throw new BucketNotLockedError(bucket);
        if (name === "NoSuchBucket") {
            throw new Error(`bucket ${bucket} does not exist; check BACKUP_BUCKET / --bucket and the region`);
        }
        if (name === "AccessDenied" || name === "AccessDeniedException") {
            log.warn(
                "preflight-skipped",
                `cannot read the Object Lock configuration of ${bucket} (access denied): the runner role is ` +
                    "missing s3:GetBucketObjectLockConfiguration, which the PgDumpRunner role grants; relying " +
                    "on the read-back after the upload",
                { bucket },
            );
            return;
        }
        throw error;
    }
}

export class BucketNotLockedError extends Error {
    constructor(bucket: string) {
        super(
            `bucket ${bucket} does not have Object Lock enabled, so a dump there could be deleted; ` +
                "use the ImmutableBackupBucket (Object Lock is only set at bucket creation)",
        );
        this.name = "BucketNotLockedError";
    }
}
