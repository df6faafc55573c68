/**
 * The BackupAuditor's roles against the rendered bucket policy, and the report bucket's and key's policies.
 *
 * The canary may delete a version and shorten a retention under its own prefix: the bucket policy allows it there
 * (same-account IAM decides, and grants it), so on AWS the only thing that refuses it is Object Lock. COMPLIANCE
 * mode refuses both for a locked version, to every user (S3 User Guide, "How S3 Object Lock works"). This table
 * evaluates policies only: it cannot see the lock, so "Allow" on the canary's own objects means "left to the lock",
 * which is exactly what the canary is for. Everywhere else the canary, the auditor and everyone else gain nothing.
 */
import type { Row } from "../table";
import * as f from "../fixtures";

const {
    request: r,
    s3Put: put,
    DUMP_KEY: dump,
    MANIFEST_KEY: manifest,
    RECEIPT_KEY: receipt,
    CANARY_KEY: canary,
} = f;
const iam = "(same-account IAM policy)";
const version = { "s3:versionid": "3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY" };
/** Ask for one day of retention: a shortening, below every minimum. */
const shorten = f.lockHeaders(1);
/** The lock a receipt of verify or the drill is written with. */
const lockHeaders = f.lockHeaders(f.RECEIPT_DAYS);

const canaryRows: Row[] = [
    {
        policy: "bucket",
        request: r(f.CANARY, "s3:DeleteObjectVersion", canary, version),
        expected: "Allow",
        sid: iam,
        reason: "the canary deletes its own locked version: no policy refuses it, so only Object Lock can (not modelled here)",
    },
    {
        policy: "bucket",
        request: r(f.CANARY, "s3:PutObjectRetention", canary, shorten),
        expected: "Allow",
        sid: iam,
        reason: "it shortens its own COMPLIANCE retention: exempt from the minimum, so only Object Lock can refuse",
    },
    {
        policy: "bucket",
        request: r(f.CANARY, "s3:PutObject", canary, put("PutObject")),
        expected: "Allow",
        sid: iam,
        reason: "it writes its canary object, with If-None-Match and the bucket's encryption like everyone",
    },
    {
        policy: "bucket",
        request: r(f.CANARY, "s3:PutObject", receipt, put("PutObject")),
        expected: "Allow",
        sid: iam,
        reason: "and its receipt",
    },
    {
        policy: "bucket",
        request: r(f.CANARY, "s3:DeleteObjectVersion", dump, version),
        expected: "ExplicitDeny",
        sid: "DenyCanaryDestructionOutsideCanaryPrefix",
        reason: "the canary cannot delete a dump, whatever its IAM says",
    },
    {
        policy: "bucket",
        request: r(f.CANARY, "s3:DeleteObjectVersion", receipt, version),
        expected: "ExplicitDeny",
        sid: "DenyCanaryDestructionOutsideCanaryPrefix",
        reason: "nor a receipt",
    },
    {
        policy: "bucket",
        request: r(f.CANARY, "s3:PutObjectRetention", dump, f.lockHeaders(f.MAX_DAYS)),
        expected: "ExplicitDeny",
        sid: "DenyCanaryDestructionOutsideCanaryPrefix",
        reason: "nor change a dump's retention, either way",
    },
    {
        policy: "bucket",
        request: r(f.CANARY, "s3:PutObjectRetention", receipt, lockHeaders),
        expected: "ExplicitDeny",
        sid: "DenyCanaryDestructionOutsideCanaryPrefix",
        reason: "nor lock a receipt: its own receipts keep the bucket's default retention",
    },
    {
        policy: "bucket",
        request: r(f.CANARY, "s3:PutObjectRetention", canary, f.eventHold()),
        expected: "ExplicitDeny",
        sid: "DenyAuditEventHolds",
        reason: "nor put an event hold on its own object, which would keep it beyond any maximum",
    },
    {
        policy: "bucket",
        request: r(f.CANARY, "s3:PutObject", manifest, put("PutObject")),
        expected: "ExplicitDeny",
        sid: "DenyCanaryWritesOutsideItsPrefixes",
        reason: "nor write a forged manifest beside a dump",
    },
    {
        policy: "bucket",
        request: r(f.CANARY, "s3:DeleteObject", canary),
        expected: "ExplicitDeny",
        sid: "DenyCanaryDeleteMarkersAndHolds",
        reason: "a delete marker would test nothing about the lock: refused even on its own prefix",
    },
    {
        policy: "bucket",
        request: r(f.CANARY, "s3:PutObjectLegalHold", canary),
        expected: "ExplicitDeny",
        sid: "DenyCanaryDeleteMarkersAndHolds",
        reason: "and a legal hold would keep its object for ever",
    },
    {
        policy: "bucket",
        request: r(f.CANARY, "s3:PutObjectRetention", canary, f.lockHeaders(1, "GOVERNANCE")),
        expected: "ExplicitDeny",
        sid: "DenyNonComplianceLockMode",
        reason: "the attempt must ask for COMPLIANCE: a GOVERNANCE request is refused by policy, which proves nothing",
    },
    {
        policy: "replica",
        request: r(
            f.CANARY,
            "s3:DeleteObjectVersion",
            canary.replace(f.BUCKET_ARN, f.REPLICA_BUCKET_ARN),
            version,
        ),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "the canary's replicated objects are not its to delete",
    },
];

