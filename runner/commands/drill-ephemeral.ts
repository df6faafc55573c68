import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Logger } from "../log";
import type { Manifest } from "../manifest";
import { connect, createCluster, type DbConnection, quoteIdent, removeAbandonedClusters } from "../postgres";
import {
    type BinaryProbe,
    findServerBindir,
    serverVersionMajor,
    systemProbe,
} from "../postgres/server-binaries";
import { cleanupOnSignals } from "../signals";

/** Where a drill restores: a server and how to reach it. */
export interface DrillServer {
    connection: DbConnection;
    maintenanceDb: string;
    psqlPath: string;
}

/** The throwaway cluster of `drill --ephemeral`, as the report shows it. */
export interface EphemeralClusterInfo {
    /** The dump's major version, from its manifest's `serverVersion`, and so the cluster's. */
    postgresMajor: string;
    bindir: string;
    port: number | null;
    /** The temporary directory that held it; gone when the drill ends. */
    directory: string;
    removed: boolean;
}

/** Every drill's cluster directory starts so; only such directories are ever swept (and only abandoned ones). */
const DIRECTORY_PREFIX = "strongbox-drill-";

/** `drill --ephemeral` settings: loopback only, few connections, quiet logs. Durability stays on: the RTO is measured here. */
const CLUSTER_SETTINGS = { max_connections: 20, log_min_messages: "warning" } as const;

/** The dump's major version, or a message naming the manifest's field. */
export function dumpMajor(manifest: Manifest | undefined, key: string): string {
    if (!manifest) {
        throw new Error(
            `${key} has no manifest, so its PostgreSQL version is unknown and \`--ephemeral\` cannot choose ` +
                "a server for it; drill a dump with a manifest, or restore this one into a server of yours",
        );
    }
    const major = serverVersionMajor(manifest.serverVersion);
    if (major === undefined) {
        throw new Error(
            `the manifest of ${key} records serverVersion ${JSON.stringify(manifest.serverVersion)}, which ` +
                "names no PostgreSQL version; `--ephemeral` cannot choose a server for it",
        );
    }
    return major;
}

/**
 * The plain dump names roles in OWNER TO and GRANT but never creates them; in an empty cluster each would
 * stop the restore. The manifest lists the source's roles, and they are created here (NOLOGIN: nobody
 * ever logs in to a drill's cluster).
 */
async function createRoles(connection: DbConnection, roles: readonly string[], log: Logger): Promise<void> {
    if (roles.length === 0) return;
    const admin = await connect(connection, "postgres");
    try {
        const existing = new Set(
            (await admin.query<{ rolname: string }>("SELECT rolname FROM pg_roles")).rows.map(
                (r) => r.rolname,
            ),
        );
        const missing = roles.filter((role) => !existing.has(role));
        for (const role of missing) await admin.query(`CREATE ROLE ${quoteIdent(role)} NOLOGIN`);
        log.info(
            "roles-created",
            `created the dump's ${missing.length} roles (NOLOGIN) in the throwaway cluster`,
            {
                roles: missing,
            },
        );
    } finally {
        await admin.end().catch(() => undefined);
    }
}

/**
 * Starts a throwaway PostgreSQL of the dump's major version on a free loopback port in a new temporary
 * directory, runs `body` against it, and always stops it and removes the directory: when `body` fails,
 * and on SIGTERM or SIGINT. Nothing outside that directory is touched; the drill's databases all live in it.
 */
export async function withEphemeralCluster<T>(
    run: {
        manifest: Manifest | undefined;
        key: string;
        database: string;
        pgBindir?: string;
        psqlPath?: string;
        log: Logger;
        probe?: BinaryProbe;
    },
    info: (cluster: EphemeralClusterInfo) => void,
    body: (server: DrillServer) => Promise<T>,
): Promise<T> {
    const { log } = run;
    const postgresMajor = dumpMajor(run.manifest, run.key);
    const bindir = findServerBindir(postgresMajor, run.pgBindir, run.probe ?? systemProbe);
    for (const directory of await removeAbandonedClusters(DIRECTORY_PREFIX)) {
        log.warn(
            "abandoned-cluster-removed",
            `stopped and removed ${directory}, a throwaway cluster left by a drill that was killed`,
            { directory },
        );
    }
    // Random, and only ever in memory and in PGPASSWORD: other users of the machine cannot connect.
    const password = randomBytes(24).toString("base64url");
    const handle = await createCluster({
        bindir,
        password,
        settings: CLUSTER_SETTINGS,
        directoryPrefix: DIRECTORY_PREFIX,
    });
    const state: EphemeralClusterInfo = {
        postgresMajor,
        bindir,
        port: null,
        directory: handle.baseDir,
        removed: false,
    };
    info(state);
    const remove = async () => {
        await handle.stop();
        state.removed = !fs.existsSync(handle.baseDir);
        log.info("ephemeral-cluster-removed", `stopped the throwaway cluster and removed ${handle.baseDir}`, {
            directory: handle.baseDir,
            removed: state.removed,
        });
    };
    const stopListening = cleanupOnSignals(
        remove,
        log,
        `stopping the throwaway cluster in ${handle.baseDir}`,
    );
    try {
        const cluster = await handle.start();
        state.port = cluster.port;
        log.info(
            "ephemeral-cluster-started",
            `PostgreSQL ${postgresMajor} (${bindir}) on 127.0.0.1:${cluster.port} in ${handle.baseDir}`,
            { ...state },
        );
        const connection: DbConnection = {
            host: cluster.host,
            port: cluster.port,
            user: cluster.user,
            password,
            database: run.database,
            sslmode: "disable",
        };
        await createRoles(connection, run.manifest?.roles ?? [], log);
        return await body({
            connection,
            maintenanceDb: "postgres",
            psqlPath: run.psqlPath ?? path.join(bindir, "psql"),
        });
    } finally {
        stopListening();
        await remove();
    }
}
