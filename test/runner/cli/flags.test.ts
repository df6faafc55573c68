import { expect } from "chai";
import type { Command } from "commander";
import { buildProgram } from "../../../runner/cli";
import type { Flags } from "../../../runner/config";
import { type SettingName, SETTINGS } from "../../../runner/config";

const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SECRET_ARN = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:rds/flag-test-AbCdEf";

/**
 * A value for every setting that differs from its default, and what the parsed configuration must then
 * hold. Written out by hand (not derived from the settings table) so that the test checks the table too.
 */
const GIVEN: Record<SettingName, [flagValue: string, parsed: unknown]> = {
    host: ["flag-host.internal", "flag-host.internal"],
    port: ["6543", 6543],
    user: ["flag_user", "flag_user"],
    database: ["flag_db", "flag_db"],
    secretArn: [SECRET_ARN, SECRET_ARN],
    bucket: ["flag-bucket", "flag-bucket"],
    kmsKeyId: [KEY_ARN, KEY_ARN],
    retentionDays: ["41", 41],
    keyPrefix: ["flagprefix", "flagprefix"],
    expectedSize: ["3T", 3 * 1024 ** 4],
    pgDumpPath: ["/opt/flag/bin/pg_dump", "/opt/flag/bin/pg_dump"],
    psqlPath: ["/opt/flag/bin/psql", "/opt/flag/bin/psql"],
    compression: ["zstd", "zstd"],
    // 12 is a zstd level only: gzip's range ends at 9, so this also checks the level follows --compression.
    compressionLevel: ["12", 12],
    zstdPath: ["/opt/flag/bin/zstd", "/opt/flag/bin/zstd"],
    uploadConcurrency: ["5", 5],
    databases: ["flag_a,flag_b", ["flag_a", "flag_b"]],
    maxAgeHours: ["13", 13],
    minRemainingDays: ["4", 4],
    maintenanceDb: ["flag_maintenance", "flag_maintenance"],
    targetDb: ["flag_target", "flag_target"],
    key: [
        "flagprefix/flag_db/2026/01/01/flag_db_20260101T000000Z.sql.gz",
        "flagprefix/flag_db/2026/01/01/flag_db_20260101T000000Z.sql.gz",
    ],
    versionId: ["flag-version-3HL4kqtJlcpXroDTDmJ", "flag-version-3HL4kqtJlcpXroDTDmJ"],
    limit: ["7", 7],
    expectedDatabases: [
        '[{"database":"flag_estate","keyPrefix":"flagprefix2","rpoHours":5}]',
        [{ database: "flag_estate", keyPrefix: "flagprefix2", rpoHours: 5 }],
    ],
    pgBindir: ["/opt/flag/pg/bin", "/opt/flag/pg/bin"],
    rtoSeconds: ["900", 900],
    // At least --retention-days (41 above), which the runner checks.
    receiptRetentionDays: ["401", 401],
};

/** Settings verify parses into its targets rather than into a field of their own. */
const VIEW: Partial<Record<SettingName, (config: Record<string, unknown>) => unknown>> = {
    databases: (c) => (c.targets as Array<{ database: string }>).map((t) => t.database),
    expectedDatabases: (c) => c.targets,
};

/** Switches (no environment variable) and their value in the parsed configuration. */
const SWITCHES: Record<string, (config: Record<string, unknown>) => unknown> = {
    "--force": (c) => c.force,
    "--ephemeral": (c) => c.ephemeral,
    "--publish-metrics": (c) => (c.switches as { publishMetrics: boolean }).publishMetrics,
    "--receipts": (c) => (c.switches as { receipts: boolean }).receipts,
    "--json": (c) => c.json,
    "--all": (c) => c.all,
    // commander's negatable options: given, they turn the skip on.
    "--no-owner": (c) => (c.skips as { owner: boolean }).owner,
    "--no-privileges": (c) => (c.skips as { privileges: boolean }).privileges,
};

/** Switches that take a value: what to give, and what the parsed configuration must then hold. */
const VALUED_SWITCHES: Record<
    string,
    [given: string, view: (config: Record<string, unknown>) => unknown, parsed: unknown]
> = {
    "--dbname": ["flag_db", (c) => c.database, "flag_db"],
    "--kind": ["drill", (c) => c.kind, "drill"],
    "--since": ["2026-11-01", (c) => (c.since as Date).toISOString(), "2026-11-01T00:00:00.000Z"],
    "--until": ["2026-11-02T06:00:00Z", (c) => (c.until as Date).toISOString(), "2026-11-02T06:00:00.000Z"],
    "--at": ["2026-11-03T06:00:00Z", (c) => (c.at as Date).toISOString(), "2026-11-03T06:00:00.000Z"],
};

/**
 * Flags that exclude each other, per command: every flag of a command is tried once per group, with
 * the flags of the other groups left out.
 */
const EXCLUSIVE: Record<string, string[][]> = {
    verify: [["--databases"], ["--expected-databases"]],
    drill: [["--ephemeral"], ["--host", "--port", "--user", "--db-secret-arn", "--maintenance-db"]],
    list: [["--all"], ["--dbname"]],
    restore: [["--at"], ["--key", "--version-id"]],
};

