#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from "commander";
import { MAX_RETRY_DELAY_MS, RETRY_WINDOW_MS, SURVIVED_OUTAGE_MS } from "./aws-retry";
import { type CommandSpec, COMMANDS } from "./commands";
import { ConfigError, type Flags, settingOption, settingsFromOptions } from "./config";
import { createLogger, type Logger } from "./log";

/** Exit codes: 0 success, 1 the operation failed, 2 the configuration is invalid. */
const EXIT_FAILED = 1;
const EXIT_CONFIG = 2;

/**
 * What runs once commander has parsed a command line: `flags` holds the given settings under their
 * setting names and each switch (e.g. `force`) under its attribute name. The CLI runs the command and
 * exits; tests pass their own handler to see what a command line parses into.
 */
export type CommandHandler = (
    spec: CommandSpec,
    flags: Flags,
    logFormat: string | undefined,
    progressEvery?: number,
) => Promise<void>;

function logFormatOption(): Option {
    return new Option(
        "--log-format <format>",
        "stderr log format (default: text on a TTY, json otherwise)",
    ).choices(["text", "json"]);
}

/**
 * How often a long command (a dump) logs its progress. A program that drives the CLI and draws its own
 * progress bar from the JSON records (the demo) asks for more than CloudWatch's one every 5 s.
 */
function progressEveryOption(): Option {
    return new Option(
        "--progress-every <seconds>",
        "least time between two progress records (default: 0.5 on a TTY, 5 otherwise)",
    ).argParser((text) => {
        const seconds = Number(text);
        if (!/^\d+(\.\d+)?$/.test(text) || seconds <= 0) {
            throw new InvalidArgumentError("a positive number of seconds, such as 0.2 or 5");
        }
        return seconds;
    });
}

function loggerFor(format: string | undefined, progressEvery?: number): Logger {
    const log = createLogger({
        json: format === undefined ? undefined : format === "json",
        progressIntervalMs: progressEvery === undefined ? undefined : progressEvery * 1000,
    });
    // Node prints warnings (e.g. the AWS SDK's Node version notice) as plain text; route them through the
    // logger so that stderr stays one JSON object per line for CloudWatch queries.
    process.removeAllListeners("warning");
    process.on("warning", (warning) => log.warn("node-warning", warning.message, { name: warning.name }));
    return log;
}

async function emit(line: unknown, exitCode: number): Promise<never> {
    const text = typeof line === "string" ? line : JSON.stringify(line);
    await new Promise<void>((resolve) => process.stdout.write(`${text}\n`, () => resolve()));
    process.exit(exitCode);
}

async function fail(log: Logger, command: string, error: unknown): Promise<never> {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`${command}-failed`, `${command} failed: ${message}`);
    await new Promise<void>((resolve) => process.stderr.write("", () => resolve()));
    process.exit(error instanceof ConfigError ? EXIT_CONFIG : EXIT_FAILED);
}

/** The same for every command: parse, run, print one JSON line, exit with the outcome's code. */
async function runAndExit(
    spec: CommandSpec,
    flags: Flags,
    logFormat: string | undefined,
    progressEvery?: number,
): Promise<void> {
    const log = loggerFor(logFormat, progressEvery);
    try {
        const outcome = await spec.execute(flags, process.env, log);
        await emit(outcome.output, outcome.ok ? 0 : EXIT_FAILED);
    } catch (error) {
        await fail(log, spec.name, error);
    }
}

/** One commander command from a spec: its switches, its settings as options, the log format. */
function addCommand(program: Command, spec: CommandSpec, handle: CommandHandler): void {
    const command = program.command(spec.name).description(spec.description);
    const switches = spec.switches?.() ?? [];
    for (const option of switches) command.addOption(option);
    for (const name of spec.settings) command.addOption(settingOption(name));
    const logFormat = logFormatOption();
    const progressEvery = progressEveryOption();
    command.addOption(logFormat);
    command.addOption(progressEvery);
    command.action(async (options: Record<string, unknown>) => {
        const flags = settingsFromOptions(spec.settings, options);
        for (const option of switches) flags[option.attributeName()] = options[option.attributeName()];
        await handle(
            spec,
            flags,
            options[logFormat.attributeName()] as string | undefined,
            options[progressEvery.attributeName()] as number | undefined,
        );
    });
}

const ENVIRONMENT_HELP = `
Configuration: flags override environment variables. The password is read only from PGPASSWORD or the
DB_SECRET_ARN secret, never from a flag. AWS settings come from the SDK's own variables: AWS_REGION,
AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, and AWS_ENDPOINT_URL
(or AWS_ENDPOINT_URL_S3), which also switches S3 to path-style addressing for emulators and private
endpoints. Throttling, 5xx and connection errors from S3 and Secrets Manager are retried for up to
${RETRY_WINDOW_MS / 1000} s per request (waits doubling up to ${MAX_RETRY_DELAY_MS / 1000} s), so up to \
${SURVIVED_OUTAGE_MS / 1000} s of trouble is ridden out.

Output: exactly one JSON line on stdout; logs on stderr (text on a TTY, JSON lines otherwise).
Exit codes: 0 success, 1 failure, 2 invalid configuration.`;

export function buildProgram(handle: CommandHandler = runAndExit): Command {
    const program = new Command("strongbox")
        .description(
            "Immutable PostgreSQL dumps in an S3 Object Lock bucket, and the tools to prove they restore.",
        )
        .addHelpText("after", ENVIRONMENT_HELP)
        .showHelpAfterError();
    for (const spec of COMMANDS) addCommand(program, spec, handle);
    return program;
}

if (require.main === module) {
    buildProgram()
        .parseAsync(process.argv)
        .catch((error: unknown) => {
            process.stderr.write(`strongbox: ${(error as Error).message}\n`);
            process.exit(EXIT_FAILED);
        });
}
