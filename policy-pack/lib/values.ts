/**
 * Reading resource properties safely at preview.
 *
 * @pulumi/policy hands policies their properties wrapped in a proxy that throws
 * `UnknownValueError` on the first read of a value that is unknown until apply
 * (an ID, an ARN, a JSON document built with `apply`). The analyzer turns that
 * throw into one advisory "can't run policy during preview" and drops the rest
 * of the policy's checks. A stack policy that reads dozens of resources must not
 * lose them all to one unknown, so policies read through `plain()`, test each
 * value with `isUnknown()`, report what they can, and only then call
 * `PreviewUnknowns.throwIfAny()`, which raises the analyzer's own error so that
 * the unknowns still surface as an advisory and never pass silently.
 */
import * as policy from "@pulumi/policy";

/**
 * The sentinels the Pulumi engine puts where a value is unknown during preview
 * (`unknownStringValue` and friends in @pulumi/policy's proxy.js, internal there;
 * a test checks these against the installed package).
 */
export const UNKNOWN_SENTINELS: readonly string[] = [
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (also rpc's generic unknown)
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
];

export type Props = Record<string, unknown>;

export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && UNKNOWN_SENTINELS.includes(value);
}

/**
 * The properties without the unknown-checking proxy. The proxy has no
 * `getOwnPropertyDescriptor` trap, so descriptors come from the target: raw
 * values, and nested objects that are no longer proxied.
 */
export function plain(props: unknown): Props {
    if (props === null || typeof props !== "object") return {};
    const out: Props = {};
    for (const key of Object.keys(props)) {
        out[key] = Object.getOwnPropertyDescriptor(props, key)?.value;
    }
    return out;
}

/** `value` as a record, or undefined when it is not an object (or unknown). */
export function record(value: unknown): Props | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Props)
        : undefined;
}

/** `value` as an array: a single object becomes a one-element array (inline V1-style blocks). */
export function list(value: unknown): unknown[] {
    if (Array.isArray(value)) return value;
    return value === undefined || value === null ? [] : [value];
}

export function str(value: unknown): string | undefined {
    return typeof value === "string" && !isUnknown(value) ? value : undefined;
}

export function num(value: unknown): number | undefined {
    if (typeof value === "number") return value;
    if (typeof value === "string" && !isUnknown(value) && /^\d+$/.test(value)) return Number(value);
    return undefined;
}

/** How a value reads in a violation message. */
export function show(value: unknown): string {
    if (value === undefined || value === null) return "none";
    return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

interface UnknownValueErrorClass {
    new (sentinel: string, path: string[]): Error;
}
const AnalyzerUnknownValueError = (policy as unknown as { UnknownValueError: UnknownValueErrorClass })
    .UnknownValueError;

/** The analyzer's own error (it reports it as advisory), carrying our list of unknown properties. */
export class PreviewUnknownError extends AnalyzerUnknownValueError {
    constructor(readonly what: readonly string[]) {
        super(UNKNOWN_SENTINELS[2], ["?"]);
        this.message = `not checkable until apply: ${what.join("; ")}`;
    }
}

/** Collects the unknowns a policy met; throw at the end of the policy, after every known violation. */
export class PreviewUnknowns {
    private readonly what: string[] = [];

    /** True (and remembered) when `value` is unknown. `what` names it: `policy of BucketPolicy "x"`. */
    check(value: unknown, what: string): boolean {
        if (!isUnknown(value)) return false;
        this.note(what);
        return true;
    }

    note(what: string): void {
        if (!this.what.includes(what)) this.what.push(what);
    }

    throwIfAny(): void {
        if (this.what.length > 0) throw new PreviewUnknownError(this.what);
    }
}
