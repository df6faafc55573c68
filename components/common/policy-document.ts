/**
 * The IAM policy grammar the Strongbox policies use, typed so that pure
 * builders return plain JSON that tests can evaluate and components can
 * `JSON.stringify` into bucket, key and vault policies.
 */

export type ConditionValue = string | boolean | number | ReadonlyArray<string>;
/** `{ Operator: { "context:key": value } }`, e.g. `{ Bool: { "aws:SecureTransport": "false" } }`. */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, ConditionValue>>>>;

export type Principal =
    "*" | Readonly<{ AWS?: string | ReadonlyArray<string>; Service?: string | ReadonlyArray<string> }>;

export interface PolicyStatement {
    readonly Sid: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal?: Principal;
    readonly NotPrincipal?: Principal;
    readonly Action?: string | ReadonlyArray<string>;
    readonly NotAction?: string | ReadonlyArray<string>;
    readonly Resource?: string | ReadonlyArray<string>;
    readonly NotResource?: string | ReadonlyArray<string>;
    readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: ReadonlyArray<PolicyStatement>;
}

export function policyDocument(statements: ReadonlyArray<PolicyStatement>): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}
