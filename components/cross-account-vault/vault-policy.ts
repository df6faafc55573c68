/**
 * Access policies for the cross-account AWS Backup vaults. The vault lock (compliance mode) already
 * refuses early deletion; these denies also stop anyone shortening a recovery point's lifecycle and
 * make "only the source accounts copy in" explicit.
 */
import { PolicyDocument, PolicyStatement, policyDocument } from "../common/policy-document";
import { accountRoot, checkAccountIds, roleAccount, unique } from "../common/principals";

export interface VaultAccessPolicyArgs {
    readonly vaultArn: string;
    readonly sourceAccountIds: readonly string[];
    /** When set, copying principals must also belong to this organization (it narrows, never widens). */
    readonly organizationId?: string;
}

/** What gets a sensitive recovery point's data out of the vault: restoring it, or copying it elsewhere. */
export const SENSITIVE_EXFILTRATION_ACTIONS: readonly string[] = [
    "backup:StartRestoreJob",
    "backup:StartCopyJob",
];

function vaultStatements(a: VaultAccessPolicyArgs): PolicyStatement[] {
    checkAccountIds(a.sourceAccountIds, "sourceAccountIds");
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
    statements.push({
        // Recovery-point actions name the recovery point, not the vault; "*" here is scoped to this vault.
        Sid: "DenyRecoveryPointDeletion",
        Effect: "Deny",
        Principal: "*",
        Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"],
        Resource: "*",
    });
    return statements;
}

export function buildVaultAccessPolicy(a: VaultAccessPolicyArgs): PolicyDocument {
    return policyDocument(vaultStatements(a));
}

/**
 * The sensitive vault: restores and copies out are denied to everyone but the break-glass
 * role. The vault's key denies decryption to the same effect for paths that bypass AWS Backup.
 */
export function buildSensitiveVaultAccessPolicy(
    a: VaultAccessPolicyArgs & { breakGlassRoleArn: string },
): PolicyDocument {
    roleAccount(a.breakGlassRoleArn, "breakGlassRoleArn");
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
