/**
 * What every Strongbox key policy (the bucket CMK, the replica's, both vault CMKs) starts with. Roles
 * are matched with `aws:PrincipalArn` under an account principal, never named as principals: a key
 * policy naming a role that does not exist yet is rejected by AWS as a whole.
 *
 * Every key keeps the root delegation: without it IAM policies in the backup account cannot grant
 * any use of the key, and AWS's own service-linked roles (Backup's copy and restore paths) rely on it.
 * The destructive operations are then taken back from everyone but the break-glass role by an
 * explicit deny, which no IAM policy or grant can override.
 */
import { PolicyStatement } from "./policy-document";
import { accountRoot, checkAccountIds, checkRolesInAccounts, roleAccount } from "./principals";

/** The backup account's side of every key policy. */
export interface KeyPolicyBaseArgs {
    /** Backup account (its root gets the usual IAM delegation). */
    readonly accountId: string;
    readonly keyAdminRoleArns: readonly string[];
    readonly breakGlassRoleArn: string;
}

/**
 * What key administrators may do: manage, never use. Destructive ones are denied again below. Not
 * `kms:Create*` (AWS's default key-administrator statement): on a key it also matches `kms:CreateGrant`,
 * and a grant gives any principal, in any account, use of the key without a key-policy change. Of the
 * `Create*` actions only `kms:CreateAlias` acts on an existing key.
 */
export const KEY_ADMIN_ACTIONS: readonly string[] = [
    "kms:CreateAlias",
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

/** Who may still create grants on a key that denies `kms:CreateGrant` to everyone else. */
export interface CreateGrantExemptions {
    /** Roles (matched by `aws:PrincipalArn`, exactly) that may create any grant: break-glass at least. */
    readonly roleArns: readonly string[];
    /**
     * Also allow grants that an AWS service creates for an AWS resource on a caller's behalf
     * (`kms:GrantIsForAWSResource`, KMS Developer Guide "Controlling access to grants"). Default false.
     */
    readonly grantsForAwsResources?: boolean;
}

/**
 * Denies `kms:CreateGrant` to everyone but `exempt`. The root delegation lets any IAM administrator of the
 * account call CreateGrant, and a grant can name any grantee (another account's role included) for any
 * cryptographic operation: a way to hand out a key's use that no key-policy review would see. Every key
 * that takes this statement uses the same Sid, so the policy pack and the tables find it by name.
 */
export function denyCreateGrantExcept(exempt: CreateGrantExemptions): PolicyStatement {
    return {
        Sid: "DenyCreateGrantExceptExempt",
        Effect: "Deny",
        Principal: "*",
        Action: "kms:CreateGrant",
        Resource: "*",
        Condition: {
            ArnNotEquals: { "aws:PrincipalArn": [...exempt.roleArns] },
            // BoolIfExists: a direct CreateGrant may carry no such key; it must still be denied.
            ...(exempt.grantsForAwsResources === true
                ? { BoolIfExists: { "kms:GrantIsForAWSResource": "false" } }
                : {}),
        },
    };
}

/** The builders' last line of defence: throws naming the field when a principal would be wrong. */
export function checkKeyPolicyBaseArgs(a: KeyPolicyBaseArgs): void {
    checkAccountIds([a.accountId], "accountId");
    checkRolesInAccounts(a.keyAdminRoleArns, [a.accountId], "keyAdminRoleArns", "accountId");
    roleAccount(a.breakGlassRoleArn, "breakGlassRoleArn");
}

/** Root delegation, key administration (when there are admins) and the break-glass-only deny. */
export function keyPolicyBaseStatements(a: KeyPolicyBaseArgs): PolicyStatement[] {
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
