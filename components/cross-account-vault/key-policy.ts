/**
 * The policies of the vault CMKs: source accounts may copy recovery points in through AWS Backup or
 * RDS, never decrypt; the sensitive vault's key also denies decryption to all but break-glass.
 */
import {
    checkKeyPolicyBaseArgs,
    KeyPolicyBaseArgs,
    keyPolicyBaseStatements,
} from "../common/key-policy-base";
import { ConditionBlock, PolicyDocument, PolicyStatement, policyDocument } from "../common/policy-document";
import { accountRoot, checkAccountIds, unique } from "../common/principals";

export interface VaultKeyPolicyArgs extends KeyPolicyBaseArgs {
    readonly sourceAccountIds: readonly string[];
    /** When set, source-account principals must also belong to this organization. */
    readonly organizationId?: string;
}

/** Ways to get plaintext out of a ciphertext under the key (ReEncryptFrom re-encrypts it to a key you hold). */
export const KEY_DECRYPT_ACTIONS: readonly string[] = ["kms:Decrypt", "kms:ReEncryptFrom"];

/** Only AWS Backup can assume it (IAM refuses to let anyone else); its path is fixed by AWS. */
export function backupServiceLinkedRole(accountId: string): string {
    return `arn:aws:iam::${accountId}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;
}

/** AWS Backup's endpoints in any region: the only service path through which the sensitive key decrypts. */
const BACKUP_VIA_SERVICE = "backup.*.amazonaws.com";

function vaultKeyStatements(a: VaultKeyPolicyArgs): PolicyStatement[] {
    checkKeyPolicyBaseArgs(a);
    checkAccountIds(a.sourceAccountIds, "sourceAccountIds");
    const statements = keyPolicyBaseStatements(a);
    if (a.sourceAccountIds.length === 0) {
        return statements;
    }
    const org: ConditionBlock =
        a.organizationId === undefined ? {} : { StringEquals: { "aws:PrincipalOrgID": a.organizationId } };
    const sources = {
        Principal: { AWS: unique(a.sourceAccountIds).map(accountRoot) },
        Resource: "*",
    } as const;
    statements.push(
        {
            // What a cross-account copy into the vault may need of the destination key, and only through
            // AWS Backup or RDS (RDS snapshots are copied by RDS itself). No Decrypt, no ReEncryptFrom.
            Sid: "AllowSourceAccountsCopyUse",
            Effect: "Allow",
            ...sources,
            Action: ["kms:Encrypt", "kms:ReEncryptTo", "kms:GenerateDataKey*", "kms:DescribeKey"],
            Condition: {
                StringLike: { "kms:ViaService": ["backup.*.amazonaws.com", "rds.*.amazonaws.com"] },
                ...org,
            },
        },
        {
            Sid: "AllowSourceAccountsGrantsForAwsResources",
            Effect: "Allow",
            ...sources,
            Action: "kms:CreateGrant",
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" }, ...org },
        },
    );
    return statements;
}

/** The general vault's CMK. */
export function buildVaultKeyPolicy(a: VaultKeyPolicyArgs): PolicyDocument {
    return policyDocument(vaultKeyStatements(a));
}

/**
 * The sensitive vault's CMK (its recovery points hold data such as SSNs): as the vault key, plus a deny on
 * decryption for everyone except
 * - the break-glass role, and AWS Backup's service-linked role, which only AWS Backup can assume and
 *   which performs copies into this account whatever service (RDS included) then calls KMS
 *   (`aws:PrincipalArn`);
 * - requests AWS Backup makes on a caller's behalf (`kms:ViaService` backup.*): copy-in, lifecycle and
 *   restore go through Backup, and the sensitive vault's access policy already refuses restore and
 *   copy-out to everyone but break-glass, so this path is gated there;
 * - AWS services calling with their own service principal (`aws:PrincipalIsAWSService`), e.g. a
 *   service using a grant it was given for an AWS resource.
 * Deliberately not exempt: `kms:ViaService` rds.*. Backup's RDS snapshots are visible to the RDS API,
 * and a direct RestoreDBInstanceFromDBSnapshot would bypass the vault policy; the key stops it. So a
 * break-glass RDS restore must run as (or pass) the break-glass role.
 * The three conditions are ANDed: the deny applies only when none of the exemptions holds.
 */
export function buildSensitiveVaultKeyPolicy(a: VaultKeyPolicyArgs): PolicyDocument {
    return policyDocument([
        ...vaultKeyStatements(a),
        {
            Sid: "DenyDecryptExceptBreakGlassAndBackup",
            Effect: "Deny",
            Principal: "*",
            Action: [...KEY_DECRYPT_ACTIONS],
            Resource: "*",
            Condition: {
                ArnNotEquals: {
                    "aws:PrincipalArn": [a.breakGlassRoleArn, backupServiceLinkedRole(a.accountId)],
                },
                StringNotLike: { "kms:ViaService": BACKUP_VIA_SERVICE },
                Bool: { "aws:PrincipalIsAWSService": "false" },
            },
        },
    ]);
}
