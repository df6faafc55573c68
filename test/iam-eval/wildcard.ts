/**
 * IAM's two wildcard dialects: `*` (any run, possibly empty) and `?` (one character) over a whole
 * string (actions, resources, StringLike), and the Arn* operators, which match each of the six
 * colon-separated ARN components separately so a `*` never spans a colon.
 */

export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
    const body = pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/-]/g, "\\$&")))
        .join("");
    return new RegExp(`^${body}$`, ignoreCase ? "is" : "s").test(value);
}

/** `arn:partition:service:region:account:resource` (the resource part may itself hold colons). */
function arnParts(arn: string): string[] | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") {
        return undefined;
    }
    return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

export function arnMatch(pattern: string, value: string): boolean {
    const p = arnParts(pattern);
    const v = arnParts(value);
    if (p === undefined || v === undefined) {
        return false;
    }
    return p.every((part, i) => wildcardMatch(part, v[i]));
}
