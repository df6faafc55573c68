/**
 * What the dump job calls on the backup bucket, granted on both sides of the account boundary: by the
 * bucket policy in the backup stack (cross-account, both must allow) and by the runner role's IAM in the
 * source stack. One list, so the two grants cannot drift apart.
 */

/**
 * On objects under the writer's databases' prefixes: upload (incl. multipart), then read back the lock
 * and the bytes (HeadObject is authorized as s3:GetObject; it returns the lock only with
 * s3:GetObjectRetention). No s3:PutObjectRetention: the lock comes from the bucket's default retention,
 * and the permission would let a compromised writer extend retention for ever. No s3:DeleteObject: the
 * runner never deletes, and the bucket policy denies it.
 */
export const WRITER_OBJECT_ACTIONS = [
    "s3:PutObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:GetObjectRetention",
] as const;

/** On the bucket: the runner's preflight reads the bucket's default retention (GetObjectLockConfiguration). */
export const WRITER_BUCKET_ACTIONS = ["s3:GetBucketObjectLockConfiguration"] as const;
