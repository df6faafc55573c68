/**
 * The config reports the components' own problems under its keys, and hands the components exactly
 * the args it validated. (The table of bad configurations is config.test.ts.)
 */
import { expect } from "chai";
import { roleOutsideAccounts } from "../../components/common/principals";
import { pgDumpRunnerProblems } from "../../components/pg-dump-runner/validate";
import { readStackRawConfig } from "../../scripts/preview-offline";
import {
    ConfigError,
    immutableBackupBucketArgs,
    parseStackConfig,
    pgDumpRunnerArgs,
} from "../../stacks/config";
import { configKey, configProblems, FieldMap } from "../../stacks/config/problems";

// Mutations reach into arbitrary nested YAML; typing each path would hide the intent.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyJson = any;

function problemsOf(raw: Record<string, unknown>, region: string, mutate: (r: AnyJson) => void): string[] {
    const copy = structuredClone(raw);
    mutate(copy);
    try {
        parseStackConfig(copy, region);
    } catch (err) {
        if (err instanceof ConfigError) return err.problems;
        throw err;
    }
    return [];
}

describe("stack config: the components' rules", () => {
    const backup = readStackRawConfig("prod-backup");
    const source = readStackRawConfig("prod-source");

    it("maps component fields to config keys by their longest listed prefix", () => {
        const map: FieldMap = {
            databases: "strongbox:source.databases",
            replica: "strongbox:backup.bucket.replica",
            "replica.bucketName": "strongbox:backup.bucket.replica.name",
            region: { key: "aws:region", says: "the stack's region" },
        };
        expect(configKey("databases[2].name", map, "strongbox:source")).to.equal(
            "strongbox:source.databases[2].name",
        );
        expect(configKey("replica.region", map, "x")).to.equal("strongbox:backup.bucket.replica.region");
        expect(configKey("replica.bucketName", map, "x")).to.equal("strongbox:backup.bucket.replica.name");
        expect(configKey("regionally", map, "strongbox:backup")).to.equal("strongbox:backup (`regionally`)");
        expect(
            configProblems(
                [{ field: "replica.region", message: "must differ from `region` ap-1" }],
                map,
                "x",
            ),
        ).to.deep.equal([
            "`strongbox:backup.bucket.replica.region` must differ from the stack's region ap-1",
        ]);
    });

    it("reports the bucket's own reason for a writer outside the source accounts, not a copy of it", () => {
        const stranger = "arn:aws:iam::333333333333:role/x";
        const problems = problemsOf(
            backup.raw,
            backup.region,
            (r) => (r.backup.writers[0].roleArn = stranger),
        );
        expect(problems).to.deep.equal([
            `\`strongbox:backup.writers[0].roleArn\` ${roleOutsideAccounts(stranger, ["222222222222"], "sourceAccountIds")}`,
        ]);
    });

    it("reports a rule both the bucket and the vault check once", () => {
        const problems = problemsOf(backup.raw, backup.region, (r) => (r.backup.accountId = "11111"));
        expect(problems.filter((p) => p.startsWith("`strongbox:backup.accountId`"))).to.have.length(1);
    });

    it("reports the runner's problems exactly as the runner words them, under the config's keys", () => {
        const problems = problemsOf(source.raw, source.region, (r) => (r.source.databases[0].port = 70000));
        const parsed = parseStackConfig(source.raw, source.region);
        if (parsed.role !== "source") throw new Error("unreachable");
        const args = pgDumpRunnerArgs(parsed.source, parsed.region, parsed.environment);
        const own = pgDumpRunnerProblems({ ...args, databases: [{ ...args.databases[0], port: 70000 }] });
        expect(own.map((p) => p.message)).to.deep.equal(["must be at most 65535 (got 70000)"]);
        expect(problems).to.deep.equal([`\`strongbox:source.databases[0].port\` ${own[0].message}`]);
    });

    it("catches what the components refuse and the config's own checks used to let through", () => {
        expect(
            problemsOf(backup.raw, backup.region, (r) => (r.backup.bucket.name = "b".repeat(60))),
        ).to.deep.include(
            `\`strongbox:backup.bucket.name\` gives the invalid default name "${"b".repeat(60)}-replica" (63 characters at most); ` +
                "shorten `strongbox:backup.bucket.name` or set `strongbox:backup.bucket.replica.name`",
        );
        expect(
            problemsOf(source.raw, source.region, (r) => (r.source.databases[0].endpoint = "db 1.example")),
        ).to.have.length(1);
    });

    it("hands the bucket the configured replica name (it used to be dropped for the default)", () => {
        const parsed = parseStackConfig(
            { ...backup.raw, backup: { ...(backup.raw.backup as AnyJson) } },
            backup.region,
        );
        if (parsed.role !== "backup") throw new Error("unreachable");
        const named = {
            ...parsed.backup,
            bucket: { ...parsed.backup.bucket, replica: { region: "ap-southeast-2", name: "acme-dr-copy" } },
        };
        expect(immutableBackupBucketArgs(named, parsed.region).replica).to.deep.equal({
            region: "ap-southeast-2",
            bucketName: "acme-dr-copy",
        });
        expect(immutableBackupBucketArgs(parsed.backup, parsed.region).replica).to.deep.equal({
            region: "ap-southeast-2",
            bucketName: undefined,
        });
    });
});
