/**
 * The bucket policy's rows for the runner's own writes: each call of an upload as S3 authorizes it,
 * conditional writes (no overwrites), encryption (SSE-KMS with our key, never SSE-C), lock headers and
 * the lock it may not change, and the read-back.
 */
import type { Row } from "../table";
import * as f from "../fixtures";

const { request: r, s3Put: put, DUMP_KEY: dump, MANIFEST_KEY: manifest } = f;
const allow = "AllowWriterDatabases0";

const uploads: Row[] = [
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", dump, put("CreateMultipartUpload")),
        expected: "Allow",
        sid: allow,
        reason: "CreateMultipartUpload: SSE-KMS with the CMK's ARN, no lock headers; it cannot carry If-None-Match",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", dump, put("UploadPart")),
        expected: "Allow",
        sid: allow,
        reason: "UploadPart: no headers at all, s3:ObjectCreationOperation false; it must pass",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", dump, put("CompleteMultipartUpload")),
        expected: "Allow",
        sid: allow,
        reason: "CompleteMultipartUpload with If-None-Match: * creates the dump only if the key is new",
    },
    {
        policy: "bucket",
        request: r(
            f.WRITER,
            "s3:PutObject",
            dump,
            put("CompleteMultipartUpload", { "s3:if-none-match": undefined }),
        ),
        expected: "ExplicitDeny",
        sid: "DenyObjectCreationWithoutIfNoneMatch",
        reason: "completing without If-None-Match would put a second (forged) version over a dump",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", manifest, put("PutObject")),
        expected: "Allow",
        sid: allow,
        reason: "the manifest's PutObject with If-None-Match: *",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", manifest, put("PutObject", { "s3:if-none-match": undefined })),
        expected: "ExplicitDeny",
        sid: "DenyObjectCreationWithoutIfNoneMatch",
        reason: "overwriting the newest manifest to point at a forged version",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", manifest, put("PutObject", { "s3:if-none-match": '"0a1b2c"' })),
        expected: "ExplicitDeny",
        sid: "DenyObjectCreationWithoutIfNoneMatch",
        reason: "If-None-Match with an ETag instead of *: not a create-only write",
    },
    {
        policy: "bucket",
        request: r(
            f.WRITER,
            "s3:PutObject",
            dump,
            put("PutObject", { "s3:if-none-match": undefined, "s3:if-match": '"0a1b2c"' }),
        ),
        expected: "ExplicitDeny",
        sid: "DenyObjectCreationWithoutIfNoneMatch",
        reason: "If-Match replaces a known version: an overwrite all the same",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:AbortMultipartUpload", dump),
        expected: "Allow",
        sid: allow,
        reason: "the runner aborts a failed upload",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:ListMultipartUploadParts", dump),
        expected: "Allow",
        sid: allow,
        reason: "multipart uploader lists its parts",
    },
];

