/**
 * The meaning table: each row is a request against a rendered prod policy, the decision AWS must
 * reach, and why. The test is policy-meaning.test.ts.
 * Decisions come from `authorize` (test/iam-eval): the resource policy, plus the assumption that the
 * principal's own IAM policy grants what it asks (so a row tests the resource policy, not IAM).
 * For principals in the backup account that means: where the resource policy neither allows nor
 * denies, S3 and Backup let IAM decide ("same-account IAM policy"), a KMS key needs its root
 * delegation. Explicit denies are decisive whoever the principal is.
 */
import { Decision, IamRequest } from "../iam-eval/evaluate";
import * as f from "./fixtures";
import { vaultGuardRows } from "./vault-guard-rows";

export interface Row {
    readonly policy: f.PolicyName;
    readonly request: IamRequest;
    readonly expected: Decision;
    /** The statement that must have decided (a Deny's Sid, or the Allow's). */
    readonly sid?: string;
    readonly reason: string;
}

const { request: r, uploadHeaders: h, DUMP_KEY: dump } = f;
const deleteVersion = { "s3:versionid": "3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY" };
const noHeaders = {};

const bucketRows: Row[] = [
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", dump, h()),
        expected: "Allow",
        sid: "AllowWriterRolesUnderPrefix",
        reason: "the runner's upload: TLS, SSE-KMS with the CMK's ARN, COMPLIANCE for the default retention",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", dump, { ...h(), "aws:SecureTransport": "false" }),
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
            h({
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
            h({ "s3:x-amz-server-side-encryption-aws-kms-key-id": f.OTHER_KEY_ARN }),
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
            h({ "s3:x-amz-server-side-encryption-aws-kms-key-id": "1234abcd-12ab-34cd-56ef-1234567890ab" }),
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
            h({ "s3:x-amz-server-side-encryption-aws-kms-key-id": undefined }),
        ),
        expected: "ExplicitDeny",
        sid: "DenyKmsHeaderWithoutKeyId",
        reason: "aws:kms without a key ID would use the aws/s3 managed key",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", dump, noHeaders),
        expected: "Allow",
        sid: "AllowWriterRolesUnderPrefix",
        reason: "no SSE or lock headers (also UploadPart's shape): the bucket's default SSE-KMS CMK and COMPLIANCE retention apply",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", dump, h({ "s3:object-lock-mode": "GOVERNANCE" })),
        expected: "ExplicitDeny",
        sid: "DenyNonComplianceLockMode",
        reason: "GOVERNANCE can be bypassed; only COMPLIANCE is immutable",
    },
    {
        policy: "bucket",
        request: r(
            f.WRITER,
            "s3:PutObject",
            dump,
            h({ "s3:object-lock-remaining-retention-days": String(f.MIN_DAYS - 1) }),
        ),
        expected: "ExplicitDeny",
        sid: "DenyRetentionBelowMinimum",
        reason: "one day under the configured minimum",
    },
    {
        policy: "bucket",
        request: r(
            f.WRITER,
            "s3:PutObject",
            dump,
            h({ "s3:object-lock-remaining-retention-days": String(f.MIN_DAYS) }),
        ),
        expected: "Allow",
        sid: "AllowWriterRolesUnderPrefix",
        reason: "exactly the minimum is enough",
    },
    {
        policy: "bucket",
        request: r(
            f.WRITER,
            "s3:PutObject",
            dump,
            h({ "s3:object-lock-remaining-retention-days": String(f.MAX_DAYS + 1) }),
        ),
        expected: "ExplicitDeny",
        sid: "DenyRetentionBeyondMaximum",
        reason: "explicit retention past the cap on upload (denial of wallet)",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", dump, noHeaders),
        expected: "Allow",
        reason: "UploadPart: authorized as s3:PutObject and carries no SSE or lock headers; it must pass",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", dump, h()),
        expected: "Allow",
        reason: "CreateMultipartUpload: s3:PutObject with the SSE and lock headers, like a single PUT",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", dump, h({ "s3:x-amz-server-side-encryption": "aws:kms:dsse" })),
        expected: "ExplicitDeny",
        sid: "DenyNonKmsEncryptionHeader",
        reason: "CreateMultipartUpload asking dual-layer SSE: only aws:kms is allowed",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:AbortMultipartUpload", dump),
        expected: "Allow",
        sid: "AllowWriterRolesUnderPrefix",
        reason: "the runner aborts a failed upload",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:ListMultipartUploadParts", dump),
        expected: "Allow",
        sid: "AllowWriterRolesUnderPrefix",
        reason: "multipart uploader lists its parts",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObjectRetention", dump, {
            "s3:object-lock-mode": "COMPLIANCE",
            "s3:object-lock-remaining-retention-days": String(f.MIN_DAYS),
        }),
        expected: "Allow",
        sid: "AllowWriterRolesUnderPrefix",
        reason: "the runner sets retention explicitly after completing",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObjectRetention", dump, {
            "s3:object-lock-mode": "COMPLIANCE",
            "s3:object-lock-remaining-retention-days": String(f.MAX_DAYS + 1),
        }),
        expected: "ExplicitDeny",
        sid: "DenyRetentionBeyondMaximum",
        reason: "PutObjectRetention beyond the cap",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObjectRetention", dump, {
            "s3:object-lock-mode": "GOVERNANCE",
            "s3:object-lock-remaining-retention-days": String(f.MIN_DAYS),
        }),
        expected: "ExplicitDeny",
        sid: "DenyNonComplianceLockMode",
        reason: "retention in GOVERNANCE mode",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:GetObjectRetention", dump),
        expected: "Allow",
        sid: "AllowWriterRolesUnderPrefix",
        reason: "lock read-back",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:GetObjectVersion", dump),
        expected: "Allow",
        sid: "AllowWriterRolesUnderPrefix",
        reason: "checksum read-back of the stored version",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", `${f.BUCKET_ARN}/other/appdb.sql.gz`, h()),
        expected: "ExplicitDeny",
        sid: "DenyWriterWritesOutsidePrefix",
        reason: "write outside the prefix",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", `${f.BUCKET_ARN}/${f.PREFIX}-evil/x.sql.gz`, h()),
        expected: "ExplicitDeny",
        sid: "DenyWriterWritesOutsidePrefix",
        reason: 'a look-alike prefix: the allow-list is "<prefix>/", slash included',
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:GetObject", `${f.BUCKET_ARN}/other/x`),
        expected: "ImplicitDeny",
        reason: "reads outside the prefix are not granted cross-account",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:ListBucket", f.BUCKET_ARN),
        expected: "ImplicitDeny",
        reason: "the writer does not list the bucket",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObjectLegalHold", dump),
        expected: "ImplicitDeny",
        reason: "legal holds are not the writer's business",
    },
    {
        policy: "bucket",
        request: r(f.SOURCE_OTHER_ROLE, "s3:PutObject", dump, h()),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "another role in the source account, perfect headers",
    },
    {
        policy: "bucket",
        request: r(f.STRANGER_SAME_NAME, "s3:PutObject", dump, h()),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "the writer's role name in a foreign account",
    },
    {
        policy: "bucket",
        request: r(f.ADMIN, "s3:PutObject", dump, h()),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "even backup-account admins do not write dumps",
    },
    {
        policy: "bucket",
        request: r(f.SOURCE_OTHER_ROLE, "s3:PutObjectRetention", dump, {
            "s3:object-lock-mode": "COMPLIANCE",
            "s3:object-lock-remaining-retention-days": String(f.MAX_DAYS),
        }),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "only writers may extend retention",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:DeleteObjectVersion", dump, deleteVersion),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "the writer deletes an object version",
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
        request: r(f.WRITER, "s3:DeleteObject", dump),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "a delete marker would hide the newest dump from verify",
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
    {
        policy: "bucketWithReplica",
        request: r(f.REPLICATION_ROLE, "s3:GetObjectVersionForReplication", dump),
        expected: "Allow",
        sid: "AllowReplicationRoleRead",
        reason: "the replication role reads what it replicates",
    },
    {
        policy: "bucketWithReplica",
        request: r(f.REPLICATION_ROLE, "s3:PutObject", dump, h()),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "but does not write into the source bucket",
    },
    {
        policy: "replica",
        request: r(f.REPLICATION_ROLE, "s3:ReplicateObject", f.REPLICA_DUMP_KEY),
        expected: "Allow",
        sid: "(same-account IAM policy)",
        reason: "replication writes with s3:Replicate*: same account, its IAM policy suffices",
    },
    {
        policy: "replica",
        request: r(f.REPLICATION_ROLE, "s3:ReplicateTags", f.REPLICA_DUMP_KEY),
        expected: "Allow",
        sid: "(same-account IAM policy)",
        reason: "and copies each version's tags",
    },
    {
        policy: "replica",
        request: r(f.VERIFIER, "s3:ReplicateObject", f.REPLICA_DUMP_KEY),
        expected: "ExplicitDeny",
        sid: "DenyReplicationExceptReplicationRole",
        reason: "another backup-account role cannot forge a replica, whatever its IAM policy grants",
    },
    {
        policy: "replica",
        request: r(f.ADMIN, "s3:ReplicateTags", f.REPLICA_DUMP_KEY),
        expected: "ExplicitDeny",
        sid: "DenyReplicationExceptReplicationRole",
        reason: "nor retag one, even as an admin",
    },
    {
        policy: "replica",
        request: r(f.BREAK_GLASS, "s3:ReplicateDelete", f.REPLICA_DUMP_KEY),
        expected: "ExplicitDeny",
        sid: "DenyReplicationExceptReplicationRole",
        reason: "nor replicate a delete marker that would hide the newest replica",
    },
    {
        policy: "replica",
        request: r(f.REPLICATION_ROLE_LOOKALIKE, "s3:ReplicateObject", f.REPLICA_DUMP_KEY),
        expected: "ExplicitDeny",
        sid: "DenyReplicationExceptReplicationRole",
        reason: "the role is matched by its whole ARN, not a prefix",
    },
    {
        policy: "replica",
        request: r(f.WRITER, "s3:ReplicateObject", f.REPLICA_DUMP_KEY),
        expected: "ExplicitDeny",
        sid: "DenyReplicationExceptReplicationRole",
        reason: "the source account's writer cannot bypass the replica's PutObject guard by replicating",
    },
    {
        policy: "replica",
        request: r("s3.amazonaws.com", "s3:ReplicateObject", f.REPLICA_DUMP_KEY),
        expected: "ExplicitDeny",
        sid: "DenyReplicationExceptReplicationRole",
        reason: "a request without aws:PrincipalArn (a service principal) is denied too",
    },
    {
        policy: "replica",
        request: r(f.WRITER, "s3:PutObject", f.REPLICA_DUMP_KEY, h()),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "with no writers configured, nobody writes directly into the replica",
    },
    {
        policy: "replica",
        request: r(f.ADMIN, "s3:DeleteObjectVersion", f.REPLICA_DUMP_KEY),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "the replica's versions are as undeletable as the primary's",
    },
];

