/**
 * Key policies for the bucket CMK and the two vault CMKs. Roles are matched with `aws:PrincipalArn`
 * under an account principal, never named as principals (DESIGN.md: they may not exist yet).
 *
 * Every key keeps the root delegation: without it IAM policies in the backup account cannot grant
 * any use of the key, and AWS's own service-linked roles (Backup's copy and restore paths) rely on it.
 * The destructive operations are then taken back from everyone but the break-glass role by an
 * explicit deny, which no IAM policy or grant can override.
 */
import { ConditionBlock, PolicyDocument, PolicyStatement, policyDocument } from "./policy-document";
import { accountRoot, checkAccountIds, checkRolesInAccounts, roleAccount, unique } from "./principals";

export interface BackupKeyPolicyArgs {
    /** Backup account (its root gets the usual IAM delegation). */
    readonly accountId: string;
    readonly keyAdminRoleArns: readonly string[];
    readonly breakGlassRoleArn: string;
    readonly writerRoleArns: readonly string[];
    readonly sourceAccountIds: readonly string[];
    /** Service principals that use the key directly, e.g. "backup.amazonaws.com". Default: none. */
    readonly serviceUsers?: readonly string[];
}

export interface VaultKeyPolicyArgs {
    readonly accountId: string;
    readonly keyAdminRoleArns: readonly string[];
    readonly breakGlassRoleArn: string;
    readonly sourceAccountIds: readonly string[];
    /** When set, source-account principals must also belong to this organization. */
    readonly organizationId?: string;
}

/** What key administrators may do: manage, never use. Destructive ones are denied again below. */
const KEY_ADMIN_ACTIONS: readonly string[] = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
];

/** Losing the key loses every backup encrypted with it; only break-glass may do these. */
export const KEY_DESTRUCTIVE_ACTIONS: readonly string[] = [
    "kms:ScheduleKeyDeletion",
    "kms:DisableKey",
    "kms:PutKeyPolicy",
];

/** Ways to get plaintext out of a ciphertext under the key (ReEncryptFrom re-encrypts it to a key you hold). */
export const KEY_DECRYPT_ACTIONS: readonly string[] = ["kms:Decrypt", "kms:ReEncryptFrom"];

/** Only AWS Backup can assume it (IAM refuses to let anyone else); its path is fixed by AWS. */
export function backupServiceLinkedRole(accountId: string): string {
    return `arn:aws:iam::${accountId}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;
}

/** AWS Backup's endpoints in any region: the only service path through which the sensitive key decrypts. */
const BACKUP_VIA_SERVICE = "backup.*.amazonaws.com";

function checkCommon(a: {
    accountId: string;
    keyAdminRoleArns: readonly string[];
    breakGlassRoleArn: string;
}): void {
    checkAccountIds([a.accountId], "accountId");
    checkRolesInAccounts(a.keyAdminRoleArns, [a.accountId], "keyAdminRoleArns", "accountId");
    roleAccount(a.breakGlassRoleArn, "breakGlassRoleArn");
}

function commonStatements(a: {
    accountId: string;
    keyAdminRoleArns: readonly string[];
    breakGlassRoleArn: string;
}): PolicyStatement[] {
    const statements: PolicyStatement[] = [
        {
            Sid: "EnableRootAccountDelegation",
            Effect: "Allow",
            Principal: { AWS: accountRoot(a.accountId) },
            Action: "kms:*",
            Resource: "*",
        },
    ];
    if (a.keyAdminRoleArns.length > 0) {
        statements.push({
            Sid: "AllowKeyAdministration",
            Effect: "Allow",
            Principal: { AWS: accountRoot(a.accountId) },
            Action: [...KEY_ADMIN_ACTIONS],
            Resource: "*",
            Condition: { ArnLike: { "aws:PrincipalArn": [...a.keyAdminRoleArns] } },
        });
    }
    statements.push({
        // PutKeyPolicy is included because whoever can rewrite the policy can delete this deny first.
        // Consequence: key-policy updates (and KMS's lockout safety check on CreateKey/PutKeyPolicy)
        // must run as the break-glass role, or with the safety check bypassed by the component.
        Sid: "DenyKeyDestructionExceptBreakGlass",
        Effect: "Deny",
        Principal: "*",
        Action: [...KEY_DESTRUCTIVE_ACTIONS],
        Resource: "*",
        Condition: { ArnNotEquals: { "aws:PrincipalArn": a.breakGlassRoleArn } },
    });
    return statements;
}

/** The bucket CMK: the source runner roles encrypt through S3; nobody else outside the account uses it. */
export function buildBackupKeyPolicy(a: BackupKeyPolicyArgs): PolicyDocument {
    checkCommon(a);
    checkAccountIds(a.sourceAccountIds, "sourceAccountIds");
    checkRolesInAccounts(a.writerRoleArns, a.sourceAccountIds, "writerRoleArns", "sourceAccountIds");
    const statements = commonStatements(a);
    if (a.writerRoleArns.length > 0) {
        const writers = {
            Principal: { AWS: unique(a.sourceAccountIds).map(accountRoot) },
            Resource: "*",
        } as const;
        statements.push(
            {
                // kms:Decrypt is needed to write, not just to read: S3 decrypts the parts' data keys to
                // complete an SSE-KMS multipart upload (S3 User Guide, "Multipart upload and permissions").
                // The runner's read-back of the stored object needs it too. Only through S3, so the role
                // cannot decrypt arbitrary ciphertexts by calling KMS itself.
                Sid: "AllowWriterRolesUseViaS3",
                Effect: "Allow",
                ...writers,
                Action: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"],
                Condition: {
                    ArnLike: { "aws:PrincipalArn": [...a.writerRoleArns] },
                    StringLike: { "kms:ViaService": "s3.*.amazonaws.com" },
                },
            },
            {
                Sid: "AllowWriterRolesDescribeKey",
                Effect: "Allow",
                ...writers,
                Action: "kms:DescribeKey",
                Condition: { ArnLike: { "aws:PrincipalArn": [...a.writerRoleArns] } },
            },
        );
    }
    const services = a.serviceUsers ?? [];
    if (services.length > 0) {
        statements.push({
            // aws:SourceAccount: the service may use the key only for our own resources (confused deputy).
            Sid: "AllowServiceUse",
            Effect: "Allow",
            Principal: { Service: [...services] },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt", "kms:DescribeKey"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": a.accountId } },
        });
    }
    return policyDocument(statements);
}

function vaultKeyStatements(a: VaultKeyPolicyArgs): PolicyStatement[] {
    checkCommon(a);
    checkAccountIds(a.sourceAccountIds, "sourceAccountIds");
    const statements = commonStatements(a);
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
 * The sensitive vault's CMK (seed 003's SSN key): as the vault key, plus a deny on decryption for
 * everyone except
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
