/**
 * `strongbox:backup.auditor`: what the example enables, what each key becomes in the BackupAuditor's args and
 * the bucket policy, and every bad value reported under its own key with the component's words.
 */
import { expect } from "chai";
import { readStackRawConfig } from "../../scripts/preview-offline";
import { auditRoleArns } from "../../components/backup-auditor/args";
import {
    auditRolesOf,
    backupAuditorPlainArgs,
    BackupStackConfig,
    ConfigError,
    immutableBackupBucketArgs,
    parseStackConfig,
} from "../../stacks/config";
import { CANARY_PREFIX, RECEIPTS_PREFIX } from "../../shared/audit";

// Mutations reach into arbitrary nested YAML; typing each path would hide the table's intent.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyJson = any;

const { raw, region } = readStackRawConfig("prod-backup");

function parsed(mutate: (r: AnyJson) => void = () => undefined): BackupStackConfig {
    const copy = structuredClone(raw);
    mutate(copy);
    const cfg = parseStackConfig(copy, region);
    if (cfg.role !== "backup") throw new Error("expected a backup stack");
    return cfg;
}

function problemsOf(mutate: (r: AnyJson) => void): string[] {
    try {
        parsed(mutate);
    } catch (err) {
        if (err instanceof ConfigError) return err.problems;
        throw err;
    }
    return [];
}