const keyRows: Row[] = [
    {
        policy: "bucketKey",
        request: r(f.WRITER, "kms:GenerateDataKey", f.KEY_ARN, f.viaS3),
        expected: "Allow",
        sid: "AllowWriterRolesUseViaS3",
        reason: "S3 asks for a data key on the writer's behalf",
    },
    {
        policy: "bucketKey",
        request: r(f.WRITER, "kms:Decrypt", f.KEY_ARN, f.viaS3),
        expected: "Allow",
        sid: "AllowWriterRolesUseViaS3",
        reason: "CompleteMultipartUpload and the read-back decrypt through S3",
    },
    {
        policy: "bucketKey",
        request: r(f.WRITER, "kms:Decrypt", f.KEY_ARN),
        expected: "ImplicitDeny",
        reason: "calling KMS directly: only through S3",
    },
    {
        policy: "bucketKey",
        request: r(f.SOURCE_OTHER_ROLE, "kms:GenerateDataKey", f.KEY_ARN, f.viaS3),
        expected: "ImplicitDeny",
        reason: "another role in the source account",
    },
    {
        policy: "bucketKey",
        request: r(f.WRITER, "kms:DescribeKey", f.KEY_ARN),
        expected: "Allow",
        sid: "AllowWriterRolesDescribeKey",
        reason: "the runner may check the key it was given",
    },
    {
        policy: "bucketKey",
        request: r(f.WRITER, "kms:ScheduleKeyDeletion", f.KEY_ARN),
        expected: "ExplicitDeny",
        sid: "DenyKeyDestructionExceptBreakGlass",
        reason: "writers cannot destroy the key",
    },
    {
        policy: "bucketKey",
        request: r(f.ADMIN, "kms:ScheduleKeyDeletion", f.KEY_ARN),
        expected: "ExplicitDeny",
        sid: "DenyKeyDestructionExceptBreakGlass",
        reason: "key admin schedules deletion",
    },
    {
        policy: "bucketKey",
        request: r(f.BREAK_GLASS, "kms:ScheduleKeyDeletion", f.KEY_ARN),
        expected: "Allow",
        sid: "EnableRootAccountDelegation",
        reason: "break-glass, through root delegation and its IAM policy (assumed)",
    },
    {
        policy: "bucketKey",
        request: r(f.ADMIN, "kms:PutKeyPolicy", f.KEY_ARN),
        expected: "ExplicitDeny",
        sid: "DenyKeyDestructionExceptBreakGlass",
        reason: "rewriting the policy would remove the deny first",
    },
    {
        policy: "bucketKey",
        request: r(f.ADMIN, "kms:DisableKey", f.KEY_ARN),
        expected: "ExplicitDeny",
        sid: "DenyKeyDestructionExceptBreakGlass",
        reason: "a disabled key makes every dump unreadable",
    },
    {
        policy: "bucketKey",
        request: r(f.ADMIN, "kms:CancelKeyDeletion", f.KEY_ARN),
        expected: "Allow",
        reason: "admins may still undo a deletion",
    },
    {
        policy: "bucketKey",
        request: r(`arn:aws:iam::${f.BACKUP}:root`, "kms:ScheduleKeyDeletion", f.KEY_ARN),
        expected: "ExplicitDeny",
        sid: "DenyKeyDestructionExceptBreakGlass",
        reason: "not even the backup account's root user",
    },
    {
        policy: "bucketKey",
        request: r(f.ADMIN, "kms:Decrypt", f.KEY_ARN),
        expected: "Allow",
        sid: "EnableRootAccountDelegation",
        reason: "backup-account identities decrypt only if their IAM policy says so (root delegation)",
    },
    {
        policy: "vaultKey",
        request: r(f.BACKUP_SLR, "kms:GenerateDataKey", f.KEY_ARN, f.viaRds),
        expected: "Allow",
        sid: "EnableRootAccountDelegation",
        reason: "cross-account RDS snapshot copy: the backup account's own Backup role re-encrypts under the vault key",
    },
    {
        policy: "vaultKey",
        request: r(f.SOURCE_BACKUP_ROLE, "kms:GenerateDataKey", f.KEY_ARN, f.viaRds),
        expected: "ImplicitDeny",
        reason: "a source account never uses the vault key: no step of a cross-account copy needs it",
    },
    {
        policy: "vaultKey",
        request: r(f.SOURCE_BACKUP_ROLE, "kms:Decrypt", f.KEY_ARN, f.viaBackup),
        expected: "ImplicitDeny",
        reason: "the source account never decrypts the vault key",
    },
    {
        policy: "sensitiveKey",
        request: r(f.BREAK_GLASS, "kms:Decrypt", f.KEY_ARN),
        expected: "Allow",
        sid: "EnableRootAccountDelegation",
        reason: "break-glass decrypts (its IAM policy assumed)",
    },
    {
        policy: "sensitiveKey",
        request: r(f.ADMIN, "kms:Decrypt", f.KEY_ARN),
        expected: "ExplicitDeny",
        sid: "DenyDecryptExceptBreakGlassAndBackup",
        reason: "any other backup-account role, even with kms:* in IAM",
    },
    {
        policy: "sensitiveKey",
        request: r(f.ADMIN, "kms:Decrypt", f.KEY_ARN, f.viaRds),
        expected: "ExplicitDeny",
        sid: "DenyDecryptExceptBreakGlassAndBackup",
        reason: "a direct RDS restore of the vault's snapshot bypasses the vault policy; the key stops it",
    },
    {
        policy: "sensitiveKey",
        request: r(f.ADMIN, "kms:ReEncryptFrom", f.KEY_ARN),
        expected: "ExplicitDeny",
        sid: "DenyDecryptExceptBreakGlassAndBackup",
        reason: "re-encrypting to a key one holds is decryption",
    },
    {
        policy: "sensitiveKey",
        request: r(f.BACKUP_RESTORE_ROLE, "kms:Decrypt", f.KEY_ARN, f.viaBackup),
        expected: "Allow",
        sid: "EnableRootAccountDelegation",
        reason: "any role through AWS Backup: that path is gated by the vault policy (restore, copy-out denied)",
    },
    {
        policy: "sensitiveKey",
        request: r(f.BACKUP_SLR, "kms:Decrypt", f.KEY_ARN, f.viaRds),
        expected: "Allow",
        sid: "EnableRootAccountDelegation",
        reason: "Backup's service-linked role copying an RDS snapshot in: RDS calls KMS for it",
    },
    {
        policy: "sensitiveKey",
        request: r(
            f.BACKUP_SLR.replace("AWSServiceRoleForBackup", "Impostor"),
            "kms:Decrypt",
            f.KEY_ARN,
            f.viaRds,
        ),
        expected: "ExplicitDeny",
        sid: "DenyDecryptExceptBreakGlassAndBackup",
        reason: "a look-alike role under the service-role path is not the exemption",
    },
    {
        policy: "sensitiveKey",
        request: r(`rds.${f.cfg.region}.amazonaws.com`, "kms:Decrypt", f.KEY_ARN),
        expected: "ImplicitDeny",
        reason: "a service with its own principal is exempt from the deny (it may hold a grant, not modelled)",
    },
    {
        policy: "sensitiveKey",
        request: r(f.BACKUP_SLR, "kms:CreateGrant", f.KEY_ARN, f.viaRds),
        expected: "Allow",
        sid: "EnableRootAccountDelegation",
        reason: "copy-in still works: RDS creates its grant with the service-linked role's permissions",
    },
    {
        policy: "sensitiveKey",
        request: r(f.ADMIN, "kms:ScheduleKeyDeletion", f.KEY_ARN),
        expected: "ExplicitDeny",
        sid: "DenyKeyDestructionExceptBreakGlass",
        reason: "same destruction guard as every key",
    },
];

