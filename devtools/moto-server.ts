import { spawn, type ChildProcess } from "node:child_process";
import { findFreePort } from "./free-port";

export interface MotoServerOptions {
    /** Executable to run. Default `$MOTO_SERVER_PATH`, else `moto_server` from PATH. */
    readonly command?: string;
    /** Arguments before moto's `-H <host> -p <port>`, e.g. a launcher script for `python3`. Default none. */
    readonly leadingArgs?: readonly string[];
    /** Port to bind. Default: a free loopback port. */
    readonly port?: number;
    /** Milliseconds to wait until the server answers HTTP. Default 30000. */
    readonly startTimeoutMs?: number;
    /**
     * Aborting it while the server starts stops the server and rejects: the server runs in a process group
     * of its own, so a Ctrl-C meant for the caller never reaches it. Default: none.
     */
    readonly signal?: AbortSignal;
}

export interface MotoServer {
    /** e.g. `http://127.0.0.1:45123`; use as AWS_ENDPOINT_URL with path-style S3 addressing. */
    readonly endpoint: string;
    readonly port: number;
    /** The server's process (the leader of its own process group). */
    readonly pid: number | undefined;
    /** Environment for child processes: endpoint, region and dummy credentials moto accepts. */
    readonly env: Readonly<Record<string, string>>;
    /** Kills the server (SIGTERM, then SIGKILL after 5 s). Safe to call twice. */
    stop(): Promise<void>;
}

const INSTALL_HINT = "install it with `pip install 'moto[server]'` or set MOTO_SERVER_PATH";

export async function startMotoServer(options: MotoServerOptions = {}): Promise<MotoServer> {
    const command = options.command ?? process.env.MOTO_SERVER_PATH ?? "moto_server";
    const port = options.port ?? (await findFreePort());
    const endpoint = `http://127.0.0.1:${port}`;
    // Its own process group, so stop() also reaches a python child if a launcher shim does not exec.
    const child = spawn(command, [...(options.leadingArgs ?? []), "-H", "127.0.0.1", "-p", String(port)], {
        stdio: ["ignore", "ignore", "pipe"],
        detached: true,
    });
    let stderrTail = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
        stderrTail = (stderrTail + chunk).slice(-4000);
    });
    const exited = new Promise<string>((resolve) => {
        child.once("error", (error: NodeJS.ErrnoException) =>
            resolve(
                error.code === "ENOENT"
                    ? `\`${command}\` was not found; ${INSTALL_HINT}`
                    : `could not run \`${command}\`: ${error.message}`,
            ),
        );
        child.once("exit", (code, signal) =>
            resolve(`\`${command}\` exited early (${signal ?? `code ${code}`}): ${stderrTail.trim()}`),
        );
    });
    const stop = () => killGroup(child);

    const deadline = Date.now() + (options.startTimeoutMs ?? 30000);
    let exitMessage: string | undefined;
    void exited.then((message) => (exitMessage = message));
    while (Date.now() < deadline) {
        if (options.signal?.aborted) {
            await stop();
            throw new Error("moto_server was stopped while it started: the start was aborted");
        }
        if (exitMessage !== undefined) {
            await stop();
            throw new Error(`could not start moto_server: ${exitMessage}`);
        }
        if (await answers(endpoint)) {
            const env = {
                AWS_ENDPOINT_URL: endpoint,
                AWS_REGION: "us-east-1",
                AWS_ACCESS_KEY_ID: "testing",
                AWS_SECRET_ACCESS_KEY: "testing",
            };
            return { endpoint, port, pid: child.pid, env, stop };
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await stop();
    throw new Error(`moto_server did not answer on ${endpoint} within the timeout: ${stderrTail.trim()}`);
}

async function answers(endpoint: string): Promise<boolean> {
    try {
        const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        return true;
    } catch {
        return false;
    }
}

async function killGroup(child: ChildProcess): Promise<void> {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const signal = (name: NodeJS.Signals) => {
        try {
            process.kill(-child.pid!, name);
        } catch {
            // Already gone.
        }
    };
    signal("SIGTERM");
    const timer = setTimeout(() => signal("SIGKILL"), 5000);
    await gone;
    clearTimeout(timer);
}
