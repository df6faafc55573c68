import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../../..");
const DEMO = path.join(REPO_ROOT, "scripts/demo/index.ts");
const MARKER_VARIABLE = "STRONGBOX_DEMO_TEST_RUN";

export interface DemoRun {
    /** Every process that inherited this run's marker: the demo's own and every one it started. */
    marked(): Array<{ pid: number; command: string }>;
    /** The run's private temporary directory (TMPDIR); the demo must leave it as it found it. */
    tmpdir: string;
    child: ChildProcess;
    stderrLines: string[];
    /** Resolves when the demo exits, with its code (or 128 + the signal's number) and its stdout. */
    finished: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
    /** Removes the (empty) temporary directory. */
    cleanup(): void;
}

/**
 * The processes whose environment holds `marker`, read from /proc: every descendant inherits the demo's
 * environment (runuser keeps it too), however it was started (moto in a process group of its own,
 * postgres detached by pg_ctl), so this finds what the process table alone would not tie to the run.
 */
function markedProcesses(marker: string): Array<{ pid: number; command: string }> {
    const found: Array<{ pid: number; command: string }> = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const environ = fs.readFileSync(`/proc/${entry}/environ`, "latin1").split("\0");
            if (!environ.includes(`${MARKER_VARIABLE}=${marker}`)) continue;
            const command = fs.readFileSync(`/proc/${entry}/cmdline`, "latin1").split("\0").join(" ").trim();
            found.push({ pid: Number(entry), command });
        } catch {
            // Gone meanwhile, or not ours to read.
        }
    }
    return found;
}

/**
 * Starts `npm run demo`'s program (ts-node, the built bundle already there) in a process group of its own,
 * as a shell starts a foreground job, with a fresh TMPDIR (readable by the `postgres` user when the tests
 * run as root) and a marker in its environment.
 */
export function startDemo(args: readonly string[], onStderrLine?: (line: string) => void): DemoRun {
    const marker = randomUUID();
    const tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), "strongbox-demo-test-"));
    fs.chmodSync(tmpdir, 0o755);
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", DEMO, ...args], {
        cwd: REPO_ROOT,
        // ts-node's TypeScript loader keeps a compile cache (v8-compile-cache-<uid>) in TMPDIR for every
        // ts-node run to reuse; with a private TMPDIR it would be created there. Not the demo's, so off.
        env: { ...process.env, TMPDIR: tmpdir, [MARKER_VARIABLE]: marker, DISABLE_V8_COMPILE_CACHE: "1" },
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
    });
    const stderrLines: string[] = [];
    let stdout = "";
    let partial = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
        const lines = (partial + chunk).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
            stderrLines.push(line);
            onStderrLine?.(line);
        }
    });
    const finished = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>(
        (resolve) => child.once("close", (code, signal) => resolve({ code, signal, stdout })),
    );
    return {
        marked: () => markedProcesses(marker),
        tmpdir,
        child,
        stderrLines,
        finished,
        cleanup: () => fs.rmSync(tmpdir, { recursive: true, force: true }),
    };
}
