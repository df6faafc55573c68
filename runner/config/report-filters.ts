import {
    CANARY_DIMENSION_VALUE,
    ESTATE_DIMENSION_VALUE,
    RECEIPT_KINDS,
    type ReceiptKind,
} from "../../shared/audit";
import { keySegmentProblem } from "../../shared/object-key";
import type { Flags } from "./settings";

const HOUR_MS = 60 * 60 * 1000;

/**
 * A point in time for `--since` / `--until`: a UTC date (`2026-11-01`, its midnight), an ISO 8601 time
 * with its zone (`2026-11-01T06:00:00Z`), or a span back from now (`7d`, `12h`). Undefined when the text
 * is none of these.
 */
export function parseWhen(text: string, now: Date): Date | undefined {
    const relative = /^(\d+(?:\.\d+)?)([hd])$/.exec(text.trim());
    if (relative) {
        const hours = Number(relative[1]) * (relative[2] === "d" ? 24 : 1);
        return new Date(now.getTime() - hours * HOUR_MS);
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return validDate(`${text}T00:00:00Z`);
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text))
        return validDate(text);
    return undefined;
}

function validDate(text: string): Date | undefined {
    const at = new Date(text);
    return Number.isNaN(at.getTime()) ? undefined : at;
}

/** What `report` shows: command-line filters of one look at the evidence (see report.ts's switches). */
export interface ReportFilters {
    database?: string;
    kind?: ReceiptKind;
    since?: Date;
    until?: Date;
    json: boolean;
}

/**
 * Reads report's switches; returns the filters and every problem, each naming the flag. They are not
 * settings with environment variables on purpose: a PGDATABASE exported in an operator's shell must not
 * quietly narrow an audit to one database.
 */
export function parseReportFilters(flags: Flags, now: Date): { filters: ReportFilters; problems: string[] } {
    const problems: string[] = [];
    const filters: ReportFilters = { json: flags.json === true };
    if (typeof flags.dbname === "string") {
        const special = [ESTATE_DIMENSION_VALUE, CANARY_DIMENSION_VALUE].includes(flags.dbname);
        const problem = special ? undefined : keySegmentProblem(flags.dbname);
        if (problem) problems.push(`\`--dbname\` ${problem}`);
        else filters.database = flags.dbname;
    }
    if (typeof flags.kind === "string") {
        const kind = RECEIPT_KINDS.find((k) => k === flags.kind);
        if (kind) filters.kind = kind;
        else problems.push(`\`--kind\` must be one of ${RECEIPT_KINDS.join(", ")} (got ${flags.kind})`);
    }
    Object.assign(filters, parseTimeWindow(flags, now, problems));
    return { filters, problems };
}

/** What `--<flag>` accepts, for messages: the forms parseWhen reads. */
export function whenForms(flag: string, text: string): string {
    return (
        `\`--${flag}\` must be a date (2026-11-01), an ISO 8601 time with its zone ` +
        `(2026-11-01T06:00:00Z) or a span back from now (7d, 12h) (got ${text})`
    );
}

/**
 * `--since` and `--until` (report's receipts, list's dumps): each a time parseWhen reads, the first not
 * after the second. Problems are added to `problems`, each naming its flag.
 */
export function parseTimeWindow(flags: Flags, now: Date, problems: string[]): { since?: Date; until?: Date } {
    const window: { since?: Date; until?: Date } = {};
    for (const name of ["since", "until"] as const) {
        const text = flags[name];
        if (typeof text !== "string") continue;
        const at = parseWhen(text, now);
        if (at) window[name] = at;
        else problems.push(whenForms(name, text));
    }
    if (window.since && window.until && window.since > window.until) {
        problems.push(
            `\`--since\` (${window.since.toISOString()}) is after \`--until\` (${window.until.toISOString()})`,
        );
    }
    return window;
}
