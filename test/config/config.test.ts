import { expect } from "chai";
import { readStackRawConfig } from "../../scripts/preview-offline";
import { ConfigError, parseStackConfig } from "../../stacks/config";
import * as limits from "../../shared/limits";
import { DEFAULT_KEY_PREFIX } from "../../shared/object-key";

type Raw = Record<string, unknown>;
// Mutations reach into arbitrary nested YAML; typing each path would hide the table's intent.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyJson = any;

function problemsOf(raw: Raw, region: string): string[] {
    try {
        parseStackConfig(raw, region);
    } catch (err) {
        if (err instanceof ConfigError) return err.problems;
        throw err;
    }
    return [];
}

/** Deep copy, then `mutate` edits the copy. */
function mutated(raw: Raw, mutate: (r: AnyJson) => void): Raw {
    const copy = JSON.parse(JSON.stringify(raw)) as Raw;
    mutate(copy);
    return copy;
}

describe("stack config", () => {
    const backup = readStackRawConfig("prod-backup");
    const source = readStackRawConfig("prod-source");

    it("accepts both example stacks and applies the documented defaults", () => {
        const b = parseStackConfig(backup.raw, backup.region);
        expect(b.role).to.equal("backup");
        if (b.role !== "backup") throw new Error("unreachable");
        expect(b.backup.bucket.retentionDays).to.equal(35);
        expect(b.backup.bucket.keyPrefix).to.equal(DEFAULT_KEY_PREFIX);

        const minimal = mutated(backup.raw, (r) => {
            delete r.backup.bucket.abortIncompleteMultipartDays;
            delete r.backup.bucket.retentionDays;
            delete r.backup.vault.changeableForDays;
            delete r.environment;
        });
        const m = parseStackConfig(minimal, backup.region);
        if (m.role !== "backup") throw new Error("unreachable");
        expect(m.environment).to.equal("prod");
        expect(m.backup.bucket.abortIncompleteMultipartDays).to.equal(limits.DEFAULT_ABORT_MULTIPART_DAYS);
        expect(m.backup.bucket.retentionDays).to.equal(limits.DEFAULT_RETENTION_DAYS);
        expect(m.backup.vault.changeableForDays).to.equal(limits.DEFAULT_CHANGEABLE_FOR_DAYS);

        const s = parseStackConfig(source.raw, source.region);
        if (s.role !== "source") throw new Error("unreachable");
        expect(s.source.databases.map((d) => d.port)).to.deep.equal([5432, 5432]);
        expect(s.source.databases[1].schedule).to.equal("rate(6 hours)");
    });

    const backupCases: Array<[string, (r: AnyJson) => void, string]> = [
        [
            "retention below the minimum",
            (r) => (r.backup.bucket.retentionDays = 7),
            "`strongbox:backup.bucket.retentionDays` must be at least 30 (COMPLIANCE retention floor) (got 7)",
        ],
        [
            "retention not a whole number",
            (r) => (r.backup.bucket.retentionDays = 35.5),
            "`strongbox:backup.bucket.retentionDays` must be a whole number between 30 and 3650",
        ],
        [
            "retention as a string",
            (r) => (r.backup.bucket.retentionDays = "35"),
            '`strongbox:backup.bucket.retentionDays` must be a whole number between 30 and 3650 (got "35")',
        ],
        [
            "retention above the cap",
            (r) => (r.backup.bucket.retentionDays = 40000),
            "`strongbox:backup.bucket.retentionDays` must be at most 3650",
        ],
        [
            "max retention below retention",
            (r) => (r.backup.bucket.maxRetentionDays = 31),
            "`strongbox:backup.bucket.maxRetentionDays` (31) must be at least `retentionDays` (35)",
        ],
        [
            "minimum retention above default retention",
            (r) => (r.backup.bucket.minimumRetentionDays = 60),
            "`strongbox:backup.bucket.minimumRetentionDays` (60) must not exceed `retentionDays` (35)",
        ],
        [
            "changeableForDays below 3",
            (r) => (r.backup.vault.changeableForDays = 2),
            "`strongbox:backup.vault.changeableForDays` must be at least 3",
        ],
        [
            "vault max below min",
            (r) => (r.backup.vault.maxRetentionDays = 31),
            "`strongbox:backup.vault.maxRetentionDays` (31) must be at least `minRetentionDays` (35)",
        ],
        [
            "abort multipart days 0",
            (r) => (r.backup.bucket.abortIncompleteMultipartDays = 0),
            "`strongbox:backup.bucket.abortIncompleteMultipartDays` must be at least 1",
        ],
        [
            "abort multipart days 30",
            (r) => (r.backup.bucket.abortIncompleteMultipartDays = 30),
            "`strongbox:backup.bucket.abortIncompleteMultipartDays` must be at most 7",
        ],
        [
            "account ID too short",
            (r) => (r.backup.accountId = "11111"),
            '`strongbox:backup.accountId` must be a 12-digit AWS account ID in quotes (got "11111")',
        ],
        [
            "account ID unquoted (a number)",
            (r) => (r.backup.accountId = 111111111111),
            "`strongbox:backup.accountId` must be a string (got 111111111111)",
        ],
        [
            "empty source accounts",
            (r) => (r.backup.sourceAccountIds = []),
            "`strongbox:backup.sourceAccountIds` must list at least one source account ID",
        ],
        [
            "duplicate source account",
            (r) => (r.backup.sourceAccountIds = ["222222222222", "222222222222"]),
            '`strongbox:backup.sourceAccountIds` lists "222222222222" twice',
        ],
        [
            "backup account as its own source",
            (r) => r.backup.sourceAccountIds.push("111111111111"),
            "`strongbox:backup.sourceAccountIds` must not include the backup account 111111111111",
        ],
        [
            "KMS ARN in the wrong region",
            (r) =>
                (r.backup.bucket.kmsKeyArn =
                    "arn:aws:kms:us-east-1:111111111111:key/0f0e0d0c-1111-4222-8333-444455556666"),
            "`strongbox:backup.bucket.kmsKeyArn` is in us-east-1 but the bucket is in ap-southeast-4",
        ],
        [
            "KMS ARN in another account",
            (r) =>
                (r.backup.bucket.kmsKeyArn =
                    "arn:aws:kms:ap-southeast-4:999999999999:key/0f0e0d0c-1111-4222-8333-444455556666"),
            "`strongbox:backup.bucket.kmsKeyArn` belongs to account 999999999999",
        ],
        [
            "KMS alias instead of key ARN",
            (r) => (r.backup.bucket.kmsKeyArn = "alias/rds-backup-layer3-prod"),
            "`strongbox:backup.bucket.kmsKeyArn` must be a KMS key ARN",
        ],
        [
            "bucket name with capitals",
            (r) => (r.backup.bucket.name = "Acme_Backups"),
            "`strongbox:backup.bucket.name` must be a valid S3 bucket name",
        ],
        [
            "replica in the same region",
            (r) => (r.backup.bucket.replica = { region: "ap-southeast-4" }),
            "`strongbox:backup.bucket.replica.region` must differ from the stack's region ap-southeast-4",
        ],
        [
            "unknown storage class",
            (r) => (r.backup.bucket.transitionStorageClass = "COLD"),
            "`strongbox:backup.bucket.transitionStorageClass` must be one of STANDARD_IA",
        ],
        [
            "misspelt key",
            (r) => (r.backup.bucket.retentionDay = 35),
            '`strongbox:backup.bucket` has unknown key(s) "retentionDay"',
        ],
        [
            "break-glass role in the source account",
            (r) => (r.backup.breakGlassRoleArn = "arn:aws:iam::222222222222:role/bg"),
            "`strongbox:backup.breakGlassRoleArn` must be a role in the backup account 111111111111",
        ],
        [
            "bad organization ID",
            (r) => (r.backup.organizationId = "org-1"),
            '`strongbox:backup.organizationId` must look like "o-abc123defg"',
        ],
        ["missing vault", (r) => delete r.backup.vault, "`strongbox:backup.vault` is required"],
        [
            "unknown role",
            (r) => (r.role = "primary"),
            '`strongbox:role` must be "backup" or "source" (got "primary")',
        ],
        [
            "bad environment name",
            (r) => (r.environment = "Prod Env"),
            "`strongbox:environment` must be 2-16 lowercase letters",
        ],
    ];

    const sourceCases: Array<[string, (r: AnyJson) => void, string]> = [
        [
            "duplicate database",
            (r) => r.source.databases.push({ ...r.source.databases[0] }),
            '`strongbox:source.databases[2].name` repeats database "appdb"',
        ],
        [
            "database name with a slash",
            (r) => (r.source.databases[0].name = "app/db"),
            "`strongbox:source.databases[0].name` must start with a lowercase letter",
        ],
        [
            "database name too long",
            (r) => (r.source.databases[0].name = "a".repeat(41)),
            '`strongbox:source.databases[0].name` must start with a lowercase letter and use only lowercase letters, digits, "_" or "-", at most 40 characters',
        ],
        [
            "no databases",
            (r) => (r.source.databases = []),
            "`strongbox:source.databases` must list at least one database",
        ],
        [
            "cron with five fields",
            (r) => (r.source.defaultSchedule = "cron(30 1 * * *)"),
            "`strongbox:source.defaultSchedule` cron needs 6 fields",
        ],
        [
            "cron with both day fields set",
            (r) => (r.source.defaultSchedule = "cron(30 1 * * * *)"),
            '`strongbox:source.defaultSchedule` cron needs "?" in exactly one of day-of-month and day-of-week',
        ],
        [
            "cron hour 25",
            (r) => (r.source.databases[0].schedule = "cron(0 25 * * ? *)"),
            '`strongbox:source.databases[0].schedule` cron field hours "25" is not valid',
        ],
        [
            "rate with plural of one",
            (r) => (r.source.databases[0].schedule = "rate(1 hours)"),
            "`strongbox:source.databases[0].schedule` AWS wants the singular unit",
        ],
        [
            "unix-style schedule",
            (r) => (r.source.defaultSchedule = "0 1 * * *"),
            '`strongbox:source.defaultSchedule` must be "cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>)"',
        ],
        [
            "secret in another region",
            (r) =>
                (r.source.databases[0].secretArn = "arn:aws:secretsmanager:eu-west-1:222222222222:secret:x"),
            "`strongbox:source.databases[0].secretArn` must be in the source account 222222222222 and region us-east-1",
        ],
        [
            "malformed secret ARN",
            (r) => (r.source.databases[0].secretArn = "appdb-secret"),
            "`strongbox:source.databases[0].secretArn` must be a Secrets Manager ARN",
        ],
        [
            "stack reference without org",
            (r) => (r.source.backupStack = "prod-backup"),
            "`strongbox:source.backupStack` must be a fully qualified stack name",
        ],
        [
            "log retention CloudWatch rejects",
            (r) => (r.source.logRetentionDays = 45),
            "`strongbox:source.logRetentionDays` must be one of CloudWatch's retention values",
        ],
        [
            "bad subnet ID",
            (r) => (r.source.network.subnetIds = ["subnet-xyz"]),
            '`strongbox:source.network.subnetIds[0]` must be an ID such as "subnet-0123456789abcdef0"',
        ],
        [
            "role name with a space",
            (r) => (r.source.runnerRoleName = "pg dump"),
            "`strongbox:source.runnerRoleName` must be an IAM role name",
        ],
        [
            "port out of range",
            (r) => (r.source.databases[0].port = 70000),
            "`strongbox:source.databases[0].port` must be at most 65535",
        ],
        [
            "unsupported server version",
            (r) => (r.source.databases[0].pgMajorVersion = 9),
            "`strongbox:source.databases[0].pgMajorVersion` must be at least 12",
        ],
        [
            "bad notification e-mail",
            (r) => (r.source.notificationEmails = ["oncall"]),
            "`strongbox:source.notificationEmails[0]` must be an e-mail address",
        ],
    ];

    for (const [what, mutate, expected] of backupCases) {
        it(`rejects backup config: ${what}`, () => {
            const problems = problemsOf(mutated(backup.raw, mutate), backup.region);
            expect(
                problems.some((p) => p.startsWith(expected)),
                `problems were:\n${problems.join("\n")}`,
            ).to.equal(true);
        });
    }
    for (const [what, mutate, expected] of sourceCases) {
        it(`rejects source config: ${what}`, () => {
            const problems = problemsOf(mutated(source.raw, mutate), source.region);
            expect(
                problems.some((p) => p.startsWith(expected)),
                `problems were:\n${problems.join("\n")}`,
            ).to.equal(true);
        });
    }

    it("rejects a missing or malformed aws:region", () => {
        expect(problemsOf(backup.raw, "")).to.deep.equal([
            '`aws:region` must be set to an AWS region such as "ap-southeast-4" (got "")',
        ]);
    });

    it("reports every problem at once, one line each", () => {
        const bad = mutated(backup.raw, (r) => {
            r.backup.bucket.retentionDays = 7;
            r.backup.vault.changeableForDays = 1;
        });
        const err = (() => {
            try {
                parseStackConfig(bad, backup.region);
            } catch (e) {
                return e as ConfigError;
            }
            throw new Error("expected a ConfigError");
        })();
        expect(err.problems).to.have.length(2);
        expect(err.message).to.match(
            /^Invalid Strongbox configuration:\n {2}- `strongbox:backup\.bucket\.retentionDays`/,
        );
    });
});
