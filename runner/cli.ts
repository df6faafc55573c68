#!/usr/bin/env node
import { Command, Option } from "commander";
import { formatListTable, runDrill, runDump, runList, runRestore, runVerify } from "./commands";
import {
    ConfigError,
    type Flags,
    parseDrillConfig,
    parseDumpConfig,
    parseListConfig,
    parseRestoreConfig,
    parseVerifyConfig,
    SETTINGS,
    type SettingName,
    DUMP_SETTINGS,
    VERIFY_SETTINGS,
    DRILL_SETTINGS,
    LIST_SETTINGS,
    RESTORE_SETTINGS,
} from "./config";
import { createLogger, type Logger } from "./log";

/** Exit codes: 0 success, 1 the operation failed, 2 the configuration is invalid. */
const EXIT_FAILED = 1;
const EXIT_CONFIG = 2;

const HELP: Record<SettingName, [string, string]> = {
    host: ["<host>", "database host"],
    port: ["<port>", "database port"],
    user: ["<user>", "database user"],
    database: ["<name>", "database name (the dump's key uses it)"],
    secretArn: [
        "<arn>",
        "Secrets Manager secret with the RDS JSON {username,password,host,port,dbname}; " +
            "explicit flags and PG* variables override its fields",
    ],
    bucket: ["<name>", "Object Lock bucket that holds the dumps"],
    kmsKeyId: [
        "<arn|id>",
        "KMS key the dumps are encrypted with: the key ARN (the bucket policy compares ARNs; a bare id suits emulators), not an alias",
    ],
    retentionDays: ["<days>", "days each dump stays COMPLIANCE-locked"],
    keyPrefix: ["<prefix>", "first segment of every key (default: layer3)"],
    expectedSize: [
        "<size>",
        "hint of the compressed dump size (e.g. 800G, 3T) to start with larger parts; " +
            "without it parts start at 8 MiB and double every 1,000 parts (~3.9 TiB in 10,000 parts)",
    ],
    pgDumpPath: ["<path>", "pg_dump executable (default: pg_dump on PATH)"],
    psqlPath: ["<path>", "psql executable (default: psql on PATH)"],
    compressionLevel: ["<1-9>", "gzip level (default: 6)"],
    uploadConcurrency: ["<n>", "parts uploaded at once (default: 2); memory ~ (n+1) x part size"],
    databases: ["<a,b,...>", "comma-separated databases to verify"],
    maxAgeHours: ["<hours>", "RPO: the newest dump must be younger (default: 26)"],
    minRemainingDays: [
        "<days>",
        "lock that must remain on the newest dump (default: retention minus RPO " +
            "minus 1 day when --retention-days is known, else 1)",
    ],
    maintenanceDb: ["<name>", "database to connect to for CREATE/DROP DATABASE (default: postgres)"],
    targetDb: ["<name>", "database to restore into (created if missing)"],
    key: ["<key>", "exact object key to restore (default: the newest dump with a manifest)"],
    limit: ["<n>", "how many dumps to show (default: 20)"],
};

function addSettings(command: Command, names: readonly SettingName[]): Command {
    for (const name of names) {
        const [arg, description] = HELP[name];
        const { flag, env } = SETTINGS[name];
        command.addOption(new Option(`${flag} ${arg}`, `${description} [env ${env}]`));
    }
    return command.addOption(
        new Option(
            "--log-format <format>",
            "stderr log format (default: text on a TTY, json otherwise)",
        ).choices(["text", "json"]),
    );
}

/** commander camel-cases flags; map them back to setting names (e.g. --dbname -> database). */
function flagsOf(options: Record<string, unknown>): Flags {
    const flags: Flags = { ...options };
    flags.database = options.dbname as string | undefined;
    return flags;
}

