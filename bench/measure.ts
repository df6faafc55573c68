import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface Measurement {
    seconds: number;
    /** CPU seconds of the command and every descendant it waited for (not of moto or PostgreSQL). */
    cpuSeconds: number | null;
    /** Peak resident set of the command itself, in bytes (see `run`). */
    maxRssBytes: number | null;
    /** 1-minute load average when the step started: how much the machine was shared. */
    loadBefore: number;
    stdout: string;
    stderr: string;
}

const GNU_TIME = "/usr/bin/time";

/**
 * Runs `file args` and measures it. With GNU time present (Debian's `time` package), CPU and peak RSS
 * come from the kernel's rusage of the waited child: exact, nothing sampled. For a node process the
 * rusage maximum also covers the pg_dump it spawns, which is far smaller than node, so it is node's peak.
 * Without GNU time, VmHWM of the direct child is polled (a peak in the last poll interval can be missed).
 */
export async function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measurement> {
    const useTime = fs.existsSync(GNU_TIME);
    const timeFile = path.join(os.tmpdir(), `strongbox-bench-time-${process.pid}-${Date.now()}`);
    const [cmd, cmdArgs] = useTime
        ? [GNU_TIME, ["-o", timeFile, "-f", "%e %U %S %M", file, ...args]]
        : [file, args];
    const loadBefore = os.loadavg()[0];
    const started = process.hrtime.bigint();
    const child = spawn(cmd, cmdArgs, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-20000)));
    let polledHwm = 0;
    const poller = useTime
        ? undefined
        : setInterval(() => (polledHwm = Math.max(polledHwm, vmHwm(child.pid))), 50);
    const code = await new Promise<number | null>((resolve, reject) => {
        child.once("error", reject);
        child.once("close", (exitCode) => resolve(exitCode));
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (poller) clearInterval(poller);
    if (code !== 0) {
        throw new Error(`\`${file} ${args.join(" ")}\` exited ${code}:\n${stderr.trim().slice(-4000)}`);
    }
    if (!useTime)
        return { seconds, cpuSeconds: null, maxRssBytes: polledHwm || null, loadBefore, stdout, stderr };
    const fields = fs.readFileSync(timeFile, "utf8").trim().split(/\s+/).slice(-4).map(Number);
    fs.rmSync(timeFile, { force: true });
    return {
        seconds,
        cpuSeconds: fields[1] + fields[2],
        maxRssBytes: fields[3] * 1024,
        loadBefore,
        stdout,
        stderr,
    };
}

/** Runs a shell pipeline under `bash -o pipefail`, so a failing pg_dump fails the step. */
export function runShell(script: string, env: NodeJS.ProcessEnv): Promise<Measurement> {
    return run("bash", ["-o", "pipefail", "-e", "-c", script], env);
}

function vmHwm(pid: number | undefined): number {
    try {
        const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
        const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
        return match ? Number(match[1]) * 1024 : 0;
    } catch {
        return 0;
    }
}

/** Single-quotes a word for bash. */
export function sh(word: string): string {
    return `'${word.replace(/'/g, "'\\''")}'`;
}
