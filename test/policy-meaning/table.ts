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
import { auditRows } from "./rows/audit";
import { bucketKeyRows } from "./rows/bucket-key";
import { bucketRows } from "./rows/bucket";
import { vaultGuardRows } from "./vault-guard-rows";

export interface Row {
    readonly policy: f.PolicyName;
    readonly request: IamRequest;
    readonly expected: Decision;
    /** The statement that must have decided (a Deny's Sid, or the Allow's). */
    readonly sid?: string;
    readonly reason: string;
}

const { request: r } = f;

const keyRows: Row[] = [
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

export const rows: readonly Row[] = [
    ...bucketRows,
    ...bucketKeyRows,
    ...keyRows,
    ...vaultRows,
    ...vaultGuardRows,
    ...auditRows,
];
