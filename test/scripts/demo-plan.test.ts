import { expect } from "chai";
import { planFromPreview } from "../../scripts/demo/bucket-plan";
import { toApiShape } from "../../scripts/demo/emulated-bucket";
import { type DemoReport, formatReport, problemsOf } from "../../scripts/demo/report";
import { readStackConfig, readStackRawConfig, runStackOffline } from "../../scripts/preview-offline";

type Backup = {
    bucket: Record<string, unknown> & { name: string; retentionDays: number; keyPrefix: string };
    writers: Array<{ roleArn: string; databases: string[] }>;
    auditor?: Record<string, unknown>;
};

describe("the demo's bucket comes from the backup stack, not from constants", () => {
    it("reads name, region, lock, encryption, key prefix and databases from prod-backup as the program declares them", async () => {
        const plan = planFromPreview(await runStackOffline("prod-backup"));
        const { raw, region } = readStackRawConfig("prod-backup");
        const backup = raw.backup as Backup;
        expect(plan).to.deep.include({
            stack: "prod-backup",
            region,
            bucketName: backup.bucket.name,
            objectLock: { mode: "COMPLIANCE", days: backup.bucket.retentionDays },
            versioning: "Enabled",
            objectOwnership: "BucketOwnerEnforced",
            keyPrefix: backup.bucket.keyPrefix,
            databases: backup.writers[0].databases.slice(0, 2),
        });
        expect(plan.encryption).to.deep.include({ sseAlgorithm: "aws:kms", bucketKeyEnabled: true });
        expect(plan.publicAccessBlock).to.deep.equal({
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        // With the auditor on, expiry is per writer prefix (receipts keep their own rule): `expire-current-versions-…`.
        const ids = plan.lifecycleRules.map((r) => String(r.id));
        expect(
            ids.some((id) => id.startsWith("expire-current-versions")),
            ids.join(", "),
        ).to.equal(true);
    });

    it("follows a changed configuration: another name, retention, prefix and databases", async () => {
        const backup = JSON.parse(readStackConfig("prod-backup")["strongbox:backup"]) as Backup;
        backup.bucket = {
            ...backup.bucket,
            name: "other-demo-bucket",
            retentionDays: 60,
            keyPrefix: "ledgers",
        };
        delete backup.bucket.expireAfterDays;
        backup.writers = [{ roleArn: backup.writers[0].roleArn, databases: ["orders", "ledger", "third"] }];
        // The example's auditor overrides name the example's databases, which this configuration no longer has.
        delete backup.auditor?.databases;
        const preview = await runStackOffline("prod-backup", { "strongbox:backup": JSON.stringify(backup) });
        const plan = planFromPreview(preview);
        expect(plan).to.deep.include({
            bucketName: "other-demo-bucket",
            objectLock: { mode: "COMPLIANCE", days: 60 },
            keyPrefix: "ledgers",
            databases: ["orders", "ledger"],
        });
    });

    it("names what it cannot find instead of guessing", async () => {
        const source = await runStackOffline("prod-source");
        expect(() => planFromPreview(source)).to.throw(
            "stack prod-source declares no strongbox:storage:ImmutableBackupBucket: give the demo the backup stack",
        );
    });

    it("turns Pulumi's lifecycle inputs into the S3 API's shape", () => {
        expect(
            toApiShape([
                {
                    id: "a",
                    status: "Enabled",
                    filter: {},
                    noncurrentVersionExpiration: { noncurrentDays: 35 },
                },
            ]),
        ).to.deep.equal([
            { ID: "a", Status: "Enabled", Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 35 } },
        ]);
    });
});

describe("the demo's report", () => {
    const database = {
        database: "appdb",
        compression: "gzip -6",
        key: "layer3/appdb/2026/12/02/appdb_20261202T085843Z.sql.gz",
        versionId: "v1",
        uncompressedBytes: 10_000_000,
        compressedBytes: 500_000,
        sha256: "a".repeat(64),
        lockMode: "COMPLIANCE",
        retainUntil: "2027-01-06T08:58:44.000Z",
        verify: "ok" as const,
        verifyProblems: [],
        drill: "ok" as const,
        restoreSeconds: 1.1,
        tablesCompared: 6,
        drillProblems: [],
    };
    const shown: Omit<DemoReport, "status" | "problems"> = {
        stack: "prod-backup",
        bucket: {
            name: "b",
            region: "ap-southeast-4",
            objectLock: "COMPLIANCE, 35 days",
            encryption: "aws:kms",
            keyPrefix: "layer3",
            notEmulated: [],
        },
        databases: [database],
        deleteAttempt: {
            key: database.key,
            versionId: "v1",
            refused: true,
            answer: "AccessDenied",
            stillThere: true,
        },
        forgery: { database: "appdb", key: "k", reportedByVerify: true, problems: ["k is dated ..."] },
        receipts: 3,
        stopped: ["moto_server (pid 1) stopped"],
        seconds: 30,
    };

    it("passes only when every protection was shown working, and names each that was not", () => {
        expect(problemsOf(shown)).to.deep.equal([]);
        const broken = {
            ...shown,
            databases: [
                { ...database, lockMode: null, drill: "failed" as const, drillProblems: ["row counts"] },
            ],
            deleteAttempt: { ...shown.deleteAttempt!, refused: false, stillThere: false },
            forgery: { ...shown.forgery!, reportedByVerify: false },
        };
        expect(problemsOf(broken)).to.deep.equal([
            "appdb: the dump is not COMPLIANCE-locked",
            "appdb: the drill did not pass: row counts",
            "deleting a dump version was not refused, or the version is gone",
            "verify did not report the forged dump",
        ]);
    });

    it("shows each database's key, sizes, sha256, lock, verify and restore time", () => {
        const text = formatReport({ ...shown, status: "ok", problems: [] });
        expect(text).to.contain(`  key         ${database.key}`);
        expect(text).to.contain("  size        9.5 MiB of SQL, 488.3 KiB stored");
        expect(text).to.contain(`  sha256      ${"a".repeat(64)}`);
        expect(text).to.contain("  lock        COMPLIANCE until 2027-01-06T08:58:44.000Z");
        expect(text).to.contain("  drill       ok: restored in 1.1 s into a throwaway PostgreSQL");
        expect(text).to.contain("  delete      REFUSED");
        expect(text).to.contain("  forgery     REPORTED by verify");
    });
});
