/**
 * Condition operators as AWS documents them ("IAM JSON policy elements: Condition operators" and
 * "Single-valued vs. multivalued context keys"):
 * - several values for one key are ORed; several keys, and several operators, are ANDed;
 * - a key missing from the request: positive operators are false, negated ones (StringNotEquals,
 *   ArnNotLike, ...) are true, `...IfExists` is true, `Null: "true"` is true;
 *   `ForAllValues:` is true and `ForAnyValue:` is false;
 * - a negated operator with several values is true only when the request value matches none.
 * Unknown operators throw, so a policy using one this evaluator does not model fails its test.
 */
import { ConditionBlock, ConditionValue } from "../../components/common/policy-document";
import { arnMatch, wildcardMatch } from "./wildcard";

export type ContextValue = string | readonly string[] | undefined;
export type RequestContext = Readonly<Record<string, ContextValue>>;

type Compare = (requestValue: string, policyValue: string) => boolean;

const num = (s: string): number => (s.trim() === "" ? NaN : Number(s));
const date = (s: string): number => (/^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s));
const ordered =
    (parse: (s: string) => number, ok: (a: number, b: number) => boolean): Compare =>
    (r, p) => {
        const a = parse(r);
        const b = parse(p);
        return !Number.isNaN(a) && !Number.isNaN(b) && ok(a, b);
    };

/** Positive base operators; a negated operator is "matches none of the values" of its positive twin. */
const POSITIVE: Readonly<Record<string, Compare>> = {
    StringEquals: (r, p) => r === p,
    StringEqualsIgnoreCase: (r, p) => r.toLowerCase() === p.toLowerCase(),
    StringLike: (r, p) => wildcardMatch(p, r),
    NumericEquals: ordered(num, (a, b) => a === b),
    NumericLessThan: ordered(num, (a, b) => a < b),
    NumericLessThanEquals: ordered(num, (a, b) => a <= b),
    NumericGreaterThan: ordered(num, (a, b) => a > b),
    NumericGreaterThanEquals: ordered(num, (a, b) => a >= b),
    DateEquals: ordered(date, (a, b) => a === b),
    DateLessThan: ordered(date, (a, b) => a < b),
    DateLessThanEquals: ordered(date, (a, b) => a <= b),
    DateGreaterThan: ordered(date, (a, b) => a > b),
    DateGreaterThanEquals: ordered(date, (a, b) => a >= b),
    Bool: (r, p) => r.toLowerCase() === p.toLowerCase(),
    ArnEquals: (r, p) => arnMatch(p, r),
    ArnLike: (r, p) => arnMatch(p, r),
};

const NEGATED: Readonly<Record<string, string>> = {
    StringNotEquals: "StringEquals",
    StringNotEqualsIgnoreCase: "StringEqualsIgnoreCase",
    StringNotLike: "StringLike",
    NumericNotEquals: "NumericEquals",
    DateNotEquals: "DateEquals",
    ArnNotEquals: "ArnEquals",
    ArnNotLike: "ArnLike",
};

interface Operator {
    readonly set?: "ForAnyValue" | "ForAllValues";
    readonly ifExists: boolean;
    readonly base: string;
}

export function parseOperator(name: string): Operator {
    const m = /^(?:(ForAnyValue|ForAllValues):)?(.+?)(IfExists)?$/.exec(name);
    const base = m?.[2] ?? "";
    if (m === null || (base !== "Null" && POSITIVE[base] === undefined && NEGATED[base] === undefined)) {
        throw new Error(`iam-eval: condition operator "${name}" is not supported`);
    }
    if (base === "Null" && (m[1] !== undefined || m[3] !== undefined)) {
        throw new Error(`iam-eval: "${name}" is not a valid operator`);
    }
    return { set: m[1] as Operator["set"], ifExists: m[3] !== undefined, base };
}

function asStrings(v: ConditionValue): string[] {
    return Array.isArray(v) ? [...(v as readonly string[])] : [String(v)];
}

/** Context keys are case-insensitive in IAM. */
export function lookup(context: RequestContext, key: string): readonly string[] | undefined {
    const k = Object.keys(context).find((c) => c.toLowerCase() === key.toLowerCase());
    const v = k === undefined ? undefined : context[k];
    if (v === undefined) {
        return undefined;
    }
    const values = typeof v === "string" ? [v] : v;
    return values.length === 0 ? undefined : values;
}

export function evaluateCondition(
    operator: string,
    key: string,
    policyValue: ConditionValue,
    context: RequestContext,
): boolean {
    const op = parseOperator(operator);
    const wanted = asStrings(policyValue);
    const present = lookup(context, key);
    if (op.base === "Null") {
        return wanted.some((w) => (w.toLowerCase() === "true") === (present === undefined));
    }
    if (present === undefined) {
        if (op.ifExists || op.set === "ForAllValues") {
            return true;
        }
        if (op.set === "ForAnyValue") {
            return false;
        }
        return NEGATED[op.base] !== undefined;
    }
    const positive = POSITIVE[NEGATED[op.base] ?? op.base];
    const negated = NEGATED[op.base] !== undefined;
    const holds = (r: string): boolean => negated !== wanted.some((w) => positive(r, w));
    if (op.set === "ForAllValues") {
        return present.every(holds);
    }
    if (op.set === "ForAnyValue") {
        return present.some(holds);
    }
    // A single-valued operator given a multivalued key: any request value may satisfy a positive
    // operator; a negated one needs every request value to match none of the policy's values.
    return negated ? present.every(holds) : present.some(holds);
}

/** Every operator, and every key within one, must hold. */
export function evaluateConditionBlock(block: ConditionBlock | undefined, context: RequestContext): boolean {
    if (block === undefined) {
        return true;
    }
    return Object.entries(block).every(([operator, keys]) =>
        Object.entries(keys).every(([key, value]) => evaluateCondition(operator, key, value, context)),
    );
}