describe("stack config: the BackupAuditor (strongbox:backup.auditor)", () => {
    it("is on in the example, expecting every writer's database under its prefix, in every vault region", () => {
        const cfg = parsed();
        const args = backupAuditorPlainArgs(cfg.backup, cfg.region, cfg.environment)!;
        expect(args.namePrefix).to.equal("strongbox-prod");
        expect(args.writers).to.deep.equal([{ keyPrefix: "layer3", databases: ["appdb", "billing"] }]);
        expect(args.vaults).to.deep.equal([
            { region: "ap-southeast-4", sensitive: false },
            { region: "ap-southeast-4", sensitive: true },
            { region: "us-east-1", sensitive: false },
            { region: "us-east-1", sensitive: true },
        ]);
        expect(args.reports).to.deep.include({
            bucketName: "acme-strongbox-prod-pg-backups-audit-reports",
            retentionDays: 400,
            breakGlassRoleArn: cfg.backup.breakGlassRoleArn,
        });
        expect(args.vaultLock).to.deep.equal({ minRetentionDays: 35, maxRetentionDays: 400 });
    });

    it("lets the auditor's roles into the bucket policy only when it is on", () => {
        const on = parsed();
        expect(
            immutableBackupBucketArgs(
                on.backup,
                on.region,
                undefined,
                auditRolesOf(on.backup, on.environment),
            ).auditRoles,
        ).to.deep.equal(auditRoleArns("strongbox-prod", on.backup.accountId));
        const off = parsed((r) => delete r.backup.auditor);
        expect(auditRolesOf(off.backup, off.environment)).to.equal(undefined);
        expect(backupAuditorPlainArgs(off.backup, off.region, off.environment)).to.equal(undefined);
    });

    it("is on with every default when the block is empty", () => {
        const cfg = parsed((r) => (r.backup.auditor = {}));
        expect(backupAuditorPlainArgs(cfg.backup, cfg.region, cfg.environment)!.rpoHours).to.equal(undefined);
    });

    it("passes receiptRetentionDays to the auditor and to the bucket's lifecycle, only when the auditor is on", () => {
        const cfg = parsed((r) => (r.backup.auditor.receiptRetentionDays = 380));
        const roles = auditRolesOf(cfg.backup, cfg.environment);
        expect(
            backupAuditorPlainArgs(cfg.backup, cfg.region, cfg.environment)!.receiptRetentionDays,
        ).to.equal(380);
        expect(
            immutableBackupBucketArgs(cfg.backup, cfg.region, undefined, roles).receiptRetentionDays,
        ).to.equal(380);
        const off = parsed((r) => delete r.backup.auditor);
        expect(immutableBackupBucketArgs(off.backup, off.region).receiptRetentionDays).to.equal(undefined);
    });

    it("reports a receipt retention beyond the bucket's maximum once, under the auditor's key", () => {
        // Both the auditor (its lock) and the bucket (its lifecycle) judge the value, with the same rule.
        const problems = problemsOf((r) => (r.backup.auditor.receiptRetentionDays = 500));
        expect(problems.filter((p) => p.includes("receiptRetentionDays"))).to.deep.equal([
            "`strongbox:backup.auditor.receiptRetentionDays` must be at most 400, the bucket's maximum retention: " +
                "its policy refuses a longer lock; set a shorter one (got 500)",
        ]);
    });

    const cases: Array<[string, (r: AnyJson) => void, string]> = [
        [
            "an override for a database no writer backs up",
            (r) => (r.backup.auditor.databases = { payroll: { rpoHours: 12 } }),
            "`strongbox:backup.auditor.databases.payroll` names a database no writer backs up (appdb, billing); fix the name or remove the override",
        ],
        [
            "an RPO CloudWatch cannot watch",
            (r) => (r.backup.auditor.rpoHours = 500),
            "`strongbox:backup.auditor.rpoHours` must be at most 168 (CloudWatch evaluates an alarm over at most 7 days) (got 500)",
        ],
        [
            "a scheduler window longer than a day",
            (r) => (r.backup.auditor.flexibleWindowMinutes = 2000),
            "`strongbox:backup.auditor.flexibleWindowMinutes` must be at most 1440 (got 2000)",
        ],
        [
            "restore testing where no vault is",
            (r) =>
                (r.backup.auditor.restoreTesting.regions["eu-west-1"] = {
                    dbSubnetGroupName: "x",
                    securityGroupIds: ["sg-0123456789abcdef0"],
                }),
            "`strongbox:backup.auditor.restoreTesting.regions.eu-west-1` is not a region of the stack's vaults (ap-southeast-4, us-east-1): there is nothing to restore there",
        ],
        [
            "a security group that is not one",
            (r) => (r.backup.auditor.restoreTesting.regions["us-east-1"].securityGroupIds = ["default"]),
            '`strongbox:backup.auditor.restoreTesting.regions.us-east-1.securityGroupIds[0]` must be a security group ID like sg-0123456789abcdef0 (got "default")',
        ],
        [
            "a misspelt key",
            (r) => (r.backup.auditor.rpo = 26),
            '`strongbox:backup.auditor` has unknown key(s) "rpo": check the spelling against the README\'s configuration table',
        ],
        [
            "receipts locked for less than a dump",
            (r) => (r.backup.auditor.receiptRetentionDays = 30),
            "`strongbox:backup.auditor.receiptRetentionDays` must be at least 35, the bucket's default retention: a receipt is locked no shorter than a dump; set a longer one (got 30)",
        ],
        [
            "a receipt retention that is not a number",
            (r) => (r.backup.auditor.receiptRetentionDays = "a year"),
            '`strongbox:backup.auditor.receiptRetentionDays` must be a whole number between 30 and 3650 (got "a year")',
        ],
        [
            "a bad e-mail address",
            (r) => (r.backup.auditor.notificationEmails = ["oncall"]),
            '`strongbox:backup.auditor.notificationEmails[0]` must be an e-mail address (got "oncall")',
        ],
        [
            "a writer under the canary's prefix",
            (r) => (r.backup.writers[0].keyPrefix = CANARY_PREFIX),
            `\`strongbox:backup.writers[0].keyPrefix\` must not be "${CANARY_PREFIX}": the BackupAuditor keeps its receipts and canary under ${RECEIPTS_PREFIX} and ${CANARY_PREFIX}; choose another prefix`,
        ],
    ];
    for (const [what, mutate, problem] of cases) {
        it(`refuses ${what}, naming the key`, () => {
            expect(problemsOf(mutate)).to.include(problem);
        });
    }
});
