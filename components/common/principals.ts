/**
 * How Strongbox names principals in resource policies. A bucket or key policy must not name a role
 * that may not exist yet (AWS rejects the whole policy as having an invalid principal, and the
 * source stack's runner role is created after the backup stack), so policies name accounts and
 * narrow to roles with `aws:PrincipalArn`, which is only compared, never resolved.
 */

const ACCOUNT_ID = /^\d{12}$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/.+$/;

export function accountRoot(accountId: string): string {
    return `arn:aws:iam::${accountId}:root`;
}

/** The account of an IAM role ARN; throws naming `field` when the ARN is not one. */
export function roleAccount(roleArn: string, field: string): string {
    const m = IAM_ROLE_ARN.exec(roleArn);
    if (!m) {
        throw new Error(
            `\`${field}\` must be IAM role ARNs like arn:aws:iam::123456789012:role/name (got "${roleArn}")`,
        );
    }
    return m[1];
}

export function checkAccountIds(ids: readonly string[], field: string): void {
    for (const id of ids) {
        if (!ACCOUNT_ID.test(id)) {
            throw new Error(`\`${field}\` must hold 12-digit AWS account IDs (got "${id}")`);
        }
    }
}

/**
 * Each role must live in one of the accounts the policy names as principals (writers in the source
 * accounts, key admins in the backup account): a role elsewhere would be silently locked out.
 */
export function checkRolesInAccounts(
    roleArns: readonly string[],
    accountIds: readonly string[],
    field: string,
    accountsField: string,
): void {
    for (const arn of roleArns) {
        const account = roleAccount(arn, field);
        if (!accountIds.includes(account)) {
            throw new Error(
                `\`${field}\` entry ${arn} is in account ${account}, which is not in ` +
                    `\`${accountsField}\` (${accountIds.join(", ")}); fix the ARN or the accounts`,
            );
        }
    }
}

export function unique(values: readonly string[]): string[] {
    return [...new Set(values)];
}