function settingOfFlag(flag: string | undefined): SettingName | undefined {
    return (Object.keys(SETTINGS) as SettingName[]).find((name) => SETTINGS[name].flag === flag);
}

interface Parsed {
    command: string;
    config: Record<string, unknown>;
    logFormat: string | undefined;
    progressEvery: number | undefined;
}

/** Runs a command line through the real program, but parses instead of running: no environment at all. */
async function parse(args: string[]): Promise<Parsed> {
    let parsed: Parsed | undefined;
    const program = buildProgram(async (spec, flags: Flags, logFormat, progressEvery) => {
        const config = spec.parse(flags, {}) as Record<string, unknown>;
        parsed = { command: spec.name, config, logFormat, progressEvery };
    });
    for (const command of program.commands) command.exitOverride();
    await program.parseAsync(args, { from: "user" });
    if (!parsed) throw new Error(`nothing parsed for ${args.join(" ")}`);
    return parsed;
}

/** Every option the command accepts, each with a distinctive value; an option this test does not know fails. */
function everyFlagOf(command: Command, leaveOut: readonly string[] = []): string[] {
    const args: string[] = [];
    for (const option of command.options) {
        const setting = settingOfFlag(option.long);
        if (leaveOut.includes(option.long!)) continue;
        if (option.long! in VALUED_SWITCHES) args.push(option.long!, VALUED_SWITCHES[option.long!][0]);
        else if (setting) args.push(option.long!, GIVEN[setting][0]);
        else if (option.long! in SWITCHES) args.push(option.long!);
        else if (option.long === "--log-format") args.push("--log-format", "json");
        else if (option.long === "--progress-every") args.push("--progress-every", "0.25");
        else throw new Error(`${command.name()} ${option.long}: give it a value in this test`);
    }
    return args;
}

/** The flag sets to try for a command: all of them, or one per group of flags that exclude each other. */
function flagSetsOf(command: Command): string[][] {
    const groups = EXCLUSIVE[command.name()];
    if (!groups) return [everyFlagOf(command)];
    return groups.map((group) => everyFlagOf(command, groups.filter((g) => g !== group).flat()));
}

describe("strongbox flags", () => {
    const commands = buildProgram().commands;

    it("offers the seven commands", () => {
        expect(commands.map((c) => c.name())).to.deep.equal([
            "dump",
            "verify",
            "drill",
            "canary",
            "list",
            "report",
            "restore",
        ]);
    });

    for (const command of commands) {
        it(`\`${command.name()}\`: every flag takes effect in the parsed configuration, without any environment`, async () => {
            for (const args of flagSetsOf(command)) {
                const parsed = await parse([command.name(), ...args]);
                expect(parsed.command).to.equal(command.name());
                const flags = args.filter((a) => a.startsWith("--"));
                const settings = flags
                    .filter((f) => !(f in VALUED_SWITCHES))
                    .map((f) => settingOfFlag(f))
                    .filter((s) => s !== undefined);
                expect(settings, "the command has settings").to.have.length.greaterThan(0);
                for (const setting of settings) {
                    const value = VIEW[setting]?.(parsed.config) ?? parsed.config[setting];
                    expect(value, `${SETTINGS[setting].flag} -> ${setting}`).to.deep.equal(GIVEN[setting][1]);
                }
                for (const flag of flags.filter((f) => f in SWITCHES)) {
                    expect(SWITCHES[flag](parsed.config), flag).to.equal(true);
                }
                for (const flag of flags.filter((f) => f in VALUED_SWITCHES)) {
                    const [, view, expected] = VALUED_SWITCHES[flag];
                    expect(view(parsed.config), flag).to.deep.equal(expected);
                }
                expect(parsed.logFormat).to.equal("json");
                expect(parsed.progressEvery).to.equal(0.25);
            }
        });
    }

    it("reads --db-secret-arn, which commander stores as `dbSecretArn`, as the secret", async () => {
        const required: Record<string, string[]> = {
            dump: ["--bucket", "b", "--kms-key-id", KEY_ARN, "--retention-days", "35"],
            drill: ["--bucket", "b", "--dbname", "d"],
            restore: ["--bucket", "b", "--dbname", "d", "--target-db", "t"],
        };
        for (const [name, args] of Object.entries(required)) {
            const parsed = await parse([name, "--db-secret-arn", SECRET_ARN, ...args]);
            expect(parsed.config.secretArn, name).to.equal(SECRET_ARN);
        }
    });

    it("leaves restore's --force, --no-owner and --no-privileges off unless they are given", async () => {
        const given = ["--force", "--no-owner", "--no-privileges"];
        const args = everyFlagOf(commandNamed("restore"), ["--at"]).filter((a) => !given.includes(a));
        const { config } = await parse(["restore", ...args]);
        expect(config.force).to.equal(false);
        expect(config.skips).to.deep.equal({ owner: false, privileges: false });
    });

    function commandNamed(name: string): Command {
        return commands.find((c) => c.name() === name)!;
    }
});
