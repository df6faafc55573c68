/**
 * `npm run demo`: Strongbox doing its job on this machine, without an AWS account. It reads the backup
 * stack's bucket from the real program (offline preview of `prod-backup`), starts a throwaway PostgreSQL
 * and moto_server on free loopback ports, creates that bucket in the emulator as the stack declares it,
 * fills two databases, and runs the shipped CLI bundle as CodeBuild would: dump, verify, drill into a
 * throwaway cluster, with receipts. Then it shows the protections: a version that cannot be deleted, a
 * forgery that verify reports. It prints a report and stops everything it started, also on Ctrl-C,
 * SIGTERM or a failure.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import * as os from "node:os";
import { Children } from "./children";
import { Progress } from "./progress";
import { type DemoReport, formatReport } from "./report";
import { runDemo } from "./run-demo";
import { Teardown } from "./teardown";

interface Args {
    stack: string;
    scale: number;
    json: boolean;
}

function parseArgs(argv: readonly string[]): Args {
    const scale = (text: string) => {
        const n = Number(text);
        if (!/^\d+$/.test(text) || n < 1 || n > 100)
            throw new InvalidArgumentError("a whole number from 1 to 100");
        return n;
    };
    const program = new Command("npm run demo --")
        .description("Strongbox end to end on this machine: PostgreSQL 15 and moto_server, no AWS account.")
        .addOption(
            new Option("--stack <name>", "the backup stack whose bucket is emulated").default("prod-backup"),
        )
        .addOption(
            new Option("--scale <n>", "pgbench scale of each database (10 is ~100 MB of SQL)")
                .argParser(scale)
                .default(10),
        )
        .addOption(
            new Option("--json", "print the report as one JSON line on stdout (the steps go to stderr)"),
        )
        .parse(argv, { from: "user" });
    const options = program.opts<{ stack: string; scale: number; json?: boolean }>();
    return { stack: options.stack, scale: options.scale, json: options.json === true };
}

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    const progress = new Progress({
        stream: args.json ? process.stderr : process.stdout,
        bars: !args.json && process.stdout.isTTY === true,
    });
    const children = new Children();
    const teardown = new Teardown();
    const controller = new AbortController();
    let shutdown: Promise<string[]> | undefined;
    const stopEverything = () => (shutdown ??= children.stopAll().then(() => teardown.run(progress)));
    let interrupted = false;
    const onSignal = (signal: NodeJS.Signals) => {
        if (interrupted) return;
        interrupted = true;
        progress.note(`${signal}: stopping everything the demo started`);
        controller.abort();
        void stopEverything().finally(() => process.exit(128 + (os.constants.signals[signal] ?? 15)));
    };
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);
    // Node's warnings (the AWS SDK's notice about Node versions) as one step line, not a paragraph.
    process.removeAllListeners("warning");
    process.on("warning", (warning) =>
        progress.note(`(node: ${warning.name}: ${warning.message.split("\n")[0]})`),
    );

    let report: Omit<DemoReport, "stopped"> | undefined;
    let failure: unknown;
    try {
        report = await runDemo(args, { progress, children, teardown, signal: controller.signal });
    } catch (error) {
        failure = error;
    }
    // A signal's handler stops everything and exits with the signal's code; nothing more to do here.
    if (interrupted) return new Promise<number>(() => undefined);
    const stopped = await stopEverything();
    if (!report) {
        process.stderr.write(`\ndemo failed: ${(failure as Error)?.message ?? String(failure)}\n`);
        return 1;
    }
    const full: DemoReport = { ...report, stopped, seconds: progress.elapsed() };
    process.stdout.write(args.json ? `${JSON.stringify(full)}\n` : `${formatReport(full)}\n`);
    return full.status === "ok" ? 0 : 1;
}

main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        process.stderr.write(`demo failed: ${(error as Error).stack ?? String(error)}\n`);
        process.exit(1);
    },
);
