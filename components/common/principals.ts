/**
 * How Strongbox names principals in resource policies. A bucket or key policy must not name a role
 * that may not exist yet (AWS rejects the whole policy as having an invalid principal, and the
 * source stack's runner role is created after the backup stack), so policies name accounts and
 * narrow to roles with `aws:PrincipalArn`, which is only compared, never resolved.
 *
 * The `check...` functions are the policy builders' last line of defence: they throw on the first
 * bad value, after the components' validators have reported every problem.
 */
import { ACCOUNT_ID, parseRoleArn } from "../../shared/aws-identifiers";

export function accountRoot(accountId: string): string {
    return `arn:aws:iam::${accountId}:root`;
}

/** The account of an IAM role ARN; throws naming `field` when the ARN is not one. */
export function roleAccount(roleArn: string, field: string): string {
    const role = parseRoleArn(roleArn);
    if (!role) {
        throw new Error(
            `\`${field}\` must be IAM role ARNs like arn:aws:iam::123456789012:role/name (got "${roleArn}")`,
        );
    }
    return role.accountId;
}

export function checkAccountIds(ids: readonly string[], field: string): void {
    for (const id of ids) {
        if (!ACCOUNT_ID.test(id)) {
            throw new Error(`\`${field}\` must hold 12-digit AWS account IDs (got "${id}")`);
        }
    }
}

/**
 * The rule: a role named in a policy must live in one of the accounts the policy names as principals
 * (writers in the source accounts, key admins in the backup account), because the policy's Allow is
 * granted to those accounts and narrowed to the role; a role elsewhere would be silently locked out.
 * Says why `roleArn` breaks it (to be read after the role's field), or undefined when it does not
 * (including when it is no role ARN at all, which is another check's message).
 */
export function roleOutsideAccounts(
    roleArn: string,
    accountIds: readonly string[],
    accountsField: string,
): string | undefined {
    const role = parseRoleArn(roleArn);
    if (!role || accountIds.includes(role.accountId)) return undefined;
    return (
        `is in account ${role.accountId}, which is not in \`${accountsField}\` (${accountIds.join(", ")}); ` +
        "fix the ARN or the accounts"
    );
}

/** Throws on the first role that is no role ARN or breaks `roleOutsideAccounts`. */
export function checkRolesInAccounts(
    roleArns: readonly string[],
    accountIds: readonly string[],
    field: string,
    accountsField: string,
): void {
    for (const arn of roleArns) {
        roleAccount(arn, field);
        const outside = roleOutsideAccounts(arn, accountIds, accountsField);
        if (outside) throw new Error(`\`${field}\` entry ${arn} ${outside}`);
    }
}

export function unique(values: readonly string[]): string[] {
    return [...new Set(values)];
}
