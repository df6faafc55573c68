/**
 * The audit jobs against the runner they run. Each project's build command, with exactly the environment the
 * project (and, for the drill, a schedule's overrides) gives it under the mocks, is parsed by the runner's own
 * CLI (`buildProgram`, the commander program `strongbox` is) and by that command's own parse function. So a flag
 * the runner renames, a switch it drops or a variable it stops reading fails here rather than a night's audit; and
 * every variable a project sets is read by someone (the runner's command or the buildspec's own shell), so a
 * misspelt name cannot sit there unread.
 */
import { expect } from "chai";
import { parse } from "yaml";
import { buildProgram } from "../../../runner/cli";
import type { CommandSpec } from "../../../runner/commands";
import {
    ConfigError,
    type DrillConfig,
    type Flags,
    SETTINGS,
    type VerifyConfig,
} from "../../../runner/config";
import { AUDIT_ENV } from "../../../shared/audit";
import { AuditJob } from "../../../components/backup-auditor/jobs/names";
import { RecordedResource } from "../../harness/offline-mocks";
import { declareAuditor, KEY_ARN, named } from "./fixtures";

interface Parsed {
    spec: CommandSpec;
    flags: Flags;
}

/** What `strongbox <argv>` parses into, as the CLI would run it; throws what commander refuses. */
async function parseCommandLine(argv: readonly string[]): Promise<Parsed> {
    let parsed: Parsed | undefined;
    const program = buildProgram(async (spec, flags) => {
        parsed = { spec, flags };
    });
    // Throw instead of exiting the test process, and keep commander's complaint off the test output.
    for (const command of [program, ...program.commands])
        command.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    await program.parseAsync(["node", "strongbox", ...argv]);
    if (parsed === undefined) throw new Error(`strongbox ${argv.join(" ")} ran no command`);
    return parsed;
}

