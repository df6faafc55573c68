export { listDumps, newestBackup, readManifest, type CatalogEntry } from "./catalog";
export { createS3Client, s3Endpoint } from "./clients";
export { kmsKeyProblem, kmsKeysMatch } from "./kms-key-id";
export { headObject, type LockExpectation, lockProblems } from "./lock-check";
export { lockAndCheck, type LockedObject, putLockedManifest } from "./locked-object";
export {
    ABORT_TIMEOUT_MS,
    type LockedUploadTarget,
    StreamingMultipartUpload,
    type UploadResult,
} from "./multipart-upload";
export { basePartSize, capacityFor, MAX_PARTS, partSizeFor } from "./part-size";
export { BucketNotLockedError, requireObjectLock } from "./preflight";
