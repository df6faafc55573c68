import { spawn } from "node:child_process";

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
        throw new Error(`${file} ${args.join(" ")} failed with ${how}:\n${result.stderr.trim() || result.stdout.trim()}`);
    }
    return result;
}