const auditorRows: Row[] = [
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObject", receipt, put("PutObject")),
        expected: "Allow",
        sid: iam,
        reason: "the auditor writes a receipt, once",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObject", receipt, put("PutObject", { "s3:if-none-match": undefined })),
        expected: "ExplicitDeny",
        sid: "DenyObjectCreationWithoutIfNoneMatch",
        reason: "a receipt cannot be overwritten either: a year of proofs nobody could have edited",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObject", dump, put("PutObject")),
        expected: "ExplicitDeny",
        sid: "DenyAuditorWritesOutsideReceipts",
        reason: "the auditor cannot write a dump",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObject", manifest, put("PutObject")),
        expected: "ExplicitDeny",
        sid: "DenyAuditorWritesOutsideReceipts",
        reason: "nor a manifest",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObject", receipt, put("PutObject", lockHeaders)),
        expected: "Allow",
        sid: iam,
        reason: "it writes a receipt with its own COMPLIANCE lock of receiptRetentionDays (a year of proofs)",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObjectRetention", receipt, lockHeaders),
        expected: "Allow",
        sid: iam,
        reason: "S3 authorizes that upload's lock headers as s3:PutObjectRetention too: allowed under the receipts prefix",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObjectRetention", dump, lockHeaders),
        expected: "ExplicitDeny",
        sid: "DenyAuditorRetentionOutsideReceipts",
        reason: "but never a dump's retention",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObject", dump, put("PutObject", lockHeaders)),
        expected: "ExplicitDeny",
        sid: "DenyAuditorWritesOutsideReceipts",
        reason: "nor an upload with a lock under a dump prefix",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObjectRetention", manifest, lockHeaders),
        expected: "ExplicitDeny",
        sid: "DenyAuditorRetentionOutsideReceipts",
        reason: "nor a manifest's",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObjectRetention", canary, f.lockHeaders(1)),
        expected: "ExplicitDeny",
        sid: "DenyAuditorRetentionOutsideReceipts",
        reason: "nor the canary's: only the canary tests the lock there",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObjectRetention", receipt, f.lockHeaders(f.MAX_DAYS + 1)),
        expected: "ExplicitDeny",
        sid: "DenyRetentionBeyondMaximum",
        reason: "extending a receipt is what it can still do, never beyond the bucket's maximum",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObject", receipt, put("PutObject", f.lockHeaders(f.MAX_DAYS + 1))),
        expected: "ExplicitDeny",
        sid: "DenyRetentionBeyondMaximum",
        reason: "nor writing one locked beyond it",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObjectRetention", receipt, f.eventHold()),
        expected: "ExplicitDeny",
        sid: "DenyAuditEventHolds",
        reason: "an event hold carries no retain-until date for the maximum to bound: refused",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObject", receipt, put("PutObject", f.eventHold())),
        expected: "ExplicitDeny",
        sid: "DenyAuditEventHolds",
        reason: "also on the upload",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObjectRetention", receipt, f.lockHeaders(1)),
        expected: "ExplicitDeny",
        sid: "DenyRetentionBelowMinimum",
        reason: "a shortening is refused by policy too (COMPLIANCE refuses it to everyone anyway)",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObjectRetention", receipt, f.lockHeaders(f.RECEIPT_DAYS, "GOVERNANCE")),
        expected: "ExplicitDeny",
        sid: "DenyNonComplianceLockMode",
        reason: "and a receipt is never GOVERNANCE-locked, which its holder could bypass",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:PutObjectLegalHold", receipt),
        expected: "ExplicitDeny",
        sid: "DenyAuditorLockChanges",
        reason: "nor a legal hold, which would keep a receipt for ever",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:DeleteObjectVersion", receipt, version),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "nor delete anything",
    },
    {
        policy: "bucket",
        request: r(f.AUDITOR, "s3:GetObjectVersion", dump, version),
        expected: "Allow",
        sid: iam,
        reason: "it reads dumps by version through its IAM policy",
    },
];

