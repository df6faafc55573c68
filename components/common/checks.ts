/**
 * Small pure checks shared by the components' `validate...Args` functions. Each
 * returns the problem as a sentence that names the field in backticks and says
 * the fix, or nothing; `throwIfAny` turns the list into one error so that a
 * caller sees every mistake at once instead of one per `pulumi preview`.
 */
import * as f from "../../stacks/config-formats";

export type Problem = string | undefined;

/** A whole number in [min, max]; `why` explains the bound ("(S3 rejects ...)"). */
export function intInRange(field: string, value: number, min: number, max: number, why = ""): Problem {
    if (!Number.isInteger(value)) return `\`${field}\` must be a whole number (got ${value})`;
    if (value < min) return `\`${field}\` must be at least ${min}${why} (got ${value})`;
    if (value > max) return `\`${field}\` must be at most ${max}${why} (got ${value})`;
    return undefined;
}

export function accountId(field: string, value: string): Problem {
    return f.ACCOUNT_ID.test(value)
        ? undefined
        : `\`${field}\` must be a 12-digit AWS account ID (got ${JSON.stringify(value)})`;
}

export function region(field: string, value: string): Problem {
    return f.REGION.test(value)
        ? undefined
        : `\`${field}\` must be an AWS region such as "ap-southeast-2" (got ${JSON.stringify(value)})`;
}

/** The same S3 naming rule as the config schema (one source of truth). */
export function bucketName(field: string, value: string): Problem {
    return f.bucketName.safeParse(value).success
        ? undefined
        : `\`${field}\` must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens ` +
              `(got ${JSON.stringify(value)})`;
}

export function vaultName(field: string, value: string): Problem {
    return f.vaultName.safeParse(value).success
        ? undefined
        : `\`${field}\` must be 2-50 letters, digits, "-" or "_" (got ${JSON.stringify(value)})`;
}

/** A role ARN, optionally required to live in `inAccount` (`accountField` names where that account came from). */
export function roleArn(field: string, value: string, inAccount?: string, accountField?: string): Problem {
    const role = f.parseRoleArn(value);
    if (!role) {
        return `\`${field}\` must be an IAM role ARN such as "arn:aws:iam::123456789012:role/name" (got ${JSON.stringify(value)})`;
    }
    if (inAccount !== undefined && role.accountId !== inAccount) {
        return `\`${field}\` must be a role in account ${inAccount} (\`${accountField}\`), got account ${role.accountId}`;
    }
    return undefined;
}

/** A non-empty list without duplicates; `each` checks one element (its field is `field[i]`). */
export function nonEmptyUniqueList(
    field: string,
    values: readonly string[],
    what: string,
    each: (itemField: string, value: string) => Problem,
): Problem[] {
    if (values.length === 0) return [`\`${field}\` must list at least one ${what}`];
    const seen = new Set<string>();
    return values.map((v, i) => {
        if (seen.has(v)) return `\`${field}\` lists ${JSON.stringify(v)} twice; remove the duplicate`;
        seen.add(v);
        return each(`${field}[${i}]`, v);
    });
}

/**
 * The accounts allowed to write into the backup account: a non-empty list of distinct account IDs,
 * none of them `backupAccountId` itself (a backup in the account it protects is no backup).
 */
export function sourceAccountIds(
    field: string,
    values: readonly string[],
    backupAccountId: string,
): Problem[] {
    return nonEmptyUniqueList(field, values, "source account ID", (itemField, id) =>
        id === backupAccountId
            ? `\`${itemField}\` must not be the backup account ${id}: the point is a separate account`
            : accountId(itemField, id),
    );
}

/** Throws one error listing every problem, prefixed by what was being validated. */
export function throwIfAny(what: string, problems: readonly Problem[]): void {
    const real = problems.filter((p): p is string => p !== undefined);
    if (real.length > 0) throw new Error(`Invalid ${what}:\n  - ${real.join("\n  - ")}`);
}
