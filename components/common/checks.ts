/**
 * Small pure checks shared by the components' validators. Each returns a `Problem` naming the field
 * (`retentionDays`, `writers[0].roleArn`, `replica.region`) with a sentence that says what is wrong and
 * how to fix it, or nothing. Validators collect every problem before failing, so a caller sees every
 * mistake at once instead of one per `pulumi preview`; the stack config reports the very same
 * problems under its own keys (`strongbox:backup.writers[0].roleArn`).
 */
import { ACCOUNT_ID, isBucketName, parseRoleArn, REGION, VAULT_NAME } from "../../shared/aws-identifiers";

export interface Problem {
    /** The argument at fault, as a path into the args: `databases[0].port`. */
    readonly field: string;
    /** What is wrong and the fix, to be read after the field: "must be at least 30 (got 7)". */
    readonly message: string;
}

/** What a single check returns: a problem, or nothing when the value is fine. */
export type MaybeProblem = Problem | undefined;

export function problem(field: string, message: string): Problem {
    return { field, message };
}

/** One line per problem: "`retentionDays` must be at least 30 (got 7)". */
export function describeProblem(p: Problem): string {
    return `\`${p.field}\` ${p.message}`;
}

/** The problems among `maybe`, in order. */
export function present(maybe: readonly MaybeProblem[]): Problem[] {
    return maybe.filter((p): p is Problem => p !== undefined);
}

/** Thrown by a component whose args have problems; `problems` has one line per problem. */
export class ArgsError extends Error {
    public readonly problems: string[];

    constructor(what: string, problems: readonly Problem[]) {
        const lines = problems.map(describeProblem);
        super(`Invalid ${what}:\n  - ${lines.join("\n  - ")}`);
        this.name = "ArgsError";
        this.problems = lines;
    }
}

/** Throws one `ArgsError` listing every problem, prefixed by what was being validated. */
export function throwIfAny(what: string, problems: readonly MaybeProblem[]): void {
    const real = present(problems);
    if (real.length > 0) throw new ArgsError(what, real);
}

/** Inclusive bounds of a whole-number argument, with why each bound is there (read after the bound). */
export interface Range {
    readonly min: number;
    readonly max: number;
    /** e.g. " (COMPLIANCE retention floor)". */
    readonly minWhy?: string;
    readonly maxWhy?: string;
}

export function isWholeNumberIn(value: number, r: Range): boolean {
    return Number.isInteger(value) && value >= r.min && value <= r.max;
}

/** A whole number in the range; the message names the bound it crossed. */
export function intInRange(field: string, value: number, r: Range): MaybeProblem {
    if (!Number.isInteger(value)) {
        return problem(
            field,
            `must be a whole number between ${r.min} and ${r.max} (got ${JSON.stringify(value)})`,
        );
    }
    if (value < r.min) return problem(field, `must be at least ${r.min}${r.minWhy ?? ""} (got ${value})`);
    if (value > r.max) return problem(field, `must be at most ${r.max}${r.maxWhy ?? ""} (got ${value})`);
    return undefined;
}

/** "in quotes": unquoted in YAML or JSON an account ID is a number, and one starting with 0 loses it. */
export function accountId(field: string, value: string): MaybeProblem {
    return ACCOUNT_ID.test(value)
        ? undefined
        : problem(field, `must be a 12-digit AWS account ID in quotes (got ${JSON.stringify(value)})`);
}

export function region(field: string, value: string): MaybeProblem {
    return REGION.test(value)
        ? undefined
        : problem(field, `must be an AWS region such as "ap-southeast-4" (got ${JSON.stringify(value)})`);
}

export function bucketName(field: string, value: string): MaybeProblem {
    return isBucketName(value)
        ? undefined
        : problem(
              field,
              `must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens (got ${JSON.stringify(value)})`,
          );
}

export function vaultName(field: string, value: string): MaybeProblem {
    return VAULT_NAME.test(value)
        ? undefined
        : problem(field, `must be 2-50 letters, digits, "-" or "_" (got ${JSON.stringify(value)})`);
}

export function roleArn(field: string, value: string): MaybeProblem {
    return parseRoleArn(value) !== undefined
        ? undefined
        : problem(
              field,
              `must be an IAM role ARN such as "arn:aws:iam::123456789012:role/name" (got ${JSON.stringify(value)})`,
          );
}

/** A role of the backup account (`accountId`): key administrators and the break-glass role. */
export function backupAccountRole(field: string, value: string, backupAccountId: string): MaybeProblem {
    const role = parseRoleArn(value);
    if (!role) return roleArn(field, value);
    // A malformed `accountId` is its own problem; comparing with it would only repeat that.
    return role.accountId === backupAccountId || !ACCOUNT_ID.test(backupAccountId)
        ? undefined
        : problem(
              field,
              `must be a role in the backup account ${backupAccountId} (\`accountId\`), not account ${role.accountId}`,
          );
}

/** A non-empty list without duplicates; `each` checks one element (its field is `field[i]`). */
export function nonEmptyUniqueList(
    field: string,
    values: readonly string[],
    what: string,
    each: (itemField: string, value: string) => MaybeProblem,
): MaybeProblem[] {
    if (values.length === 0) return [problem(field, `must list at least one ${what}`)];
    const seen = new Set<string>();
    return values.map((v, i) => {
        if (seen.has(v)) return problem(field, `lists ${JSON.stringify(v)} twice; remove the duplicate`);
        seen.add(v);
        return each(`${field}[${i}]`, v);
    });
}

/**
 * The accounts allowed to write into the backup account: a non-empty list of distinct account IDs,
 * not including `backupAccountId` itself (a backup in the account it protects is no backup).
 */
export function sourceAccountIds(
    field: string,
    values: readonly string[],
    backupAccountId: string,
): MaybeProblem[] {
    return [
        ...nonEmptyUniqueList(field, values, "source account ID", (itemField, id) =>
            accountId(itemField, id),
        ),
        values.includes(backupAccountId)
            ? problem(
                  field,
                  `must not include the backup account ${backupAccountId}: the point is a separate account`,
              )
            : undefined,
    ];
}
