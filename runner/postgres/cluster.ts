import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { runCommand, runCommandChecked } from "../run-command";
import { findFreePort } from "./free-port";

/**
 * A throwaway PostgreSQL server: initdb into a new temporary directory, `pg_ctl start` on a free loopback
 * port, and, on stop, `pg_ctl stop -m immediate` and removal of every file it made. `drill --ephemeral`
 * restores into one; the tests and the bench (devtools/) start theirs with the same code.
 */
export interface ClusterOptions {
    /** Directory holding `initdb`, `pg_ctl` and `postgres`; required (server-binaries.ts finds drill's). */
    readonly bindir: string;
    /** Superuser name created by initdb. Default `postgres`. */
    readonly user?: string;
    /**
     * Superuser password. When set, TCP connections use scram-sha-256; when unset, loopback connections
     * are trusted. Unix-socket connections are always trusted (the socket directory is private).
     */
    readonly password?: string;
    /** `postgresql.conf` settings, written after the port, listen address and socket directory, so they win. */
    readonly settings?: Readonly<Record<string, string | number | boolean>>;
    /** Seconds `pg_ctl start -w` waits for the server. Default 60. */
    readonly startTimeoutSeconds?: number;
    /** Name prefix of the temporary directory (under the OS temporary directory). Default `strongbox-pg-`. */
    readonly directoryPrefix?: string;
}

export interface PostgresCluster {
    readonly host: string;
    readonly port: number;
    readonly user: string;
    readonly password?: string;
    /** libpq variables for child processes: PGHOST, PGPORT, PGUSER, PGDATABASE (+ PGPASSWORD if set). */
    readonly env: Readonly<Record<string, string>>;
    readonly bindir: string;
    /** The temporary directory that holds everything below; removed by stop(). */
    readonly baseDir: string;
    readonly dataDir: string;
    readonly socketDir: string;
    /** Stops the server (immediate mode) and removes every file it created. Safe to call twice. */
    stop(): Promise<void>;
}

/** A cluster whose directory exists; `stop()` works in every state, also before `start()` finished. */
export interface ClusterHandle {
    readonly baseDir: string;
    readonly dataDir: string;
    start(): Promise<PostgresCluster>;
    stop(): Promise<void>;
}

/** What every cluster directory records, so that a later run can tell an abandoned one from a live one. */
export const OWNER_FILE = "strongbox-owner.json";

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
    const ids = await Promise.all([
        runCommand("id", ["-u", "postgres"]),
        runCommand("id", ["-g", "postgres"]),
    ]);
    const [uid, gid] = ids.map((r) => (r.code === 0 ? Number(r.stdout.trim()) : NaN));
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
        throw new Error(
            "running as root, but there is no `postgres` system user to run PostgreSQL as (PostgreSQL " +
                "refuses to run as root); install the PostgreSQL server package, which creates it, or run as " +
                "another user",
        );
    }
    return {
        wrap: (file, args) => ["runuser", ["-u", "postgres", "--", file, ...args]],
        chown: async (target) => fs.chown(target, uid, gid),
    };
}

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function processExists(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === "EPERM";
    }
}

