/**
 * The backup config's keys for who may write and change what: `writers` (per-runner databases and prefixes,
 * replacing `writerRoleArns`), `deployerRoleArns`, and `bucket.expireAfterDays`. (The rest of the table of
 * bad configurations is config.test.ts.)
 */
import { expect } from "chai";
import { readStackRawConfig } from "../../scripts/preview-offline";
import {
    ConfigError,
    crossAccountVaultArgs,
    immutableBackupBucketArgs,
    parseStackConfig,
} from "../../stacks/config";

// Mutations reach into arbitrary nested YAML; typing each path would hide the table's intent.
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

describe("stack config: writers, deployers and expiry", () => {
    const backup = readStackRawConfig("prod-backup");
    const cases: Array<[string, (r: AnyJson) => void, string]> = [
        [
            "malformed writer role ARN",
            (r) => (r.backup.writers[0].roleArn = "arn:aws:iam::222222222222:user/bob"),
            "`strongbox:backup.writers[0].roleArn` must be an IAM role ARN",
        ],
        [
            "writer role in an unlisted account",
            (r) => (r.backup.writers[0].roleArn = "arn:aws:iam::333333333333:role/x"),
            "`strongbox:backup.writers[0].roleArn` is in account 333333333333, which is not in `sourceAccountIds`",
        ],
        [
            "empty writer list",
            (r) => (r.backup.writers = []),
            "`strongbox:backup.writers` must list at least one runner role, as `{ roleArn, databases: [...] }`",
        ],
        [
            "writer without databases",
            (r) => delete r.backup.writers[0].databases,
            "`strongbox:backup.writers[0].databases` is required (expected array); add it to Pulumi.<stack>.yaml",
        ],
        [
            "writer with a misspelt key",
            (r) => (r.backup.writers[0].database = ["appdb"]),
            '`strongbox:backup.writers[0]` has unknown key(s) "database"',
        ],
        [
            "two source accounts writing appdb under one prefix",
            (r) => {
                r.backup.sourceAccountIds.push("333333333333");
                r.backup.writers.push({
                    roleArn: "arn:aws:iam::333333333333:role/runner",
                    databases: ["appdb"],
                });
            },
            '`strongbox:backup.writers[1].databases[0]` ("appdb" under prefix "layer3") is already written by ' +
                "`writers[0]` (arn:aws:iam::222222222222:role/strongbox-pgdump-runner-prod): two runners never " +
                "share a database's prefix; give one of them its own `keyPrefix`",
        ],
        [
            "the old writer list",
            (r) =>
                (r.backup.writerRoleArns = ["arn:aws:iam::222222222222:role/strongbox-pgdump-runner-prod"]),
            "`strongbox:backup.writerRoleArns` was replaced by `strongbox:backup.writers`: list each runner role " +
                "once with the databases it backs up",
        ],
        [
            "no deployers",
            (r) => delete r.backup.deployerRoleArns,
            "`strongbox:backup.deployerRoleArns` is required (expected array); add it to Pulumi.<stack>.yaml",
        ],
        [
            "empty deployer list",
            (r) => (r.backup.deployerRoleArns = []),
            "`strongbox:backup.deployerRoleArns` must list at least one deployer role ARN",
        ],
        [
            "deployer in a source account",
            (r) => (r.backup.deployerRoleArns = ["arn:aws:iam::222222222222:role/deployer"]),
            "`strongbox:backup.deployerRoleArns[0]` must be a role in the backup account 111111111111",
        ],
        [
            "current versions expiring while locked",
            (r) => (r.backup.bucket.expireAfterDays = 35),
            "`strongbox:backup.bucket.expireAfterDays` (35) must be at least `retentionDays` + 1 (36)",
        ],
        [
            "expiry neither days nor never",
            (r) => (r.backup.bucket.expireAfterDays = "forever"),
            '`strongbox:backup.bucket.expireAfterDays` must be a whole number of days or "never" (got "forever")',
        ],
    ];

    for (const [what, mutate, expected] of cases) {
        it(`rejects backup config: ${what}`, () => {
            const problems = problemsOf(backup.raw, backup.region, mutate);
            expect(
                problems.some((p) => p.startsWith(expected)),
                `problems were:\n${problems.join("\n")}`,
            ).to.equal(true);
        });
    }

    it("hands the writers, deployers and expiry to the bucket, and the deployers to the vault", () => {
        const cfg = parseStackConfig(backup.raw, backup.region);
        if (cfg.role !== "backup") throw new Error("unreachable");
        const bucket = immutableBackupBucketArgs(cfg.backup, cfg.region);
        expect(bucket.writers).to.deep.equal([
            {
                roleArn: "arn:aws:iam::222222222222:role/strongbox-pgdump-runner-prod",
                databases: ["appdb", "billing"],
            },
        ]);
        expect(bucket.deployerRoleArns).to.deep.equal(["arn:aws:iam::111111111111:role/strongbox-deployer"]);
        expect(bucket.expireAfterDays).to.equal(42);
        expect(crossAccountVaultArgs(cfg.backup, cfg.region).deployerRoleArns).to.deep.equal(
            bucket.deployerRoleArns,
        );
    });

    it('accepts "never" and a second writer with its own prefix for a database of the same name', () => {
        const problems = problemsOf(backup.raw, backup.region, (r) => {
            r.backup.bucket.expireAfterDays = "never";
            r.backup.sourceAccountIds.push("333333333333");
            r.backup.writers.push({
                roleArn: "arn:aws:iam::333333333333:role/runner",
                keyPrefix: "layer3-payments",
                databases: ["appdb"],
            });
        });
        expect(problems).to.deep.equal([]);
    });
});
