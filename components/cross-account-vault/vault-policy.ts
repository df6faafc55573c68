/**
 * Access policies for the cross-account AWS Backup vaults. The vault lock (compliance mode) already
 * refuses early deletion; these denies also stop anyone shortening a recovery point's lifecycle or
 * rewriting the vault's own policy, and make "only the source accounts copy in" explicit.
 *
 * What AWS decides ("Vault access policies", AWS Backup Developer Guide): cross-account access for any
 * action other than `backup:CopyIntoBackupVault` is rejected whatever the vault policy says, so the
 * only thing a source account can ever be allowed here is copying in; the destination vault's policy
 * must allow that action to the source account (re:Post "Access Denied trying to call AWS Backup
 * service"). Vault access policies do not accept wildcards in `Action`, so every action is spelled out.
 */
import { PolicyDocument, PolicyStatement, policyDocument } from "../common/policy-document";
import { accountRoot, checkAccountIds, roleAccount, unique } from "../common/principals";
import { denyRecoveryPointDeletion } from "../common/vault-statements";

export interface VaultAccessPolicyArgs {
    readonly vaultArn: string;
    readonly sourceAccountIds: readonly string[];
    /** When set, copying principals must also belong to this organization (it narrows, never widens). */
    readonly organizationId?: string;
    /** With the deployers, the only principal that may change the vault's access policy or lock. */
    readonly breakGlassRoleArn: string;
    /** Roles that run `pulumi up` for the backup stack. Default: none (then only break-glass). */
    readonly deployerRoleArns?: readonly string[];
}

/** What gets a sensitive recovery point's data out of the vault: restoring it, or copying it elsewhere. */
export const SENSITIVE_EXFILTRATION_ACTIONS: readonly string[] = [
    "backup:StartRestoreJob",
    "backup:StartCopyJob",
];

/**
 * What an administrator would change to hide or expose the vault's backups: its access policy (remove
 * the denies below, or allow another account to copy in or out), and its lock during the cooling-off
 * period. AWS documents that a vault access policy can deny the API operations that target the vault
 * (re:Post "How do I assign policies to AWS Backup vaults"); the lock operations target the vault
 * (`backupVault` resource type in the Service Authorization Reference). Once the compliance lock's
 * `changeableForDays` have passed AWS refuses lock changes from anyone anyway; until then this deny is
 * what holds.
 */
export const VAULT_GUARD_ACTIONS: readonly string[] = [
    "backup:PutBackupVaultAccessPolicy",
    "backup:DeleteBackupVaultAccessPolicy",
    "backup:PutBackupVaultLockConfiguration",
    "backup:DeleteBackupVaultLockConfiguration",
];

function checkGuardians(a: VaultAccessPolicyArgs): string[] {
    roleAccount(a.breakGlassRoleArn, "breakGlassRoleArn");
    for (const arn of a.deployerRoleArns ?? []) roleAccount(arn, "deployerRoleArns");
    return unique([a.breakGlassRoleArn, ...(a.deployerRoleArns ?? [])]);
}

function vaultStatements(a: VaultAccessPolicyArgs): PolicyStatement[] {
    checkAccountIds(a.sourceAccountIds, "sourceAccountIds");
    const guardians = checkGuardians(a);
    const statements: PolicyStatement[] = [];
    if (a.sourceAccountIds.length > 0) {
        statements.push({
            // The source accounts are named (they exist before this stack); the organization, if given,
            // is an extra condition: an account that leaves the organization stops copying in.
            Sid: "AllowSourceAccountsCopyInto",
            Effect: "Allow",
            Principal: { AWS: unique(a.sourceAccountIds).map(accountRoot) },
            Action: "backup:CopyIntoBackupVault",
            Resource: a.vaultArn,
            ...(a.organizationId === undefined
                ? {}
                : { Condition: { StringEquals: { "aws:PrincipalOrgID": a.organizationId } } }),
        });
    }
    statements.push(denyRecoveryPointDeletion(), {
        // Compared by `aws:PrincipalArn` (the role, whatever the session): a role that does not exist yet
        // can be named, and a look-alike name in another path or account is not the same ARN.
        Sid: "DenyVaultPolicyAndLockChangesExceptDeployers",
        Effect: "Deny",
        Principal: "*",
        Action: [...VAULT_GUARD_ACTIONS],
        Resource: "*",
        Condition: { ArnNotEquals: { "aws:PrincipalArn": guardians } },
    });
    return statements;
}

export function buildVaultAccessPolicy(a: VaultAccessPolicyArgs): PolicyDocument {
    return policyDocument(vaultStatements(a));
}

/**
 * The sensitive vault: restores and copies out are denied to everyone but the break-glass
 * role. The vault's key denies decryption and grants to the same effect for paths that bypass AWS Backup.
 */
export function buildSensitiveVaultAccessPolicy(a: VaultAccessPolicyArgs): PolicyDocument {
    return policyDocument([
        ...vaultStatements(a),
        {
            Sid: "DenyRestoreExceptBreakGlass",
            Effect: "Deny",
            Principal: "*",
            Action: [...SENSITIVE_EXFILTRATION_ACTIONS],
            Resource: "*",
            Condition: { ArnNotEquals: { "aws:PrincipalArn": a.breakGlassRoleArn } },
        },
    ]);
}