/** The `strongbox ...` line of a rendered buildspec, as words (the jobs quote nothing). */
function commandWords(buildspec: string): string[] {
    const spec = parse(buildspec) as { phases: { build: { commands: string[] } } };
    const lines = spec.phases.build.commands.filter((c) => c.startsWith("strongbox "));
    expect(lines, "exactly one strongbox command in the build phase").to.have.length(1);
    expect(lines[0]).to.not.match(/["'$\\]/);
    return lines[0].split(/\s+/).slice(1);
}

const variablesOf = (project: RecordedResource): Record<string, string | undefined> =>
    Object.fromEntries(
        (
            project.inputs.environment as { environmentVariables: Array<{ name: string; value?: string }> }
        ).environmentVariables.map((v) => [v.name, v.value]),
    );

describe("BackupAuditor jobs and the runner they run", () => {
    let rs: RecordedResource[];
    before(async () => {
        rs = await declareAuditor();
    });
    const project = (job: AuditJob) => named(rs, "aws:codebuild/project:Project", `audit-${job}`);
    const buildspec = (job: AuditJob) => (project(job).inputs.source as { buildspec: string }).buildspec;
    /** What a build of `job` sees: the project's variables, then a schedule's overrides (as CodeBuild applies them). */
    const environmentOf = (job: AuditJob, schedule?: string): NodeJS.ProcessEnv => {
        const env: NodeJS.ProcessEnv = { ...variablesOf(project(job)) };
        if (schedule !== undefined) {
            const input = JSON.parse(
                (named(rs, "aws:scheduler/schedule:Schedule", schedule).inputs.target as { input: string })
                    .input,
            ) as { EnvironmentVariablesOverride: Array<{ Name: string; Value: string }> };
            for (const v of input.EnvironmentVariablesOverride) env[v.Name] = v.Value;
        }
        // The bundle's version id is S3's (unknown under the mocks); the buildspec reads it, the runner does not.
        env.RUNNER_BUNDLE_VERSION ??= "3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY";
        return env;
    };
    const run = async (job: AuditJob, schedule?: string) => {
        const { spec, flags } = await parseCommandLine(commandWords(buildspec(job)));
        expect(spec.name).to.equal(job);
        return { spec, flags, config: spec.parse(flags, environmentOf(job, schedule)) };
    };

    it("verify: the estate from the environment, with metrics and receipts", async () => {
        const { flags, config } = await run("verify");
        expect(flags).to.include({ publishMetrics: true, receipts: true });
        const verify = config as VerifyConfig & { targets: unknown[]; discover: boolean };
        expect(verify.switches).to.deep.equal({ publishMetrics: true, receipts: true });
        expect(verify.discover, "an estate verify also finds databases nobody listed").to.equal(true);
        expect(verify.targets).to.deep.equal([
            { database: "appdb", keyPrefix: "layer3", rpoHours: 30 },
            { database: "billing", keyPrefix: "layer3", rpoHours: 48 },
            { database: "ledger", keyPrefix: "layer3-payments", rpoHours: 30 },
        ]);
        expect(verify).to.include({
            bucket: "acme-strongbox-test-pg-backups",
            kmsKeyId: KEY_ARN,
            retentionDays: 35,
            // The component's receiptRetentionDays: each receipt's own lock.
            receiptRetentionDays: 420,
        });
    });

    it("drill: one database per schedule, in a throwaway cluster, against its own RTO", async () => {
        const { config } = await run("drill", "audit-drill-layer3-billing");
        const drill = config as DrillConfig;
        expect(drill.ephemeral).to.equal(true);
        expect(drill.switches).to.deep.equal({ publishMetrics: true, receipts: true });
        expect(drill).to.include({
            database: "billing",
            keyPrefix: "layer3",
            rtoSeconds: 1800,
            kmsKeyId: KEY_ARN,
            retentionDays: 35,
            receiptRetentionDays: 420,
        });
        // The runner finds the server by the dump's own major version in the directory the package fills.
        expect(drill.pgBindir).to.equal(undefined);
    });

    it("canary: the bucket, its key and retention, with metrics and receipts", async () => {
        const { config } = await run("canary");
        // Its receipts keep the bucket's default lock: its role may lock nothing outside its prefix.
        expect(environmentOf("canary")).to.not.have.property(AUDIT_ENV.receiptRetentionDays);
        expect(config).to.deep.include({
            bucket: "acme-strongbox-test-pg-backups",
            kmsKeyId: KEY_ARN,
            retentionDays: 35,
            switches: { publishMetrics: true, receipts: true },
        });
    });

    it("sets no variable that nobody reads: each is the command's setting, the SDK's region, or the buildspec's", async () => {
        const jobs: Array<[AuditJob, string | undefined]> = [
            ["verify", undefined],
            ["drill", "audit-drill-layer3-appdb"],
            ["canary", undefined],
        ];
        for (const [job, schedule] of jobs) {
            const { spec } = await run(job, schedule);
            const readByRunner = new Set([...spec.settings.map((s) => SETTINGS[s].env), "AWS_REGION"]);
            const readByShell = (name: string) => buildspec(job).includes(`\${${name}}`);
            const unread = Object.keys(environmentOf(job, schedule)).filter(
                (name) => !readByRunner.has(name) && !readByShell(name),
            );
            expect(unread, job).to.deep.equal([]);
        }
    });

    it("would fail on a flag the runner does not know, and on a variable it does not read", async () => {
        // What the first cut of the jobs ran: the runner's switches are --publish-metrics and --receipts.
        let refused: unknown;
        await parseCommandLine(["verify", "--metrics", "--receipt"]).catch((e: unknown) => (refused = e));
        expect((refused as { code?: string } | undefined)?.code).to.equal("commander.unknownOption");
        // Verify without its estate under the name the runner reads is a configuration error, not a quiet spot check.
        const { spec, flags } = await parseCommandLine(commandWords(buildspec("verify")));
        const env = environmentOf("verify");
        env.BACKUP_EXPECTED_DATABASE = env[AUDIT_ENV.expectedDatabases];
        delete env[AUDIT_ENV.expectedDatabases];
        expect(() => spec.parse(flags, env)).to.throw(ConfigError, SETTINGS.expectedDatabases.flag);
    });
});
