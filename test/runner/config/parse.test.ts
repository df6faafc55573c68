import { expect } from "chai";
import {
    ConfigError,
    parseDrillConfig,
    parseDumpConfig,
    parseListConfig,
    parseRestoreConfig,
    parseVerifyConfig,
} from "../../../runner/config";

const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY_ARN = `arn:aws:kms:ap-southeast-4:111122223333:key/${KEY_ID}`;
const BASE_ENV = {
    PGHOST: "db.internal",
    PGPORT: "5432",
    PGUSER: "backup",
    PGPASSWORD: "s3cret",
    PGDATABASE: "orders",
    BACKUP_BUCKET: "backups",
    BACKUP_KMS_KEY_ID: KEY_ARN,
    BACKUP_RETENTION_DAYS: "35",
};

function problemsOf(parse: () => unknown): string[] {
    try {
        parse();
    } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
    }
    throw new Error("expected a ConfigError");
}

describe("runner configuration", () => {
    it("reads the libpq and BACKUP_* variables with documented defaults", () => {
        const config = parseDumpConfig({}, BASE_ENV);
        expect(config).to.include({
            host: "db.internal",
            port: 5432,
            user: "backup",
            password: "s3cret",
            database: "orders",
            bucket: "backups",
            kmsKeyId: KEY_ARN,
            retentionDays: 35,
            keyPrefix: "layer3",
            pgDumpPath: "pg_dump",
            compression: "gzip",
            zstdPath: "zstd",
            uploadConcurrency: 2,
        });
        expect(config.expectedSize).to.equal(undefined);
        // Unset: the compression's own default (gzip 6, zstd 3), decided where the table lives.
        expect(config.compressionLevel).to.equal(undefined);
    });

    it("lets flags override the environment", () => {
        const config = parseDumpConfig(
            {
                database: "billing",
                bucket: "other",
                retentionDays: "90",
                keyPrefix: "l3pg",
                expectedSize: "2T",
            },
            BASE_ENV,
        );
        expect(config).to.include({
            database: "billing",
            bucket: "other",
            retentionDays: 90,
            keyPrefix: "l3pg",
        });
        expect(config.expectedSize).to.equal(2 * 1024 ** 4);
    });

    it("treats empty variables as unset", () => {
        expect(parseDumpConfig({}, { ...BASE_ENV, BACKUP_KEY_PREFIX: "" }).keyPrefix).to.equal("layer3");
    });

    it("names every missing variable and its flag at once", () => {
        const problems = problemsOf(() => parseDumpConfig({}, {}));
        expect(problems).to.have.length(3);
        expect(problems.join("\n")).to.contain("`--bucket` / `BACKUP_BUCKET` is required");
        expect(problems.join("\n")).to.contain("`--kms-key-id` / `BACKUP_KMS_KEY_ID` is required");
        expect(problems.join("\n")).to.contain("`--retention-days` / `BACKUP_RETENTION_DAYS` is required");
    });

    it("rejects malformed values with the variable named", () => {
        const problems = problemsOf(() =>
            parseDumpConfig(
                {},
                {
                    ...BASE_ENV,
                    PGPORT: "70000",
                    BACKUP_RETENTION_DAYS: "ten",
                    BACKUP_KMS_KEY_ID: "alias/backups",
                    BACKUP_KEY_PREFIX: "/layer3/",
                    BACKUP_EXPECTED_SIZE: "lots",
                    PGDATABASE: "a/b",
                },
            ),
        );
        const text = problems.join("\n");
        expect(text).to.contain("`--port` / `PGPORT` must be between 1 and 65535");
        expect(text).to.contain("`--retention-days` / `BACKUP_RETENTION_DAYS` must be a whole number");
        expect(text).to.contain("`--kms-key-id` / `BACKUP_KMS_KEY_ID` is an alias");
        expect(text).to.contain("`--key-prefix` / `BACKUP_KEY_PREFIX` must be a lowercase path segment");
        expect(text).to.contain("`--expected-size` / `BACKUP_EXPECTED_SIZE` must be a size such as 500G");
        expect(text).to.contain("`--dbname` / `PGDATABASE` contains `/`");
    });

    it("takes zstd from BACKUP_COMPRESSION and holds the level to the chosen compression's range", () => {
        const zstd = parseDumpConfig(
            {},
            { ...BASE_ENV, BACKUP_COMPRESSION: "zstd", BACKUP_COMPRESSION_LEVEL: "12" },
        );
        expect(zstd).to.include({ compression: "zstd", compressionLevel: 12 });
        expect(parseDumpConfig({ compression: "zstd", zstdPath: "/opt/zstd" }, BASE_ENV)).to.include({
            compression: "zstd",
            zstdPath: "/opt/zstd",
        });
        expect(problemsOf(() => parseDumpConfig({ compressionLevel: "12" }, BASE_ENV))).to.deep.equal([
            "`--compression-level` / `BACKUP_COMPRESSION_LEVEL` must be a whole number from 1 to 9 for gzip (got 12)",
        ]);
        expect(
            problemsOf(() => parseDumpConfig({ compression: "zstd", compressionLevel: "20" }, BASE_ENV)),
        ).to.deep.equal([
            "`--compression-level` / `BACKUP_COMPRESSION_LEVEL` must be a whole number from 1 to 19 for zstd (got 20)",
        ]);
        expect(problemsOf(() => parseDumpConfig({ compression: "brotli" }, BASE_ENV))).to.deep.equal([
            "`--compression` / `BACKUP_COMPRESSION` must be one of gzip, zstd (got brotli)",
        ]);
        expect(problemsOf(() => parseDumpConfig({ compressionLevel: "high" }, BASE_ENV))).to.deep.equal([
            "`--compression-level` / `BACKUP_COMPRESSION_LEVEL` must be a whole number",
        ]);
    });

    it("refuses a key prefix of more than one path segment, as the stack does, naming the flag and the rule", () => {
        const text = problemsOf(() => parseDumpConfig({ keyPrefix: "l3/pg" }, BASE_ENV)).join("\n");
        expect(text).to.contain(
            '`--key-prefix` / `BACKUP_KEY_PREFIX` must be a lowercase path segment without "/" (got "l3/pg")',
        );
        for (const prefix of ["Layer3", "layer3/", "a*"])
            expect(
                problemsOf(() => parseDumpConfig({ keyPrefix: prefix }, BASE_ENV)).join(),
                prefix,
            ).to.contain("must be a lowercase path segment");
    });

    it("holds retention to the stack's floor and cap (30..3650 days) for dump and verify", () => {
        for (const days of ["29", "3651"]) {
            expect(
                problemsOf(() => parseDumpConfig({ retentionDays: days }, BASE_ENV)),
                days,
            ).to.deep.equal(["`--retention-days` / `BACKUP_RETENTION_DAYS` must be between 30 and 3650"]);
            expect(
                problemsOf(() =>
                    parseVerifyConfig({ databases: "a" }, { ...BASE_ENV, BACKUP_RETENTION_DAYS: days }),
                ),
                `verify ${days}`,
            ).to.deep.equal(["`--retention-days` / `BACKUP_RETENTION_DAYS` must be between 30 and 3650"]);
        }
        expect(parseDumpConfig({ retentionDays: "30" }, BASE_ENV).retentionDays).to.equal(30);
        expect(parseDumpConfig({ retentionDays: "3650" }, BASE_ENV).retentionDays).to.equal(3650);
    });

    it("parses verify's database list and defaults the RPO to 26 hours", () => {
        const config = parseVerifyConfig({ databases: "a, b,,c" }, BASE_ENV);
        expect(config.targets).to.deep.equal(
            ["a", "b", "c"].map((database) => ({ database, keyPrefix: "layer3", rpoHours: 26 })),
        );
        expect(config.discover).to.equal(false);
        expect(config.maxAgeHours).to.equal(26);
        expect(problemsOf(() => parseVerifyConfig({}, BASE_ENV)).join()).to.contain(
            "give either `--databases` / `BACKUP_DATABASES` (a spot check) or `--expected-databases`",
        );
    });

    it("requires the key ARN, not a bare key id, unless an emulator endpoint is configured", () => {
        for (const parse of [
            (env: NodeJS.ProcessEnv) => parseDumpConfig({}, env),
            (env: NodeJS.ProcessEnv) => parseVerifyConfig({ databases: "a" }, env),
        ]) {
            expect(problemsOf(() => parse({ ...BASE_ENV, BACKUP_KMS_KEY_ID: KEY_ID }))).to.deep.equal([
                "`--kms-key-id` / `BACKUP_KMS_KEY_ID` must be the key ARN (arn:aws:kms:<region>:<account>:key/<id>), " +
                    "not a bare key id: S3 would look the id up in the runner's own account, not the backup " +
                    "account; a bare id is accepted only with an emulator endpoint (AWS_ENDPOINT_URL or " +
                    `AWS_ENDPOINT_URL_S3) (got ${KEY_ID})`,
            ]);
            for (const endpoint of ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"]) {
                const env = { ...BASE_ENV, BACKUP_KMS_KEY_ID: KEY_ID, [endpoint]: "http://127.0.0.1:5000" };
                expect(parse(env).kmsKeyId, endpoint).to.equal(KEY_ID);
            }
        }
    });

    it("reports the key-id problem together with the others", () => {
        const problems = problemsOf(() =>
            parseDumpConfig({}, { ...BASE_ENV, BACKUP_KMS_KEY_ID: KEY_ID, PGPORT: "0" }),
        );
        expect(problems).to.have.length(2);
    });

    it("refuses --version-id without --key for restore and drill, naming both", () => {
        const env = { ...BASE_ENV, RESTORE_TARGET_DB: "copy", RESTORE_VERSION_ID: "v1" };
        const expected = [
            "`--version-id` / `RESTORE_VERSION_ID` needs `--key` / `RESTORE_KEY`: a version id names a version of one key",
        ];
        expect(problemsOf(() => parseRestoreConfig({}, env))).to.deep.equal(expected);
        expect(problemsOf(() => parseDrillConfig({}, env))).to.deep.equal(expected);
        expect(parseRestoreConfig({ key: "k" }, env)).to.include({ key: "k", versionId: "v1" });
    });

    it("requires a target for restore and a database for list", () => {
        expect(problemsOf(() => parseRestoreConfig({}, BASE_ENV)).join()).to.contain("`RESTORE_TARGET_DB`");
        expect(problemsOf(() => parseListConfig({}, { BACKUP_BUCKET: "b" })).join()).to.contain(
            "`PGDATABASE`",
        );
    });
});
