import { parseTimeWindow } from "./report-filters";
import { type Flags, label } from "./settings";

/** What `list` shows besides its settings: every database or one, a time window, JSON on a terminal. */
export interface ListFilters {
    /** Every database folder under the key prefix, instead of `--dbname`. */
    all: boolean;
    /** Only dumps S3 stored at or after / at or before these times. */
    since?: Date;
    until?: Date;
    /** JSON even on a terminal. */
    json: boolean;
}

/**
 * Reads list's switches and returns them with every problem, each naming its flag. `--all` and the time
 * window are flags only, like report's: a variable left in a shell must not quietly widen or narrow what an
 * operator is shown. `--dbname` is a setting (PGDATABASE, as libpq reads it), so `--all` overrides a
 * PGDATABASE from the environment but not a `--dbname` on the same command line.
 */
export function parseListFilters(
    flags: Flags,
    env: NodeJS.ProcessEnv,
    now: Date,
): { filters: ListFilters; problems: string[] } {
    const problems: string[] = [];
    const all = flags.all === true;
    const window = parseTimeWindow(flags, now, problems);
    const flagDatabase = typeof flags.database === "string" && flags.database !== "";
    if (all && flagDatabase) {
        problems.push(
            "give `--dbname` (one database) or `--all` (every database under the key prefix), not both",
        );
    }
    if (!all && !flagDatabase && !env.PGDATABASE) {
        problems.push(
            `${label("database")} is required: the database whose dumps to list, or \`--all\` for every ` +
                "database under the key prefix",
        );
    }
    return { filters: { all, ...window, json: flags.json === true }, problems };
}
