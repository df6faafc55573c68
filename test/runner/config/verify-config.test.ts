import { expect } from "chai";
import { ConfigError, parseVerifyConfig } from "../../../runner/config";

const KEY_ARN = "arn:aws:kms:ap-southeast-4:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ENV = { BACKUP_BUCKET: "backups", BACKUP_KMS_KEY_ID: KEY_ARN };
const FIELD = "`--expected-databases` / `BACKUP_EXPECTED_DATABASES`";

function problemsOf(parse: () => unknown): string[] {
    try {
        parse();
    } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
    }
    throw new Error("expected a ConfigError");
}

const estate = (value: unknown, extra: Record<string, string> = {}) =>
    parseVerifyConfig({}, { ...ENV, ...extra, BACKUP_EXPECTED_DATABASES: JSON.stringify(value) });

describe("verify's estate: --expected-databases / BACKUP_EXPECTED_DATABASES", () => {
    it("reads each database with its key prefix and RPO, defaulting both, and turns discovery on", () => {
        const config = estate(
            [{ database: "app", keyPrefix: "acct2", rpoHours: 2 }, { database: "ledger" }],
            { BACKUP_KEY_PREFIX: "main", BACKUP_MAX_AGE_HOURS: "30" },
        );
        expect(config.targets).to.deep.equal([
            { database: "app", keyPrefix: "acct2", rpoHours: 2 },
            { database: "ledger", keyPrefix: "main", rpoHours: 30 },
        ]);
        expect(config.discover).to.equal(true);
    });

    it("refuses --databases and --expected-databases together, and neither", () => {
        const both = problemsOf(() =>
            parseVerifyConfig(
                { databases: "a" },
                { ...ENV, BACKUP_EXPECTED_DATABASES: '[{"database":"a"}]' },
            ),
        );
        expect(both.join()).to.contain("give either").and.contain("not both");
        expect(problemsOf(() => parseVerifyConfig({}, ENV)).join()).to.contain("give either");
    });

    it("names the entry and the field of every bad entry at once", () => {
        const problems = problemsOf(() =>
            estate([
                { database: "ok" },
                { database: "a/b" },
                { database: "c", rpoHours: -1 },
                { database: "d", keyPrefix: "Not/Valid" },
                { database: "e", keyPrefix: "strongbox-receipts" },
                { database: "(estate)" },
                { database: "f", rpo: 3 },
                "g",
                { database: "ok" },
            ]),
        );
        expect(problems).to.deep.equal([
            `${FIELD}[1]: \`database\` contains \`/\`, which would split the S3 key`,
            `${FIELD}[2]: \`rpoHours\` must be a number of hours greater than 0 (got -1)`,
            `${FIELD}[3]: \`keyPrefix\` must be a lowercase path segment without "/" (got "Not/Valid")`,
            `${FIELD}[4]: \`keyPrefix\` is the auditor's own prefix (strongbox-receipts, strongbox-canary), not a prefix of dumps`,
            `${FIELD}[5]: \`database\` (estate) is reserved for the auditor`,
            `${FIELD}[6]: \`rpo\` is not a field (expected database, keyPrefix, rpoHours)`,
            `${FIELD}[7] must be an object such as {"database": "app", "rpoHours": 26}`,
            `${FIELD}[8]: layer3/ok is listed twice; list each database of a key prefix once`,
        ]);
    });

    it("says what to give when the value is not JSON or not a list", () => {
        const notJson = problemsOf(() =>
            parseVerifyConfig({}, { ...ENV, BACKUP_EXPECTED_DATABASES: "app,ledger" }),
        );
        expect(notJson[0]).to.match(
            /^`--expected-databases` \/ `BACKUP_EXPECTED_DATABASES` is not valid JSON/,
        );
        expect(problemsOf(() => estate([])).join()).to.contain("must be a non-empty JSON array");
        expect(problemsOf(() => estate({ database: "a" })).join()).to.contain(
            "must be a non-empty JSON array",
        );
    });

    it("needs --retention-days for --receipts, whose lock is read back against it", () => {
        const problems = problemsOf(() => parseVerifyConfig({ databases: "a", receipts: true }, ENV));
        expect(problems).to.deep.equal([
            "`--receipts` needs `--retention-days` / `BACKUP_RETENTION_DAYS`: a receipt is encrypted with " +
                "the bucket's key, and its COMPLIANCE lock is read back against the bucket's retention",
        ]);
        const config = parseVerifyConfig(
            { databases: "a", receipts: true, publishMetrics: true },
            { ...ENV, BACKUP_RETENTION_DAYS: "35" },
        );
        expect(config.switches).to.deep.equal({ receipts: true, publishMetrics: true });
    });

    it("reads each receipt's own lock from BACKUP_RECEIPT_RETENTION_DAYS, as the auditor's jobs set it", () => {
        const env = { ...ENV, BACKUP_RETENTION_DAYS: "35", BACKUP_RECEIPT_RETENTION_DAYS: "400" };
        expect(parseVerifyConfig({ databases: "a", receipts: true }, env).receiptRetentionDays).to.equal(400);
        expect(parseVerifyConfig({ databases: "a" }, ENV).receiptRetentionDays).to.equal(undefined);
    });

    it("refuses a receipt lock shorter than a dump's, or outside the retention bounds, naming both settings", () => {
        const short = problemsOf(() =>
            parseVerifyConfig(
                { databases: "a", receipts: true, receiptRetentionDays: "34" },
                { ...ENV, BACKUP_RETENTION_DAYS: "35" },
            ),
        );
        expect(short).to.deep.equal([
            "`--receipt-retention-days` / `BACKUP_RECEIPT_RETENTION_DAYS` (34) must be at least " +
                "`--retention-days` / `BACKUP_RETENTION_DAYS` (35): a receipt is never locked for less than a " +
                "dump; raise it, or leave it out for the bucket's default",
        ]);
        const huge = problemsOf(() =>
            parseVerifyConfig(
                { databases: "a", receiptRetentionDays: "4000" },
                { ...ENV, BACKUP_RETENTION_DAYS: "35" },
            ),
        );
        expect(huge).to.deep.equal([
            "`--receipt-retention-days` / `BACKUP_RECEIPT_RETENTION_DAYS` must be between 30 and 3650",
        ]);
    });
});
