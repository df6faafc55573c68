/**
 * What the bucket policy refuses to everyone but the writers (writes), to everyone (deletion), and to
 * everyone but the deployers and break-glass (the bucket's own configuration). S3 also lets the account's
 * root user put or delete the bucket policy whatever it says (S3 API Reference, DeleteBucketPolicy): the
 * evaluator does not model that exemption, so no row asks about root and bucket policies.
 */
import type { Row } from "../table";
import * as f from "../fixtures";

const { request: r, s3Put: put, DUMP_KEY: dump } = f;
const deleteVersion = { "s3:versionid": "3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY" };
const guard = "DenyBucketConfigurationChangesExceptDeployers";

const writers: Row[] = [
    {
        policy: "bucket",
        request: r(f.SOURCE_OTHER_ROLE, "s3:PutObject", dump, put("PutObject")),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "another role in the source account, perfect headers",
    },
    {
        policy: "bucket",
        request: r(f.STRANGER_SAME_NAME, "s3:PutObject", dump, put("PutObject")),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "the writer's role name in a foreign account",
    },
    {
        policy: "bucket",
        request: r(f.ADMIN, "s3:PutObject", dump, put("PutObject")),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "even backup-account admins do not write dumps",
    },
    {
        policy: "bucket",
        request: r(f.DEPLOYER, "s3:PutObject", dump, put("PutObject")),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "nor do the deployers",
    },
    {
        policy: "bucket",
        request: r(f.SOURCE_OTHER_ROLE, "s3:PutObjectRetention", dump, f.lockHeaders(f.MAX_DAYS)),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "nobody else extends retention either",
    },
    {
        policy: "bucket",
        request: r(f.BREAK_GLASS, "s3:PutObjectLegalHold", dump),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "nor places a legal hold, break-glass included",
    },
];

const deletion: Row[] = [
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:DeleteObjectVersion", dump, deleteVersion),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "the writer deletes an object version",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:DeleteObject", dump),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "a delete marker would hide the newest dump from verify",
    },
    {
        policy: "bucket",
        request: r(f.ADMIN, "s3:DeleteObjectVersion", dump),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "backup-account admin deletes a version (COMPLIANCE refuses it too)",
    },
    {
        policy: "bucket",
        request: r(f.BREAK_GLASS, "s3:DeleteObjectVersion", dump),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "no break-glass for deletion: COMPLIANCE has none either",
    },
    {
        policy: "bucket",
        request: r(f.ADMIN, "s3:BypassGovernanceRetention", dump),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "no governance bypass",
    },
    {
        policy: "bucket",
        request: r(f.VERIFIER, "s3:GetObject", dump),
        expected: "Allow",
        sid: "(same-account IAM policy)",
        reason: "the backup account's verifier reads through its IAM policy (assumed)",
    },
];

const configurationChange = (who: string, action: string, bucket = f.BUCKET_ARN) => r(who, action, bucket);

const configuration: Row[] = [
    {
        policy: "bucket",
        request: configurationChange(f.ADMIN, "s3:PutLifecycleConfiguration"),
        expected: "ExplicitDeny",
        sid: guard,
        reason: "an admin's lifecycle rule would put delete markers over every dump",
    },
    {
        policy: "bucket",
        request: configurationChange(f.DEPLOYER, "s3:PutLifecycleConfiguration"),
        expected: "Allow",
        sid: "(same-account IAM policy)",
        reason: "the deployer applies the stack's lifecycle (its IAM policy assumed)",
    },
    {
        policy: "bucket",
        request: configurationChange(f.ADMIN, "s3:PutBucketPolicy"),
        expected: "ExplicitDeny",
        sid: guard,
        reason: "an admin rewriting the policy would remove every guard in it",
    },
    {
        policy: "bucket",
        request: configurationChange(f.ADMIN, "s3:DeleteBucketPolicy"),
        expected: "ExplicitDeny",
        sid: guard,
        reason: "or deleting it",
    },
    {
        policy: "bucket",
        request: configurationChange(f.DEPLOYER, "s3:PutBucketPolicy"),
        expected: "Allow",
        sid: "(same-account IAM policy)",
        reason: "the deployer applies the policy `pulumi up` renders",
    },
    {
        policy: "bucket",
        request: configurationChange(f.BREAK_GLASS, "s3:PutBucketPolicy"),
        expected: "Allow",
        sid: "(same-account IAM policy)",
        reason: "so does break-glass",
    },
    ...[
        "s3:PutBucketObjectLockConfiguration",
        "s3:PutBucketVersioning",
        "s3:PutReplicationConfiguration",
        "s3:PutEncryptionConfiguration",
        "s3:PutBucketPublicAccessBlock",
        "s3:PutBucketOwnershipControls",
    ].map((action): Row => ({
        policy: "bucket",
        request: configurationChange(f.ADMIN, action),
        expected: "ExplicitDeny",
        sid: guard,
        reason: "an admin changing what the other statements rely on",
    })),
    {
        policy: "bucket",
        request: configurationChange(`${f.DEPLOYER}-old`, "s3:PutLifecycleConfiguration"),
        expected: "ExplicitDeny",
        sid: guard,
        reason: "a look-alike of the deployer role: whole ARNs are compared",
    },
    {
        policy: "bucket",
        request: configurationChange(f.WRITER, "s3:PutLifecycleConfiguration"),
        expected: "ExplicitDeny",
        sid: guard,
        reason: "a writer, cross-account, whatever its own account grants",
    },
    {
        policy: "bucket",
        request: configurationChange(f.ADMIN, "s3:GetLifecycleConfiguration"),
        expected: "Allow",
        sid: "(same-account IAM policy)",
        reason: "reading the configuration stays with IAM",
    },
    {
        policy: "replica",
        request: configurationChange(f.ADMIN, "s3:PutLifecycleConfiguration", f.REPLICA_BUCKET_ARN),
        expected: "ExplicitDeny",
        sid: guard,
        reason: "the replica guards its configuration the same way",
    },
    {
        policy: "replica",
        request: configurationChange(f.DEPLOYER, "s3:PutBucketPolicy", f.REPLICA_BUCKET_ARN),
        expected: "Allow",
        sid: "(same-account IAM policy)",
        reason: "and lets the deployer apply it",
    },
];

export const guardRows: Row[] = [...writers, ...deletion, ...configuration];