function loggerFor(options: Record<string, unknown>): Logger {
    const format = options.logFormat as string | undefined;
    const log = createLogger({ json: format === undefined ? undefined : format === "json" });
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

const ENVIRONMENT_HELP = `
Configuration: flags override environment variables. The password is read only from PGPASSWORD or the
DB_SECRET_ARN secret, never from a flag. AWS settings come from the SDK's own variables: AWS_REGION,
AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, and AWS_ENDPOINT_URL
(or AWS_ENDPOINT_URL_S3), which also switches S3 to path-style addressing for emulators and private
endpoints. Transient S3 errors are retried by the SDK (standard mode, 8 attempts, exponential backoff).

Output: exactly one JSON line on stdout; logs on stderr (text on a TTY, JSON lines otherwise).
Exit codes: 0 success, 1 failure, 2 invalid configuration.`;

export function buildProgram(): Command {
    const program = new Command("strongbox")
        .description(
            "Immutable PostgreSQL dumps in an S3 Object Lock bucket, and the tools to prove they restore.",
        )
        .addHelpText("after", ENVIRONMENT_HELP)
        .showHelpAfterError();

    addSettings(
        program
            .command("dump")
            .description(
                "Stream pg_dump (plain SQL) through gzip into a COMPLIANCE-locked, SSE-KMS multipart upload at " +
                    "<prefix>/<db>/<YYYY>/<MM>/<DD>/<db>_<YYYYMMDDTHHMMSSZ>.sql.gz with a locked manifest beside it.",
            ),
        DUMP_SETTINGS,
    ).action(async (options: Record<string, unknown>) => {
        const log = loggerFor(options);
        try {
            const summary = await runDump(parseDumpConfig(flagsOf(options), process.env), log);
            await emit(summary, 0);
        } catch (error) {
            await fail(log, "dump", error);
        }
    });

    addSettings(
        program
            .command("verify")
            .description(
                "Check that each database's newest dump is younger than the RPO, COMPLIANCE-locked long enough, " +
                    "encrypted with the expected key, and that its sha256 matches the manifest.",
            ),
        VERIFY_SETTINGS,
    ).action(async (options: Record<string, unknown>) => {
        const log = loggerFor(options);
        try {
            const report = await runVerify(parseVerifyConfig(flagsOf(options), process.env), log);
            await emit(report, report.status === "ok" ? 0 : EXIT_FAILED);
        } catch (error) {
            await fail(log, "verify", error);
        }
    });

    addSettings(
        program
            .command("drill")
            .description(
                "Restore the newest dump into a scratch database on the given server, compare row counts with " +
                    "the manifest, report the restore time (measured RTO) and drop the scratch database.",
            ),
        DRILL_SETTINGS,
    ).action(async (options: Record<string, unknown>) => {
        const log = loggerFor(options);
        try {
            const report = await runDrill(parseDrillConfig(flagsOf(options), process.env), log);
            if (report.status !== "ok")
                log.error("drill-failed", `drill failed: ${report.problems.join("; ")}`);
            await emit(report, report.status === "ok" ? 0 : EXIT_FAILED);
        } catch (error) {
            await fail(log, "drill", error);
        }
    });

    addSettings(
        program
            .command("list")
            .description("List a database's dumps, newest first, with size, lock mode and retain-until."),
        LIST_SETTINGS,
    ).action(async (options: Record<string, unknown>) => {
        const log = loggerFor(options);
        try {
            const dumps = await runList(parseListConfig(flagsOf(options), process.env));
            await emit(process.stdout.isTTY ? formatListTable(dumps) : dumps, 0);
        } catch (error) {
            await fail(log, "list", error);
        }
    });

    addSettings(
        program
            .command("restore")
            .description(
                "Restore a dump (--key, or the newest with a manifest) into --target-db; refuses a non-empty " +
                    "target unless --force, which drops and recreates it.",
            )
            .addOption(new Option("--force", "drop and recreate a non-empty target database")),
        RESTORE_SETTINGS,
    ).action(async (options: Record<string, unknown>) => {
        const log = loggerFor(options);
        try {
            const config = parseRestoreConfig(flagsOf(options), process.env);
            const summary = await runRestore({ ...config, force: options.force === true }, log);
            if (summary.status !== "ok")
                log.error("restore-failed", `restore problems: ${summary.problems.join("; ")}`);
            await emit(summary, summary.status === "ok" ? 0 : EXIT_FAILED);
        } catch (error) {
            await fail(log, "restore", error);
        }
    });

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
