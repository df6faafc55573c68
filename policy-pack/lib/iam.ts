/**
 * Just enough of the IAM policy grammar to answer the pack's questions about a
 * policy document: does some statement deny X to everyone under condition Y,
 * does some statement allow an action matching Z. Action names and condition
 * keys compare case-insensitively, as IAM does.
 */
import { isUnknown, list, record } from "./values";

export interface Statement {
    readonly sid?: string;
    readonly effect: "Allow" | "Deny";
    /** As written; compare with `actionMatches`. Empty when the statement uses NotAction. */
    readonly actions: readonly string[];
    readonly notActions: readonly string[];
    /** As written; empty when the statement uses NotResource. */
    readonly resources: readonly string[];
    readonly notResources: readonly string[];
    readonly principalIsEveryone: boolean;
    /** operator (lower-cased) -> condition key (lower-cased) -> values as strings. */
    readonly conditions: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
}

export type ParsedPolicy =
    { readonly ok: true; readonly statements: readonly Statement[] } | { readonly ok: false };

/** Parses a policy given as JSON text or as an object (inline `policy` inputs may be either). */
export function parsePolicy(policy: unknown): ParsedPolicy {
    let doc: unknown = policy;
    if (typeof policy === "string") {
        try {
            doc = JSON.parse(policy);
        } catch {
            return { ok: false };
        }
    }
    const statements = record(doc)?.Statement;
    if (statements === undefined || isUnknown(statements)) return { ok: false };
    return { ok: true, statements: list(statements).map(statementOf) };
}

function strings(value: unknown): string[] {
    return list(value).map((v) => String(v));
}

function statementOf(raw: unknown): Statement {
    const s = record(raw) ?? {};
    const conditions = new Map<string, Map<string, string[]>>();
    for (const [op, block] of Object.entries(record(s.Condition) ?? {})) {
        const keys = new Map<string, string[]>();
        for (const [key, values] of Object.entries(record(block) ?? {}))
            keys.set(key.toLowerCase(), strings(values));
        conditions.set(op.toLowerCase(), keys);
    }
    return {
        sid: typeof s.Sid === "string" ? s.Sid : undefined,
        effect: s.Effect === "Deny" ? "Deny" : "Allow",
        actions: strings(s.Action),
        notActions: strings(s.NotAction),
        resources: strings(s.Resource),
        notResources: strings(s.NotResource),
        principalIsEveryone: isEveryone(s.Principal),
        conditions,
    };
}

function isEveryone(principal: unknown): boolean {
    if (principal === "*") return true;
    const aws = record(principal)?.AWS;
    return aws !== undefined && strings(aws).includes("*");
}

/** Whether the IAM wildcard pattern `pattern` (`*`, `?`) matches the action name `action`. */
export function actionMatches(pattern: string, action: string): boolean {
    return globsIntersect(pattern.toLowerCase(), action.toLowerCase());
}

/** Whether some string matches both IAM wildcard patterns (so "s3:*" and "s3:Delete*" intersect). */
export function globsIntersect(a: string, b: string): boolean {
    const memo = new Map<string, boolean>();
    const go = (i: number, j: number): boolean => {
        const key = `${i},${j}`;
        const known = memo.get(key);
        if (known !== undefined) return known;
        let result: boolean;
        if (i === a.length && j === b.length) result = true;
        else if (i < a.length && a[i] === "*") result = go(i + 1, j) || (j < b.length && go(i, j + 1));
        else if (j < b.length && b[j] === "*") result = go(i, j + 1) || (i < a.length && go(i + 1, j));
        else if (i === a.length || j === b.length) result = false;
        else result = (a[i] === "?" || b[j] === "?" || a[i] === b[j]) && go(i + 1, j + 1);
        memo.set(key, result);
        return result;
    };
    return go(0, 0);
}

/** The statement's action patterns cover `action` (e.g. "s3:Put*" covers "s3:PutObject"). */
export function coversAction(s: Statement, action: string): boolean {
    return s.actions.some((a) => actionMatches(a, action));
}

/** Whether the statement applies to `action`: its Action covers it, or its NotAction does not exclude it. */
export function appliesToAction(s: Statement, action: string): boolean {
    if (s.notActions.length > 0) return !s.notActions.some((a) => actionMatches(a, action));
    return coversAction(s, action);
}

/** The condition keys (lower-cased) the statement tests, whatever the operators. */
export function conditionKeys(s: Statement): string[] {
    return [...new Set([...s.conditions.values()].flatMap((keys) => [...keys.keys()]))];
}

/** Values of the first of `operators` that tests `key` in the statement, or undefined when none does. */
export function conditionValues(
    s: Statement,
    operators: readonly string[],
    key: string,
): readonly string[] | undefined {
    for (const op of operators) {
        const values = s.conditions.get(op.toLowerCase())?.get(key.toLowerCase());
        if (values !== undefined) return values;
    }
    return undefined;
}
