import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../../..");
export const BUILT_CLI = path.join(REPO_ROOT, "dist/runner/cli.js");

export interface CliResult {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    /** stderr lines that parse as JSON log records (the non-TTY log format). */
    logs: Array<Record<string, unknown>>;
}

/**
 * Runs the built CLI like CodeBuild would: a child process, stdout and stderr piped (so logs are JSON),
 * only the environment given here plus PATH/HOME.
 */
export function runCli(
    args: string[],
    env: Record<string, string>,
    hooks: { onLog?: (record: Record<string, unknown>, child: ChildProcess) => void } = {},
): Promise<CliResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BUILT_CLI, ...args], {
            env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
        });
        let stdout = "";
        let stderr = "";
        let partial = "";
        const logs: Array<Record<string, unknown>> = [];
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
            stderr += chunk;
            partial += chunk;
            const lines = partial.split("\n");
            partial = lines.pop() ?? "";
            for (const line of lines) {
                try {
                    const record = JSON.parse(line) as Record<string, unknown>;
                    logs.push(record);
                    hooks.onLog?.(record, child);
                } catch {
                    // Not a log record (e.g. a Node warning); kept in stderr.
                }
            }
        });
        child.once("error", reject);
        child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr, logs }));
    });
}
