import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

export interface CommandResult {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
}

/** Runs a command to completion and collects its output; never throws for a non-zero exit (callers decide). */
export async function runCommand(
    file: string,
    args: readonly string[],
    options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(file, args, { env: options.env ?? process.env, cwd: options.cwd });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.once("error", reject);
        child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
        // A child that exits without reading stdin must not crash us with EPIPE.
        child.stdin.on("error", () => undefined);
        child.stdin.end(options.input ?? "");
    });
}

/** Like runCommand, but a non-zero exit becomes an error that shows the command and its stderr. */
export async function runCommandChecked(
    file: string,
    args: readonly string[],
    options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): Promise<CommandResult> {
    const result = await runCommand(file, args, options);
    if (result.code !== 0) {
        const how = result.signal ? `signal ${result.signal}` : `exit code ${result.code}`;
        throw new Error(
            `${file} ${args.join(" ")} failed with ${how}:\n${result.stderr.trim() || result.stdout.trim()}`,
        );
    }
    return result;
}

export interface RunningProcess {
    child: ChildProcessWithoutNullStreams;
    /** Resolves when the process has exited and its stderr is drained; rejects on a non-zero exit. */
    finished: Promise<void>;
    kill(): void;
}

/**
 * Starts a child whose stdout the caller streams. Its stderr is kept (last 16 KiB) for the error
 * message; credentials are in `env`, never in `args`.
 */
export function startProcess(
    name: string,
    file: string,
    args: string[],
    env: NodeJS.ProcessEnv,
): RunningProcess {
    const child = spawn(file, args, { env, stdio: ["pipe", "pipe", "pipe"] });
    let stderrTail = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderrTail = (stderrTail + chunk).slice(-16384);
    });
    const finished = new Promise<void>((resolve, reject) => {
        child.once("error", (error) =>
            reject(new Error(`could not start ${name} (${file}): ${error.message}`)),
        );
        child.once("close", (code, signal) => {
            if (code === 0) return resolve();
            const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
            reject(new Error(`${name} ${how}: ${stderrTail.trim() || "(no stderr)"}`));
        });
    });
    // Callers attach their own handlers; this one only prevents an unhandled rejection in between.
    finished.catch(() => undefined);
    return {
        child,
        finished,
        kill: () => {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        },
    };
}