const vaultRows: Row[] = [
    {
        policy: "vault",
        request: r(f.SOURCE_BACKUP_ROLE, "backup:CopyIntoBackupVault", f.VAULT_ARN),
        expected: "Allow",
        sid: "AllowSourceAccountsCopyInto",
        reason: "the source account's backup plan copies in",
    },
    {
        policy: "vault",
        request: r(
            `arn:aws:iam::${f.OTHER}:role/service-role/AWSBackupDefaultServiceRole`,
            "backup:CopyIntoBackupVault",
            f.VAULT_ARN,
        ),
        expected: "ImplicitDeny",
        reason: "another account cannot fill our vault",
    },
    {
        policy: "vault",
        request: r(f.ADMIN, "backup:DeleteRecoveryPoint", f.RECOVERY_POINT),
        expected: "ExplicitDeny",
        sid: "DenyRecoveryPointDeletion",
        reason: "nobody deletes recovery points",
    },
    {
        policy: "vault",
        request: r(f.SOURCE_BACKUP_ROLE, "backup:DeleteRecoveryPoint", f.RECOVERY_POINT),
        expected: "ExplicitDeny",
        sid: "DenyRecoveryPointDeletion",
        reason: "not the source account either",
    },
    {
        policy: "vault",
        request: r(f.BREAK_GLASS, "backup:UpdateRecoveryPointLifecycle", f.RECOVERY_POINT),
        expected: "ExplicitDeny",
        sid: "DenyRecoveryPointDeletion",
        reason: "shortening a lifecycle is deletion on a timer",
    },
    {
        policy: "vault",
        request: r(f.ADMIN, "backup:StartRestoreJob", f.RECOVERY_POINT),
        expected: "Allow",
        sid: "(same-account IAM policy)",
        reason: "the general vault restores through IAM (assumed)",
    },
    {
        policy: "vaultInOrg",
        request: r(f.SOURCE_BACKUP_ROLE, "backup:CopyIntoBackupVault", f.VAULT_ARN, {
            "aws:PrincipalOrgID": f.ORG,
        }),
        expected: "Allow",
        sid: "AllowSourceAccountsCopyInto",
        reason: "source account inside the organization",
    },
    {
        policy: "vaultInOrg",
        request: r(f.SOURCE_BACKUP_ROLE, "backup:CopyIntoBackupVault", f.VAULT_ARN, {
            "aws:PrincipalOrgID": "o-zzzzzzzzzz",
        }),
        expected: "ImplicitDeny",
        reason: "source account that has left for another organization",
    },
    {
        policy: "vaultInOrg",
        request: r(
            `arn:aws:iam::${f.OTHER}:role/service-role/AWSBackupDefaultServiceRole`,
            "backup:CopyIntoBackupVault",
            f.VAULT_ARN,
            { "aws:PrincipalOrgID": f.ORG },
        ),
        expected: "ImplicitDeny",
        reason: "a sibling account in the organization: the organization narrows, never widens",
    },
    {
        policy: "sensitiveVault",
        request: r(f.BREAK_GLASS, "backup:StartRestoreJob", f.RECOVERY_POINT),
        expected: "Allow",
        sid: "(same-account IAM policy)",
        reason: "break-glass restores (its IAM policy assumed)",
    },
    {
        policy: "sensitiveVault",
        request: r(f.ADMIN, "backup:StartRestoreJob", f.RECOVERY_POINT),
        expected: "ExplicitDeny",
        sid: "DenyRestoreExceptBreakGlass",
        reason: "any other role, even an admin",
    },
    {
        policy: "sensitiveVault",
        request: r(f.ADMIN, "backup:StartCopyJob", f.RECOVERY_POINT),
        expected: "ExplicitDeny",
        sid: "DenyRestoreExceptBreakGlass",
        reason: "copying out to restore elsewhere is a restore",
    },
    {
        policy: "sensitiveVault",
        request: r(f.BREAK_GLASS, "backup:DeleteRecoveryPoint", f.RECOVERY_POINT),
        expected: "ExplicitDeny",
        sid: "DenyRecoveryPointDeletion",
        reason: "break-glass restores, it does not delete",
    },
    {
        policy: "sensitiveVault",
        request: r(f.SOURCE_BACKUP_ROLE, "backup:CopyIntoBackupVault", f.SENSITIVE_VAULT_ARN),
        expected: "Allow",
        sid: "AllowSourceAccountsCopyInto",
        reason: "copy-in still works",
    },
];

export const rows: readonly Row[] = [...bucketRows, ...keyRows, ...vaultRows, ...vaultGuardRows];
