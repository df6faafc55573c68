/**
 * `strongbox:source.snapshots` (and the backup stack's vault keys it depends on): the example is
 * accepted, and every bad configuration is rejected with a message that names the key, the value and
 * the fix. Rules that depend on the destination vault's lock are checked against the lock the example
 * backup stack declares (35-400 days), with the same config keys in the messages.
 */
import { expect } from "chai";
import { resolveSnapshotCopyPlanArgs } from "../../components/snapshot-copy-plan/args";
import { destinationProblems } from "../../components/snapshot-copy-plan/destination-check";
import { readStackRawConfig } from "../../scripts/preview-offline";
import { ConfigError, parseStackConfig, snapshotCopyPlanArgs, SourceStackConfig } from "../../stacks/config";

// Mutations reach into arbitrary nested YAML; typing each path would hide the intent.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyJson = any;

const source = readStackRawConfig("prod-source");
const backup = readStackRawConfig("prod-backup");

function problemsOf(raw: Record<string, unknown>, region: string, mutate: (r: AnyJson) => void): string[] {
    const copy = structuredClone(raw) as AnyJson;
    mutate(copy);
    try {
        parseStackConfig(copy, region);
    } catch (err) {
        if (err instanceof ConfigError) return err.problems;
        throw err;
    }
    return [];
}

/** The lock problems of the mutated source config against the example backup stack's lock (35-400). */
function lockProblemsOf(mutate: (s: AnyJson) => void): string[] {
    const copy = structuredClone(source.raw) as AnyJson;
    mutate(copy.source.snapshots);
    const cfg = parseStackConfig(copy, source.region) as SourceStackConfig;
    const vault = (backup.raw.backup as AnyJson).vault;
    const args = snapshotCopyPlanArgs(
        { ...cfg.source, snapshots: cfg.source.snapshots! },
        cfg.region,
        cfg.environment,
    );
    return destinationProblems(resolveSnapshotCopyPlanArgs({ ...args, destination: undefined as never }), {
        vaultArn: `arn:aws:backup:${source.region}:111111111111:backup-vault:${vault.name}`,
        minRetentionDays: vault.minRetentionDays,
        maxRetentionDays: vault.maxRetentionDays,
        describedAs: "the backup account's vault for us-east-1",
    });
}

const S = "strongbox:source.snapshots";

