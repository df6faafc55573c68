/**
 * The rules for `writers`: each runner role listed once, in a source account, with the databases it backs
 * up; and each (key prefix, database) pair written by exactly one role, so that two source accounts with a
 * database of the same name never share a prefix (the second one gets its own `keyPrefix`). Pure.
 */
import { DATABASE_NAME, keyPrefixProblem } from "../../shared/object-key";
import * as check from "../common/checks";
import { roleOutsideAccounts } from "../common/principals";
import type { ResolvedBucketWriter } from "./args";

const got = (v: unknown) => `(got ${JSON.stringify(v)})`;

/** Every problem with the resolved `writers` (their prefixes filled in from the bucket's `keyPrefix`). */
export function writerProblems(
    writers: readonly ResolvedBucketWriter[],
    sourceAccountIds: readonly string[],
    explicitPrefix: (i: number) => boolean,
): check.MaybeProblem[] {
    if (writers.length === 0)
        return [
            check.problem(
                "writers",
                "must list at least one runner role, as `{ roleArn, databases: [...] }`",
            ),
        ];
    const p: check.MaybeProblem[] = [];
    const roles = new Map<string, number>();
    const owners = new Map<string, number>();
    writers.forEach((w, i) => {
        const field = `writers[${i}]`;
        const roleProblem =
            check.roleArn(`${field}.roleArn`, w.roleArn) ??
            problemOf(
                `${field}.roleArn`,
                roleOutsideAccounts(w.roleArn, sourceAccountIds, "sourceAccountIds"),
            );
        p.push(roleProblem);
        const first = roles.get(w.roleArn);
        if (first !== undefined)
            p.push(
                check.problem(
                    `${field}.roleArn`,
                    `repeats the role of \`writers[${first}]\`; give each role one entry listing all its databases`,
                ),
            );
        else roles.set(w.roleArn, i);
        if (explicitPrefix(i)) p.push(problemOf(`${field}.keyPrefix`, keyPrefixProblem(w.keyPrefix)));
        if (w.databases.length === 0)
            p.push(check.problem(`${field}.databases`, "must list at least one database the role backs up"));
        const seen = new Set<string>();
        w.databases.forEach((db, j) => {
            const dbField = `${field}.databases[${j}]`;
            if (!DATABASE_NAME.test(db)) {
                p.push(
                    check.problem(
                        dbField,
                        `must start with a lowercase letter and use only lowercase letters, digits, "_" or "-", at most 40 characters ${got(db)}`,
                    ),
                );
                return;
            }
            if (seen.has(db)) {
                p.push(check.problem(dbField, `repeats database ${JSON.stringify(db)}; list it once`));
                return;
            }
            seen.add(db);
            const pair = `${w.keyPrefix}/${db}`;
            const owner = owners.get(pair);
            if (owner === undefined) owners.set(pair, i);
            else if (owner !== i)
                p.push(
                    check.problem(
                        dbField,
                        `(${JSON.stringify(db)} under prefix ${JSON.stringify(w.keyPrefix)}) is already written by ` +
                            `\`writers[${owner}]\` (${writers[owner].roleArn}): two runners never share a database's ` +
                            "prefix; give one of them its own `keyPrefix`",
                    ),
                );
        });
    });
    return p;
}

function problemOf(field: string, message: string | undefined): check.MaybeProblem {
    return message === undefined ? undefined : check.problem(field, message);
}
