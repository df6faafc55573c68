import { auditPrefixProblem, CANARY_DIMENSION_VALUE, ESTATE_DIMENSION_VALUE } from "../../shared/audit";
import { keyPrefixProblem, keySegmentProblem } from "../../shared/object-key";
import { label } from "./settings";

/** One database verify expects to find, where, and how fresh its newest dump must be. */
export interface VerifyTarget {
    database: string;
    keyPrefix: string;
    /** The newest dump must be younger than this (the RPO). */
    rpoHours: number;
}

/** Database names that would collide with the auditor's own metric dimension values and receipt subjects. */
const RESERVED_NAMES = [ESTATE_DIMENSION_VALUE, CANARY_DIMENSION_VALUE];

function databaseProblem(database: unknown): string | undefined {
    if (typeof database !== "string") return "`database` must be a string";
    const problem = keySegmentProblem(database);
    if (problem) return `\`database\` ${problem}`;
    if (RESERVED_NAMES.includes(database)) return `\`database\` ${database} is reserved for the auditor`;
    return undefined;
}

function prefixProblem(keyPrefix: unknown): string | undefined {
    if (typeof keyPrefix !== "string") return "`keyPrefix` must be a string";
    const problem = keyPrefixProblem(keyPrefix) ?? auditPrefixProblem(keyPrefix);
    return problem && `\`keyPrefix\` ${problem}`;
}

function rpoProblem(rpoHours: unknown): string | undefined {
    if (typeof rpoHours === "number" && Number.isFinite(rpoHours) && rpoHours > 0) return undefined;
    return `\`rpoHours\` must be a number of hours greater than 0 (got ${JSON.stringify(rpoHours)})`;
}

/**
 * Parses the estate (`--expected-databases` / BACKUP_EXPECTED_DATABASES, which the auditor's job sets
 * from the stack's config): a JSON array of `{ database, keyPrefix?, rpoHours? }`, `keyPrefix` defaulting
 * to `--key-prefix` and `rpoHours` to `--max-age-hours`. Returns the targets, or every problem at once,
 * each naming the entry and the field.
 */
export function parseExpectedDatabases(
    text: string,
    defaults: { keyPrefix: string; rpoHours: number },
): { targets: VerifyTarget[]; problems: string[] } {
    const field = label("expectedDatabases");
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (error) {
        return {
            targets: [],
            problems: [`${field} is not valid JSON (${(error as Error).message}); give a JSON array`],
        };
    }
    if (!Array.isArray(json) || json.length === 0) {
        return {
            targets: [],
            problems: [`${field} must be a non-empty JSON array of {"database", "keyPrefix", "rpoHours"}`],
        };
    }
    const targets: VerifyTarget[] = [];
    const problems: string[] = [];
    const seen = new Set<string>();
    json.forEach((entry: unknown, index) => {
        const at = `${field}[${index}]`;
        if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
            problems.push(`${at} must be an object such as {"database": "app", "rpoHours": 26}`);
            return;
        }
        const {
            database,
            keyPrefix = defaults.keyPrefix,
            rpoHours = defaults.rpoHours,
            ...rest
        } = entry as Record<string, unknown>;
        const found = [
            databaseProblem(database),
            prefixProblem(keyPrefix),
            rpoProblem(rpoHours),
            ...Object.keys(rest).map(
                (key) => `\`${key}\` is not a field (expected database, keyPrefix, rpoHours)`,
            ),
        ].filter((p) => p !== undefined);
        if (found.length > 0) {
            problems.push(...found.map((problem) => `${at}: ${problem}`));
            return;
        }
        const target = { database, keyPrefix, rpoHours } as VerifyTarget;
        const id = `${target.keyPrefix}/${target.database}`;
        if (seen.has(id)) {
            problems.push(`${at}: ${id} is listed twice; list each database of a key prefix once`);
            return;
        }
        seen.add(id);
        targets.push(target);
    });
    return { targets, problems };
}
