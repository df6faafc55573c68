import { execFileSync } from "node:child_process";
import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { findFreePort } from "./free-port";
import { runCommand, runCommandChecked } from "../runner/run-command";

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

export interface PostgresCluster {
    readonly host: string;
    readonly port: number;
    readonly user: string;
    readonly password?: string;
    /** libpq variables for child processes: PGHOST, PGPORT, PGUSER, PGDATABASE (+ PGPASSWORD if set). */
    readonly env: Readonly<Record<string, string>>;
    readonly bindir: string;
    readonly dataDir: string;
    readonly socketDir: string;
    /** Stops the server (immediate mode) and removes every file it created. Safe to call twice. */
    stop(): Promise<void>;
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

/** Renders one postgresql.conf line; values are always single-quoted so units and paths survive. */
export function renderSetting(name: string, value: string | number | boolean): string {
    if (!/^[a-z_][a-z0-9_.]*$/i.test(name)) throw new Error(`invalid PostgreSQL setting name \`${name}\``);
    const text = typeof value === "boolean" ? (value ? "on" : "off") : String(value);
    return `${name} = '${text.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

interface RunAs {
    wrap(file: string, args: string[]): [string, string[]];
    chown(target: string): Promise<void>;
}

/** PostgreSQL refuses to run as root, so as root every server command goes through `runuser -u postgres`. */
async function runAsForCurrentUser(): Promise<RunAs> {
    if (typeof process.getuid !== "function" || process.getuid() !== 0) {
        return { wrap: (file, args) => [file, args], chown: async () => undefined };
    }
    const uid = Number((await runCommandChecked("id", ["-u", "postgres"])).stdout.trim());
    const gid = Number((await runCommandChecked("id", ["-g", "postgres"])).stdout.trim());
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
        throw new Error("running as root but there is no `postgres` system user to run PostgreSQL as");
    }
    return {
        wrap: (file, args) => ["runuser", ["-u", "postgres", "--", file, ...args]],
        chown: async (target) => fs.chown(target, uid, gid),
    };
}

export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
    const bindir = resolvePgBindir(options.bindir);
    const user = options.user ?? "postgres";
    const runAs = await runAsForCurrentUser();
    const baseDir = await fs.mkdtemp(path.join(os.tmpdir(), "strongbox-pg-"));
    const dataDir = path.join(baseDir, "data");
    const socketDir = path.join(baseDir, "sock");
    const logFile = path.join(baseDir, "postgres.log");
    let started = false;

    const pgCtl = (args: string[]) => {
        const [file, wrapped] = runAs.wrap(path.join(bindir, "pg_ctl"), args);
        return runCommand(file, wrapped);
    };
    const stop = async (): Promise<void> => {
        if (started) {
            started = false;
            await pgCtl(["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "30"]);
        }
        await fs.rm(baseDir, { recursive: true, force: true });
    };

    try {
        await fs.mkdir(socketDir);
        await fs.chmod(baseDir, 0o700);
        await runAs.chown(baseDir);
        await runAs.chown(socketDir);

        const initdbArgs = ["-D", dataDir, "-U", user, "--encoding=UTF8", "--locale=C", "--no-sync"];
        if (options.password !== undefined) {
            const pwFile = path.join(baseDir, "pwfile");
            await fs.writeFile(pwFile, `${options.password}\n`, { mode: 0o600 });
            await runAs.chown(pwFile);
            initdbArgs.push(`--pwfile=${pwFile}`, "--auth-local=trust", "--auth-host=scram-sha-256");
        } else {
            initdbArgs.push("--auth=trust");
        }
        const [initdb, initdbWrapped] = runAs.wrap(path.join(bindir, "initdb"), initdbArgs);
        await runCommandChecked(initdb, initdbWrapped);
        await fs.rm(path.join(baseDir, "pwfile"), { force: true });

        const port = await startOnFreePort();
        const env: Record<string, string> = {
            PGHOST: "127.0.0.1",
            PGPORT: String(port),
            PGUSER: user,
            PGDATABASE: "postgres",
        };
        if (options.password !== undefined) env.PGPASSWORD = options.password;
        return {
            host: "127.0.0.1",
            port,
            user,
            password: options.password,
            env,
            bindir,
            dataDir,
            socketDir,
            stop,
        };
    } catch (error) {
        const log = await fs.readFile(logFile, "utf8").catch(() => "");
        await stop().catch(() => undefined);
        const detail = log ? `\n--- postgres.log ---\n${log.slice(-4000)}` : "";
        throw new Error(`could not start a PostgreSQL test cluster: ${(error as Error).message}${detail}`);
    }

    // Retries a few times because another process may grab the probed port before postgres binds it.
    async function startOnFreePort(): Promise<number> {
        let lastError = "";
        for (let attempt = 0; attempt < 5; attempt++) {
            const port = await findFreePort();
            const settings = {
                ...TEST_DEFAULTS,
                port,
                listen_addresses: "127.0.0.1",
                unix_socket_directories: socketDir,
                ...(options.settings ?? {}),
            };
            const conf = Object.entries(settings).map(([k, v]) => renderSetting(k, v));
            await fs.writeFile(path.join(dataDir, "postgresql.auto.conf"), `${conf.join("\n")}\n`);
            const timeout = String(options.startTimeoutSeconds ?? 60);
            const result = await pgCtl(["start", "-D", dataDir, "-l", logFile, "-w", "-t", timeout]);
            if (result.code === 0) {
                started = true;
                return port;
            }
            // pg_ctl may have left a half-started postmaster; make sure it is gone before retrying.
            await pgCtl(["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "10"]);
            lastError = `${result.stderr.trim()} ${result.stdout.trim()}`;
        }
        throw new Error(`pg_ctl start failed 5 times: ${lastError}`);
    }
}