const encryption: Row[] = [
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", dump, { ...put("PutObject"), "aws:SecureTransport": "false" }),
        expected: "ExplicitDeny",
        sid: "DenyInsecureTransport",
        reason: "plain HTTP is refused to everyone",
    },
    {
        policy: "bucket",
        request: r(f.VERIFIER, "s3:GetObject", dump, { "aws:SecureTransport": "false" }),
        expected: "ExplicitDeny",
        sid: "DenyInsecureTransport",
        reason: "reads too: the TLS deny covers s3:* on bucket and objects",
    },
    {
        policy: "bucket",
        request: r(
            f.WRITER,
            "s3:PutObject",
            dump,
            put("PutObject", {
                "s3:x-amz-server-side-encryption": "AES256",
                "s3:x-amz-server-side-encryption-aws-kms-key-id": undefined,
            }),
        ),
        expected: "ExplicitDeny",
        sid: "DenyNonKmsEncryptionHeader",
        reason: "SSE-S3 asked explicitly",
    },
    {
        policy: "bucket",
        request: r(
            f.WRITER,
            "s3:PutObject",
            dump,
            put("CreateMultipartUpload", { "s3:x-amz-server-side-encryption": "aws:kms:dsse" }),
        ),
        expected: "ExplicitDeny",
        sid: "DenyNonKmsEncryptionHeader",
        reason: "CreateMultipartUpload asking dual-layer SSE: only aws:kms is allowed",
    },
    {
        policy: "bucket",
        request: r(
            f.WRITER,
            "s3:PutObject",
            dump,
            put("PutObject", { "s3:x-amz-server-side-encryption-aws-kms-key-id": f.OTHER_KEY_ARN }),
        ),
        expected: "ExplicitDeny",
        sid: "DenyOtherKmsKey",
        reason: "SSE-KMS with a key we do not control",
    },
    {
        policy: "bucket",
        request: r(
            f.WRITER,
            "s3:PutObject",
            dump,
            put("PutObject", {
                "s3:x-amz-server-side-encryption-aws-kms-key-id": f.KEY_ARN.split("/").pop(),
            }),
        ),
        expected: "ExplicitDeny",
        sid: "DenyOtherKmsKey",
        reason: "the right key named by ID: S3 compares the ARN, so the runner must send the ARN",
    },
    {
        policy: "bucket",
        request: r(
            f.WRITER,
            "s3:PutObject",
            dump,
            put("PutObject", { "s3:x-amz-server-side-encryption-aws-kms-key-id": undefined }),
        ),
        expected: "ExplicitDeny",
        sid: "DenyKmsHeaderWithoutKeyId",
        reason: "aws:kms without a key ID would use the aws/s3 managed key",
    },
    {
        policy: "bucket",
        request: r(
            f.WRITER,
            "s3:PutObject",
            dump,
            put("CreateMultipartUpload", {
                "s3:x-amz-server-side-encryption": undefined,
                "s3:x-amz-server-side-encryption-aws-kms-key-id": undefined,
                "s3:x-amz-server-side-encryption-customer-algorithm": "AES256",
            }),
        ),
        expected: "ExplicitDeny",
        sid: "DenySseCustomerKeys",
        reason: "SSE-C carries no x-amz-server-side-encryption header: a dump only the writer's own key decrypts",
    },
    {
        policy: "bucket",
        request: r(
            f.WRITER,
            "s3:PutObject",
            dump,
            put("UploadPart", { "s3:x-amz-server-side-encryption-customer-algorithm": "AES256" }),
        ),
        expected: "ExplicitDeny",
        sid: "DenySseCustomerKeys",
        reason: "an UploadPart with SSE-C headers too",
    },
];

const locks: Row[] = [
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", dump, put("PutObject", f.lockHeaders(f.MIN_DAYS, "GOVERNANCE"))),
        expected: "ExplicitDeny",
        sid: "DenyNonComplianceLockMode",
        reason: "GOVERNANCE can be bypassed; only COMPLIANCE is immutable",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", dump, put("PutObject", f.lockHeaders(f.MIN_DAYS - 1))),
        expected: "ExplicitDeny",
        sid: "DenyRetentionBelowMinimum",
        reason: "lock header one day under the configured minimum",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", dump, put("PutObject", f.lockHeaders(f.MAX_DAYS + 1))),
        expected: "ExplicitDeny",
        sid: "DenyRetentionBeyondMaximum",
        reason: "lock header past the cap (denial of wallet)",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObjectRetention", dump, f.lockHeaders(f.MIN_DAYS)),
        expected: "ExplicitDeny",
        sid: "DenyRetentionChangesByWriters",
        reason: "writers hold no PutObjectRetention: S3 also requires it of an upload carrying lock headers, so the runner sends none",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObjectRetention", dump, f.lockHeaders(f.MAX_DAYS)),
        expected: "ExplicitDeny",
        sid: "DenyRetentionChangesByWriters",
        reason: "repeated extensions within the cap would keep a dump (and its bill) for ever",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObjectLegalHold", dump),
        expected: "ExplicitDeny",
        sid: "DenyRetentionChangesByWriters",
        reason: "a legal hold never lapses",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:GetObjectRetention", dump),
        expected: "Allow",
        sid: allow,
        reason: "lock read-back (HeadObject returns the lock only with this permission)",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:GetObject", dump),
        expected: "Allow",
        sid: allow,
        reason: "HeadObject and the checksum read-back",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:GetObjectVersion", dump),
        expected: "Allow",
        sid: allow,
        reason: "read-back of the stored version",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:GetBucketObjectLockConfiguration", f.BUCKET_ARN),
        expected: "Allow",
        sid: "AllowWritersReadLockConfiguration",
        reason: "the runner's preflight reads the bucket's default retention",
    },
    {
        policy: "bucket",
        request: r(f.SOURCE_OTHER_ROLE, "s3:GetBucketObjectLockConfiguration", f.BUCKET_ARN),
        expected: "ImplicitDeny",
        reason: "only the writers, not the rest of the source account",
    },
];

export const writeRows: Row[] = [...uploads, ...encryption, ...locks];
