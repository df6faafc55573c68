import { type ChildProcess, spawn } from "node:child_process";

export interface ChildResult {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
}

/** How long a child asked to stop (SIGTERM) may take to clean up (a drill removing its cluster) before SIGKILL. */
const STOP_GRACE_MS = 30_000;

/**
 * Every process the demo runs, so that Ctrl-C, a kill or a failure can stop each one and wait until it
 * has cleaned up. The children stay in the demo's process group: a Ctrl-C at the terminal reaches them
 * too, and `strongbox` cleans up on SIGINT/SIGTERM by itself (a dump aborts its upload, a drill removes
 * its throwaway cluster); `stopAll` covers a signal sent to the demo alone.
 */
export class Children {
    private readonly running = new Set<ChildProcess>();

    /** Runs `file` to completion; `onStderrLine` sees each line of its stderr as it arrives. */
    run(
        file: string,
        args: readonly string[],
        options: { env: NodeJS.ProcessEnv; onStderrLine?: (line: string) => void },
    ): Promise<ChildResult> {
        return new Promise((resolve, reject) => {
            const child = spawn(file, args, { env: options.env, stdio: ["ignore", "pipe", "pipe"] });
            this.running.add(child);
            let stdout = "";
            let stderr = "";
            let partial = "";
            child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
            child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
                stderr = (stderr + chunk).slice(-65536);
                const lines = (partial + chunk).split("\n");
                partial = lines.pop() ?? "";
                for (const line of lines) options.onStderrLine?.(line);
            });
            child.once("error", (error) => {
                this.running.delete(child);
                reject(new Error(`could not run ${file}: ${error.message}`));
            });
            child.once("close", (code, signal) => {
                this.running.delete(child);
                resolve({ code, signal, stdout, stderr });
            });
        });
    }

    /** Asks every running child to stop and waits for each to exit (SIGKILL after the grace period). */
    async stopAll(): Promise<void> {
        await Promise.all(
            [...this.running].map(
                (child) =>
                    new Promise<void>((resolve) => {
                        if (child.exitCode !== null || child.signalCode !== null) return resolve();
                        const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
                        child.once("close", () => {
                            clearTimeout(timer);
                            resolve();
                        });
                        child.kill("SIGTERM");
                    }),
            ),
        );
    }
}