const nobodyElse: Row[] = [
    {
        policy: "bucket",
        request: r(f.ADMIN, "s3:DeleteObjectVersion", canary, version),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "the canary's exemption is the canary's: an admin still deletes nothing",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:DeleteObjectVersion", canary, version),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "nor a writer",
    },
    {
        policy: "bucket",
        request: r(f.CANARY.replace(f.BACKUP, f.SOURCE), "s3:DeleteObjectVersion", canary, version),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "the canary's role name in another account: the exemption compares whole ARNs",
    },
    {
        policy: "bucket",
        request: r(f.ADMIN, "s3:PutObject", receipt, put("PutObject")),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "nobody but the auditor's roles writes receipts",
    },
    {
        policy: "bucket",
        request: r(f.ADMIN, "s3:PutObjectRetention", receipt, lockHeaders),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "the auditor's lock on receipts is the auditor's: an admin locks nothing",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObjectRetention", receipt, lockHeaders),
        expected: "ExplicitDeny",
        sid: "DenyRetentionChangesByWriters",
        reason: "nor a writer",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", receipt, put("PutObject")),
        expected: "ExplicitDeny",
        sid: "DenyWriterWritesOutsidePrefix",
        reason: "a compromised writer cannot forge a receipt",
    },
];

const reports: Row[] = [
    {
        policy: "reportBucket",
        request: r(f.REPORTS_ROLE, "s3:PutObject", f.REPORT_KEY, {
            "s3:x-amz-acl": "bucket-owner-full-control",
        }),
        expected: "Allow",
        sid: "AllowBackupReportsWrite",
        reason: "AWS Backup Audit Manager delivers a report",
    },
    {
        policy: "reportBucket",
        request: r(f.ADMIN, "s3:PutObject", f.REPORT_KEY),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptBackupReports",
        reason: "nobody else writes a report, an admin included",
    },
    {
        policy: "reportBucket",
        request: r(f.REPORTS_ROLE, "s3:DeleteObjectVersion", f.REPORT_KEY, version),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "nobody deletes a report, its writer included",
    },
    {
        policy: "reportBucket",
        request: r(f.ADMIN, "s3:PutLifecycleConfiguration", f.REPORT_BUCKET_ARN),
        expected: "ExplicitDeny",
        sid: "DenyBucketConfigurationChangesExceptDeployers",
        reason: "an admin cannot expire the evidence with a lifecycle rule",
    },
    {
        policy: "reportKey",
        request: r(f.REPORTS_ROLE, "kms:GenerateDataKey", f.KEY_ARN, f.viaS3),
        expected: "Allow",
        sid: "AllowBackupReportsEncrypt",
        reason: "the report key lets the reports role encrypt",
    },
    {
        policy: "reportKey",
        request: r(f.ADMIN, "kms:ScheduleKeyDeletion", f.KEY_ARN),
        expected: "ExplicitDeny",
        sid: "DenyKeyDestructionExceptBreakGlass",
        reason: "the report key is guarded like every key",
    },
];

export const auditRows: Row[] = [...canaryRows, ...auditorRows, ...nobodyElse, ...reports];