async function postmasterPid(dataDir: string): Promise<number | undefined> {
    const text = await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => undefined);
    const pid = Number(text?.split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (processExists(pid)) {
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
}

/**
 * Stops whatever server runs on `dataDir` and removes `baseDir`. `pg_ctl stop -m immediate` ends the
 * postmaster and its backends at once (nothing in a throwaway cluster is worth a checkpoint); if the
 * postmaster is still there after that, it is killed, so no server outlives the directory it ran in.
 */
async function stopAndRemove(bindir: string, runAs: RunAs, baseDir: string, dataDir: string): Promise<void> {
    const pid = await postmasterPid(dataDir);
    if (pid !== undefined && processExists(pid)) {
        const [file, args] = runAs.wrap(path.join(bindir, "pg_ctl"), [
            "stop",
            ...["-D", dataDir, "-m", "immediate", "-w", "-t", "30"],
        ]);
        await runCommand(file, args).catch(() => undefined);
        if (!(await waitUntilGone(pid, 5000))) {
            try {
                process.kill(pid, "SIGKILL");
            } catch {
                // Gone between the check and the kill.
            }
            await waitUntilGone(pid, 5000);
        }
    }
    await fs.rm(baseDir, { recursive: true, force: true });
}

/** Creates the cluster's private directory (owned by `postgres` when running as root); nothing runs yet. */
export async function createCluster(options: ClusterOptions): Promise<ClusterHandle> {
    const { bindir } = options;
    const user = options.user ?? "postgres";
    const runAs = await runAsForCurrentUser();
    const baseDir = await fs.mkdtemp(path.join(os.tmpdir(), options.directoryPrefix ?? "strongbox-pg-"));
    const dataDir = path.join(baseDir, "data");
    const socketDir = path.join(baseDir, "sock");
    const logFile = path.join(baseDir, "postgres.log");
    let starting: Promise<PostgresCluster> | undefined;
    let stopping: Promise<void> | undefined;
    let stopRequested = false;
    const remove = () => stopAndRemove(bindir, runAs, baseDir, dataDir);
    // A stop while the cluster starts (a SIGINT during initdb) waits for the step under way, which then
    // gives up, so that no initdb or pg_ctl recreates the directory after it was removed.
    const stop = () =>
        (stopping ??= (async () => {
            stopRequested = true;
            await starting?.catch(() => undefined);
            await remove();
        })());
    const giveUpIfStopped = () => {
        if (stopRequested) throw new Error("the cluster was stopped while it started");
    };
    const run = (name: string, args: string[]) => runCommand(...runAs.wrap(path.join(bindir, name), args));

    async function initialise(): Promise<void> {
        await fs.writeFile(
            path.join(baseDir, OWNER_FILE),
            `${JSON.stringify({ pid: process.pid, bindir, createdAt: new Date().toISOString() })}\n`,
        );
        await fs.mkdir(socketDir);
        await fs.chmod(baseDir, 0o700);
        await runAs.chown(baseDir);
        await runAs.chown(socketDir);
        const initdbArgs = ["-D", dataDir, "-U", user, "--encoding=UTF8", "--locale=C", "--no-sync"];
        const pwFile = path.join(baseDir, "pwfile");
        if (options.password !== undefined) {
            await fs.writeFile(pwFile, `${options.password}\n`, { mode: 0o600 });
            await runAs.chown(pwFile);
            initdbArgs.push(`--pwfile=${pwFile}`, "--auth-local=trust", "--auth-host=scram-sha-256");
        } else {
            initdbArgs.push("--auth=trust");
        }
        try {
            await runCommandChecked(...runAs.wrap(path.join(bindir, "initdb"), initdbArgs));
        } finally {
            await fs.rm(pwFile, { force: true });
        }
    }

    // Retries a few times because another process may grab the probed port before postgres binds it.
    async function startOnFreePort(): Promise<number> {
        let lastError = "";
        for (let attempt = 0; attempt < 5; attempt++) {
            giveUpIfStopped();
            const port = await findFreePort();
            const settings = {
                port,
                listen_addresses: "127.0.0.1",
                unix_socket_directories: socketDir,
                ...(options.settings ?? {}),
            };
            const conf = Object.entries(settings).map(([k, v]) => renderSetting(k, v));
            await fs.writeFile(path.join(dataDir, "postgresql.auto.conf"), `${conf.join("\n")}\n`);
            const timeout = String(options.startTimeoutSeconds ?? 60);
            const result = await run("pg_ctl", ["start", "-D", dataDir, "-l", logFile, "-w", "-t", timeout]);
            if (result.code === 0) return port;
            // pg_ctl may have left a half-started postmaster; make sure it is gone before retrying.
            await run("pg_ctl", ["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "10"]);
            lastError = `${result.stderr.trim()} ${result.stdout.trim()}`;
        }
        throw new Error(`pg_ctl start failed 5 times: ${lastError}`);
    }

    const startOnce = async (): Promise<PostgresCluster> => {
        try {
            giveUpIfStopped();
            await initialise();
            const port = await startOnFreePort();
            // Started, but stopped meanwhile: the catch below stops the server it just started.
            giveUpIfStopped();
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
                baseDir,
                dataDir,
                socketDir,
                stop,
            };
        } catch (error) {
            const log = stopRequested ? "" : await fs.readFile(logFile, "utf8").catch(() => "");
            // Not stop(): a stop under way waits for this very start to settle.
            await remove().catch(() => undefined);
            const detail = log ? `\n--- postgres.log ---\n${log.slice(-4000)}` : "";
            throw new Error(`could not start a PostgreSQL cluster: ${(error as Error).message}${detail}`);
        }
    };
    const start = () => (starting ??= startOnce());
    return { baseDir, dataDir, start, stop };
}

/**
 * Stops and removes the clusters that runs killed outright (SIGKILL, a lost machine) left under the OS
 * temporary directory: only directories named `<directoryPrefix>…` whose owner file names a process that
 * no longer exists. A live run's cluster, and anything without that file, is never touched. Returns the
 * directories removed.
 */
export async function removeAbandonedClusters(directoryPrefix: string): Promise<string[]> {
    const removed: string[] = [];
    const names = await fs.readdir(os.tmpdir()).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith(directoryPrefix))) {
        const baseDir = path.join(os.tmpdir(), name);
        let owner: { pid?: unknown; bindir?: unknown };
        try {
            owner = JSON.parse(await fs.readFile(path.join(baseDir, OWNER_FILE), "utf8")) as typeof owner;
        } catch {
            continue;
        }
        if (typeof owner.pid !== "number" || typeof owner.bindir !== "string" || processExists(owner.pid)) {
            continue;
        }
        await stopAndRemove(owner.bindir, await runAsForCurrentUser(), baseDir, path.join(baseDir, "data"));
        removed.push(baseDir);
    }
    return removed;
}

/** createCluster + start: the server runs when this resolves, and nothing is left behind when it throws. */
export async function startCluster(options: ClusterOptions): Promise<PostgresCluster> {
    return (await createCluster(options)).start();
}
