export { catalogDatabase, catalogKey, type CatalogEntry, listVersions } from "./catalog";
export { createS3Client, s3Endpoint } from "./clients";
export {
    inspectDump,
    type InspectedDump,
    MAX_MANIFEST_BYTES,
    manifestForVersion,
    readManifestVersion,
} from "./inspect";
export { kmsKeyProblem, kmsKeysMatch } from "./kms-key-id";
export { headObject, type LockExpectation, lockProblems } from "./lock-check";
export { CLOCK_SLACK_MS } from "./clock-slack";
export { alreadyExistsMessage, IF_NONE_MATCH_ANY, isAlreadyExists } from "./conditional-write";
export { confirmLocked, putManifest, type WrittenVersion } from "./locked-object";
export {
    ABORT_TIMEOUT_MS,
    StreamingMultipartUpload,
    type UploadResult,
    type UploadTarget,
} from "./multipart-upload";
export { basePartSize, capacityFor, MAX_PARTS, partSizeFor } from "./part-size";
export { BucketNotLockedError, requireObjectLock } from "./preflight";
export {
    type DeleteMarker,
    describeVersions,
    dumpState,
    type DumpState,
    manifestDisagreements,
    markerFindings,
    type StoredVersion,
    structuralSuspicions,
} from "./suspicions";
