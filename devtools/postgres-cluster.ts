import { execFileSync } from "node:child_process";
import { type PostgresCluster, renderSetting, startCluster } from "../runner/postgres/cluster";

export { type PostgresCluster, renderSetting };

/**
 * The tests' and the bench's PostgreSQL: the runner's own throwaway cluster (runner/postgres/cluster.ts,
 * which `drill --ephemeral` uses), with settings that make it fast and a bindir found the way a
 * developer's machine has it.
 */
export interface PostgresClusterOptions {
    /** Directory holding initdb/pg_ctl/postgres. Default: `$PG_BINDIR`, else `pg_config --bindir`. */
    readonly bindir?: string;
    /** Superuser name created by initdb. Default `postgres`. */
    readonly user?: string;
    /**
     * Superuser password. When set, TCP connections use scram-sha-256 (so tests exercise PGPASSWORD);
     * when unset, loopback connections are trusted. Unix-socket connections are always trusted.
     */
    readonly password?: string;
    /**
     * Extra `postgresql.conf` settings, e.g. `{ shared_buffers: "1GB", max_wal_size: "4GB" }` for the
     * benchmark. They are appended after the test defaults, so they win.
     */
    readonly settings?: Readonly<Record<string, string | number | boolean>>;
    /** Seconds `pg_ctl start -w` waits for the server. Default 60. */
    readonly startTimeoutSeconds?: number;
}

/** Settings that make a throwaway test cluster fast; durability is irrelevant for data we delete anyway. */
const TEST_DEFAULTS: Readonly<Record<string, string | number | boolean>> = {
    fsync: false,
    synchronous_commit: false,
    full_page_writes: false,
    shared_buffers: "128MB",
    max_connections: 50,
    log_min_messages: "warning",
};

export function resolvePgBindir(explicit?: string): string {
    if (explicit) return explicit;
    if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
    try {
        return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    } catch {
        throw new Error(
            "could not find the PostgreSQL binaries: `pg_config` is not on PATH and PG_BINDIR is unset. " +
                "Install PostgreSQL 15 (e.g. `apt-get install postgresql-15`) or set PG_BINDIR.",
        );
    }
}

export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
    return startCluster({
        bindir: resolvePgBindir(options.bindir),
        user: options.user,
        password: options.password,
        settings: { ...TEST_DEFAULTS, ...(options.settings ?? {}) },
        startTimeoutSeconds: options.startTimeoutSeconds,
        directoryPrefix: "strongbox-pg-",
    });
}
