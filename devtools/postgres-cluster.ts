import { execFileSync } from "node:child_process";
import {
    type ClusterHandle,
    createCluster,
    type PostgresCluster,
    renderSetting,
} from "../runner/postgres/cluster";

export { type ClusterHandle, type PostgresCluster, renderSetting };

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
    /** Name prefix of its directory under the OS temporary directory. Default `strongbox-pg-`. */
    readonly directoryPrefix?: string;
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

/**
 * The cluster's directory, created, and a handle whose `stop()` works in every state, also while `start()`
 * is still running: what a caller that must clean up on Ctrl-C needs (the demo), since a cluster that is
 * only returned once started cannot be stopped while it starts.
 */
export async function createPostgresCluster(options: PostgresClusterOptions = {}): Promise<ClusterHandle> {
    return createCluster({
        bindir: resolvePgBindir(options.bindir),
        user: options.user,
        password: options.password,
        settings: { ...TEST_DEFAULTS, ...(options.settings ?? {}) },
        startTimeoutSeconds: options.startTimeoutSeconds,
        directoryPrefix: options.directoryPrefix ?? "strongbox-pg-",
    });
}

/** createPostgresCluster + start: the server runs when this resolves, and nothing is left when it throws. */
export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
    return (await createPostgresCluster(options)).start();
}
