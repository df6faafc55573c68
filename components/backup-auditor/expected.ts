/**
 * What the auditor expects to find in the bucket: every database of every writer, under that writer's prefix,
 * with the RPO, RTO and server major version it is held to. Pure; the jobs' environment
 * (`AUDIT_ENV.expectedDatabases`), the drill schedules, the alarms and the dashboard are all built from it,
 * so an alarm cannot watch a database verify was not told about.
 */
import { BACKUP_AUDITOR_DEFAULTS, BackupAuditorArgs } from "./args";

/** One `{ database, keyPrefix, rpoHours }` entry of `BACKUP_EXPECTED_DATABASES`, with what else the auditor uses. */
export interface ExpectedDatabase {
    readonly database: string;
    readonly keyPrefix: string;
    readonly rpoHours: number;
    readonly rtoSeconds: number;
    readonly pgMajorVersion: number;
    readonly drill: boolean;
}

type ExpectedInputs = Pick<
    BackupAuditorArgs,
    "writers" | "rpoHours" | "rtoSeconds" | "pgMajorVersion" | "databases"
>;

/** Every (prefix, database) pair of the writers, in the writers' order, with its overrides applied. */
export function expectedDatabases(a: ExpectedInputs): ExpectedDatabase[] {
    const d = BACKUP_AUDITOR_DEFAULTS;
    return a.writers.flatMap((w) =>
        w.databases.map((database) => {
            const own = a.databases?.[database] ?? {};
            return {
                database,
                keyPrefix: w.keyPrefix,
                rpoHours: own.rpoHours ?? a.rpoHours ?? d.rpoHours,
                rtoSeconds: own.rtoSeconds ?? a.rtoSeconds ?? d.rtoSeconds,
                pgMajorVersion: own.pgMajorVersion ?? a.pgMajorVersion ?? d.pgMajorVersion,
                drill: own.drill ?? true,
            };
        }),
    );
}

/** The value of `AUDIT_ENV.expectedDatabases`: exactly the contract's fields, as JSON. */
export function expectedDatabasesJson(expected: readonly ExpectedDatabase[]): string {
    return JSON.stringify(
        expected.map((e) => ({ database: e.database, keyPrefix: e.keyPrefix, rpoHours: e.rpoHours })),
    );
}

/**
 * The expected databases by name, as the metrics see them: the runner's `Database` dimension names a database
 * by its name alone (shared/audit.ts), so two writers' databases of the same name (two source accounts with an
 * `appdb` each, under their own prefixes) publish into one series. One alarm set watches both, held to the
 * stricter RPO and RTO; worst-case statistics (Minimum of a success, Maximum of an age or a duration) keep a
 * failure of either visible. A silence of only one of them is not: the other's results fill the series.
 */
export interface MetricDatabase {
    readonly database: string;
    readonly keyPrefixes: readonly string[];
    readonly rpoHours: number;
    /** The strictest RTO among the drilled ones; undefined when none is drilled. */
    readonly rtoSeconds?: number;
    readonly drill: boolean;
}

export function metricDatabases(expected: readonly ExpectedDatabase[]): MetricDatabase[] {
    const byName = new Map<string, ExpectedDatabase[]>();
    for (const e of expected) byName.set(e.database, [...(byName.get(e.database) ?? []), e]);
    return [...byName.entries()].map(([database, all]) => {
        const drilled = all.filter((e) => e.drill);
        return {
            database,
            keyPrefixes: all.map((e) => e.keyPrefix),
            rpoHours: Math.min(...all.map((e) => e.rpoHours)),
            rtoSeconds: drilled.length === 0 ? undefined : Math.min(...drilled.map((e) => e.rtoSeconds)),
            drill: drilled.length > 0,
        };
    });
}
