/**
 * The policies of the vault CMKs. They grant the source accounts nothing, because a cross-account copy
 * never has the source account use the destination key:
 * - for RDS (a resource type AWS Backup does not fully manage) a recovery point keeps the database's
 *   own key; that *source* key must be a customer-managed key shared with the backup account, and
 *   "AWS Backup encrypts your copy with the customer managed key of your destination vault" in the
 *   destination account (re:Post "Why does my cross-account copy job fail in AWS Backup?"; AWS Storage
 *   Blog "How encryption works in AWS Backup": the source key "should be shared with the destination
 *   account service-linked role");
 * - so the destination key is used by this account's own AWS Backup service-linked role, which the
 *   root delegation lets IAM (its AWS managed policy) authorize.
 * The sensitive vault's key also denies decryption, and the grants that stand in for decryption, to
 * all but break-glass and AWS Backup's own roles.
 */
import {
    checkKeyPolicyBaseArgs,
    KeyPolicyBaseArgs,
    keyPolicyBaseStatements,
} from "../common/key-policy-base";
import { PolicyDocument, policyDocument } from "../common/policy-document";
import { roleAccount, unique } from "../common/principals";

export type VaultKeyPolicyArgs = KeyPolicyBaseArgs;

export interface SensitiveVaultKeyPolicyArgs extends KeyPolicyBaseArgs {
    /** The role break-glass passes to `start-restore-job` (see `defaultRestoreRole`). */
    readonly restoreRoleArn: string;
}

/** Ways to get plaintext out of a ciphertext under the key (ReEncryptFrom re-encrypts it to a key you hold). */
export const KEY_DECRYPT_ACTIONS: readonly string[] = ["kms:Decrypt", "kms:ReEncryptFrom"];

/** Only AWS Backup can assume it (IAM refuses to let anyone else); its path is fixed by AWS. */
export function backupServiceLinkedRole(accountId: string): string {
    return `arn:aws:iam::${accountId}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;
}

/** The role AWS Backup's console creates for jobs (`service-role/AWSBackupDefaultServiceRole`). */
export function defaultRestoreRole(accountId: string): string {
    return `arn:aws:iam::${accountId}:role/service-role/AWSBackupDefaultServiceRole`;
}

/** AWS Backup's endpoints in any region: the only service path through which the sensitive key decrypts. */
const BACKUP_VIA_SERVICE = "backup.*.amazonaws.com";

/** The general vault's CMK: root delegation, key administration, break-glass-only destruction. */
export function buildVaultKeyPolicy(a: VaultKeyPolicyArgs): PolicyDocument {
    checkKeyPolicyBaseArgs(a);
    return policyDocument(keyPolicyBaseStatements(a));
}

/**
 * The sensitive vault's CMK (its recovery points hold data such as SSNs): as the vault key, plus
 *
 * `DenyDecryptExceptBreakGlassAndBackup`, a deny on decryption for everyone except
 * - the break-glass role, and AWS Backup's service-linked role, which only AWS Backup can assume and
 *   which performs copies into this account whatever service (RDS included) then calls KMS
 *   (`aws:PrincipalArn`);
 * - requests AWS Backup makes on a caller's behalf (`kms:ViaService` backup.*): copy-in, lifecycle and
 *   restore go through Backup, and the sensitive vault's access policy already refuses restore and
 *   copy-out to everyone but break-glass, so this path is gated there;
 * - AWS services calling with their own service principal (`aws:PrincipalIsAWSService`), e.g. a
 *   service using a grant it was given for an AWS resource.
 * Deliberately not exempt: `kms:ViaService` rds.*. Backup's RDS snapshots are visible to the RDS API,
 * and a direct RestoreDBInstanceFromDBSnapshot would bypass the vault policy; the key stops it.
 * The three conditions are ANDed: the deny applies only when none of the exemptions holds.
 *
 * `DenyGrantsExceptBreakGlassAndBackup`: RDS restores a snapshot through a grant it creates with the
 * *caller's* permissions and then uses as its own service principal, never through the caller's
 * `kms:Decrypt` (so the decrypt deny alone would not stop a direct RestoreDBInstanceFromDBSnapshot on the
 * vault's snapshot, which the RDS API shows). Only break-glass, the service-linked role (copy-in) and the
 * restore role break-glass passes to AWS Backup may create grants. Key administrators lose the grants
 * that `kms:Create*` would otherwise give them.
 */
export function buildSensitiveVaultKeyPolicy(a: SensitiveVaultKeyPolicyArgs): PolicyDocument {
    checkKeyPolicyBaseArgs(a);
    roleAccount(a.restoreRoleArn, "restoreRoleArn");
    const backupRoles = [backupServiceLinkedRole(a.accountId)];
    return policyDocument([
        ...keyPolicyBaseStatements(a),
        {
            Sid: "DenyDecryptExceptBreakGlassAndBackup",
            Effect: "Deny",
            Principal: "*",
            Action: [...KEY_DECRYPT_ACTIONS],
            Resource: "*",
            Condition: {
                ArnNotEquals: { "aws:PrincipalArn": [a.breakGlassRoleArn, ...backupRoles] },
                StringNotLike: { "kms:ViaService": BACKUP_VIA_SERVICE },
                Bool: { "aws:PrincipalIsAWSService": "false" },
            },
        },
        {
            Sid: "DenyGrantsExceptBreakGlassAndBackup",
            Effect: "Deny",
            Principal: "*",
            Action: "kms:CreateGrant",
            Resource: "*",
            Condition: {
                ArnNotEquals: {
                    "aws:PrincipalArn": unique([a.breakGlassRoleArn, ...backupRoles, a.restoreRoleArn]),
                },
                Bool: { "aws:PrincipalIsAWSService": "false" },
            },
        },
    ]);
}