describe("stack config: RDS snapshot copies", () => {
    it("accepts the example, whose copies fit the example backup stack's lock", () => {
        const cfg = parseStackConfig(source.raw, source.region) as SourceStackConfig;
        expect(cfg.source.snapshots!.environment).to.equal("production");
        expect(lockProblemsOf(() => {})).to.deep.equal([]);
        expect(() => parseStackConfig(backup.raw, backup.region)).to.not.throw();
    });

    it("makes the section optional: no snapshots, no problems", () => {
        expect(problemsOf(source.raw, source.region, (r) => delete r.source.snapshots)).to.deep.equal([]);
    });

    const cases: Array<[string, (n: AnyJson) => void, string]> = [
        [
            "an unknown environment",
            (n) => (n.environment = "qa"),
            `\`${S}.environment\` must be one of development, staging, production (got "qa")`,
        ],
        [
            "a malformed ARN",
            (n) => (n.resourceArns = ["arn:aws:rds:us-east-1:222222222222:appdb"]),
            `\`${S}.resourceArns[0]\` must be an RDS instance or cluster ARN such as "arn:aws:rds:us-east-1:222222222222:cluster:appdb"`,
        ],
        [
            "an ARN of another account",
            (n) => (n.resourceArns = ["arn:aws:rds:us-east-1:333333333333:cluster:appdb"]),
            `\`${S}.resourceArns[0]\` is in us-east-1/333333333333; a backup plan selects only its own account and region (us-east-1/222222222222)`,
        ],
        [
            "an ARN of another region",
            (n) => (n.resourceArns = ["arn:aws:rds:eu-west-1:222222222222:db:appdb"]),
            `\`${S}.resourceArns[0]\` is in eu-west-1/222222222222`,
        ],
        [
            "an empty selection",
            (n) => {
                delete n.resourceArns;
                delete n.resourceTags;
            },
            `\`${S}\` must name at least one RDS ARN (\`resourceArns\`) or tag (\`resourceTags\`): AWS Backup would select every supported resource of the account`,
        ],
        [
            "cold storage too close to deletion",
            (n) => (n.rules = { weekly: { retentionDays: 150, coldStorageAfterDays: 90 } }),
            `\`${S}.rules.weekly.coldStorageAfterDays\` (90) must leave at least 90 days in cold storage before \`retentionDays\` (150), as AWS Backup requires: at most 60, or remove it`,
        ],
        [
            "a copy's cold storage too close to its deletion",
            (n) => (n.rules.monthly = { retentionDays: 400, copyColdStorageAfterDays: 350 }),
            `\`${S}.rules.monthly.copyColdStorageAfterDays\` (350) must leave at least 90 days in cold storage before \`copyRetentionDays\` (400)`,
        ],
        [
            "weekly kept shorter than daily",
            (n) => (n.rules.weekly = { retentionDays: 60, coldStorageAfterDays: undefined }),
            `\`${S}.rules.weekly.retentionDays\` (60) is shorter than \`rules.daily.retentionDays\` (90): raise it, or set \`allowShorterLongTermRetention: true\` if that is meant`,
        ],
        [
            "a rate() schedule",
            (n) => (n.rules.daily = { schedule: "rate(1 day)" }),
            `\`${S}.rules.daily.schedule\` must be a cron expression such as "cron(0 1 * * ? *)": AWS Backup takes no rate()`,
        ],
        [
            "a schedule more frequent than hourly",
            (n) => (n.rules.daily = { schedule: "cron(0/15 * * * ? *)" }),
            `\`${S}.rules.daily.schedule\` must run at most hourly`,
        ],
        [
            "a start window below AWS's minimum",
            (n) => (n.rules.daily = { startWindowMinutes: 30 }),
            `\`${S}.rules.daily.startWindowMinutes\` must be at least 60 (AWS Backup's minimum start window) (got 30)`,
        ],
        [
            "a completion window within the start window",
            (n) => (n.rules.daily = { startWindowMinutes: 480, completionWindowMinutes: 240 }),
            `\`${S}.rules.daily.completionWindowMinutes\` (240) must be more than \`startWindowMinutes\` (480)`,
        ],
        [
            "point-in-time recovery beyond 35 days",
            (n) => (n.pointInTimeRecoveryDays = 40),
            `\`${S}.pointInTimeRecoveryDays\` must be at most 35 (AWS keeps continuous backups at most 35 days) (got 40)`,
        ],
        [
            "a locked local vault kept less than its floor",
            (n) => (n.rules.daily = { retentionDays: 14 }),
            `\`${S}.rules.daily.retentionDays\` must be at least 30 while the local vault is locked (\`lockLocalVault\`) (got 14)`,
        ],
        [
            "a database both sensitive and not",
            (n) => (n.sensitive.resourceArns = [n.resourceArns[0]]),
            `\`${S}.sensitive.resourceArns[0]\` is also in \`${S}.resourceArns\`; a database is sensitive or not`,
        ],
        [
            "two sensitive tags",
            (n) => (n.sensitive.resourceTags = { a: "1", b: "2" }),
            `\`${S}.sensitive.resourceTags\` may name one tag`,
        ],
        [
            "a break-glass role of another account",
            (n) => (n.breakGlassRoleArn = "arn:aws:iam::111111111111:role/strongbox-break-glass"),
            `\`${S}.breakGlassRoleArn\` must be a role in the source account 222222222222 (\`accountId\`), not account 111111111111`,
        ],
        ["an unknown key", (n) => (n.retention = 30), `\`${S}\` has unknown key(s) "retention"`],
    ];
    for (const [what, mutate, expected] of cases) {
        it(`rejects ${what}`, () => {
            const problems = problemsOf(source.raw, source.region, (r) => mutate(r.source.snapshots));
            expect(
                problems.some((p) => p.startsWith(expected)),
                `expected a line starting with:\n${expected}\nproblems were:\n${problems.join("\n")}`,
            ).to.equal(true);
        });
    }

    const lockCases: Array<[string, (n: AnyJson) => void, string]> = [
        [
            "a copy kept less than the vault lock's minimum",
            (n) => (n.rules.daily = { copyRetentionDays: 30 }),
            `\`${S}.rules.daily.copyRetentionDays\` is 30, below 35, the minimum retention of the lock of the backup account's vault for us-east-1`,
        ],
        [
            "a copy kept longer than the vault lock's maximum",
            (n) => (n.rules.weekly = { copyRetentionDays: 500 }),
            `\`${S}.rules.weekly.copyRetentionDays\` is 500, above 400, the maximum retention of the lock`,
        ],
        [
            "a production default longer than the vault lock's maximum",
            (n) => delete n.rules,
            `\`${S}.rules.monthly.copyRetentionDays\` (unset: the production default of \`${S}.rules.monthly.retentionDays\`) is 2555, above 400`,
        ],
    ];
    for (const [what, mutate, expected] of lockCases) {
        it(`rejects ${what}`, () => {
            const problems = lockProblemsOf(mutate);
            expect(
                problems.some((p) => p.startsWith(expected)),
                problems.join("\n"),
            ).to.equal(true);
        });
    }

    const backupCases: Array<[string, (v: AnyJson) => void, string]> = [
        [
            "an unknown vault type",
            (v) => (v.type = "glacier"),
            '`strongbox:backup.vault.type` must be one of "locked", "air-gapped" (got "glacier")',
        ],
        [
            "the stack's own region as a source region",
            (v) => (v.sourceRegions = ["ap-southeast-4"]),
            "`strongbox:backup.vault.sourceRegions[0]` is the stack's region (ap-southeast-4), where the vaults are anyway; remove it",
        ],
        [
            "a sensitive restore role of another account",
            (v) => (v.sensitiveVault.restoreRoleArn = "arn:aws:iam::222222222222:role/restore"),
            "`strongbox:backup.vault.sensitiveVault.restoreRoleArn` must be a role in the backup account 111111111111",
        ],
    ];
    for (const [what, mutate, expected] of backupCases) {
        it(`rejects backup config: ${what}`, () => {
            const problems = problemsOf(backup.raw, backup.region, (r) => mutate(r.backup.vault));
            expect(
                problems.some((p) => p.startsWith(expected)),
                problems.join("\n"),
            ).to.equal(true);
        });
    }
});
