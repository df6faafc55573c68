import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { expect } from "chai";
import { gzipSync } from "node:zlib";
import {
    startMotoServer,
    startPostgresCluster,
    type MotoServer,
    type PostgresCluster,
} from "../../../devtools";
import { dumpKey } from "../../../shared/object-key";
import type { Manifest } from "../../../runner/manifest";
import { createKmsKey, createLockedBucket, s3For } from "../helpers/aws-fixtures";
import { Forger } from "../helpers/forgery";
import { seedVariedDatabase, tableFingerprints, withClient } from "../helpers/pg-fixtures";
import { runCli } from "../helpers/run-cli";
import { runnerEnv } from "../helpers/runner-env";

interface DumpSummary {
    key: string;
    sha256: string;
}

describe("strongbox list, verify, drill and restore against PostgreSQL 15 and moto", function () {
    this.timeout(300_000);
    let pg: PostgresCluster | undefined;
    let moto: MotoServer | undefined;
    let s3: S3Client;
    let bucket: string;
    let kmsArn: string;
    let env: Record<string, string>;
    const shopDumps: DumpSummary[] = [];
    let otherDump: DumpSummary;
    let ledgerDump: DumpSummary;

    const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, { ...env, ...extra });

    async function dumpOf(database: string): Promise<DumpSummary> {
        const result = await cli(["dump", "--dbname", database]);
        expect(result.code, result.stderr).to.equal(0);
        return JSON.parse(result.stdout) as DumpSummary;
    }

    /**
     * A second dump of `database` under a new key (dated an hour back, so the key is not from the future,
     * but stored now, so S3 calls it the newest): the same bytes, with a manifest that names its version,
     * size and sha256 but says what `change` makes it say. Its S3 history is clean, so only streaming
     * (sha256) or restoring (row counts) can catch it, which is what these fixtures are for. Tampering that
     * leaves a trace in the history is tamper.integration.test.ts's subject.
     */
    async function copyWithManifest(
        dump: DumpSummary,
        database: string,
        change: (manifest: Manifest) => Partial<Manifest>,
    ): Promise<DumpSummary> {
        const forger = new Forger(s3, bucket, kmsArn);
        // S3's LastModified has whole seconds: a copy stored in the dump's own second would tie with it.
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const key = dumpKey("layer3", database, new Date(Date.now() - 3_600_000));
        const base = await forger.manifestOf(dump.key);
        const copy = await forger.dumpWithManifest(key, await forger.bytes(dump.key), base, change(base));
        return { key, sha256: copy.sha256 };
    }

    async function databaseNames(): Promise<string[]> {
        return withClient(pg!, "postgres", async (c) =>
            (await c.query<{ datname: string }>("SELECT datname FROM pg_database")).rows.map(
                (r) => r.datname,
            ),
        );
    }

    before(async () => {
        pg = await startPostgresCluster({ password: "pw-for-operator-tests" });
        moto = await startMotoServer();
        s3 = s3For(moto);
        kmsArn = (await createKmsKey(moto)).arn;
        bucket = await createLockedBucket(s3, 30);
        env = runnerEnv(pg, moto, { bucket, kmsArn, retentionDays: 30 });
        await seedVariedDatabase(pg, "shop", { bigRows: 1, bigRowBytes: 512 * 1024 });
        await seedVariedDatabase(pg, "other", { bigRows: 0 });
        shopDumps.push(await dumpOf("shop"));
        // Keys have one-second resolution; the second dump must get its own key.
        await new Promise((resolve) => setTimeout(resolve, 1100));
        shopDumps.push(await dumpOf("shop"));
        // "other" goes through DB_SECRET_ARN with the RDS secret JSON and no PGUSER/PGPASSWORD, as in CodeBuild.
        const secrets = new SecretsManagerClient({
            endpoint: moto.endpoint,
            region: moto.env.AWS_REGION,
            credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
        });
        const secret = await secrets.send(
            new CreateSecretCommand({
                Name: "rds/other",
                SecretString: JSON.stringify({
                    username: pg.user,
                    password: pg.password,
                    host: pg.host,
                    port: pg.port,
                    dbname: "other",
                }),
            }),
        );
        secrets.destroy();
        const viaSecret = await runCli(["dump"], {
            ...env,
            PGUSER: "",
            PGPASSWORD: "",
            PGDATABASE: "",
            PGHOST: "",
            PGPORT: "",
            DB_SECRET_ARN: secret.ARN!,
        });
        expect(viaSecret.code, viaSecret.stderr).to.equal(0);
        otherDump = JSON.parse(viaSecret.stdout) as DumpSummary;
        expect(otherDump.key).to.match(/^layer3\/other\//);

        // "other": a copy whose manifest claims another sha256 and one more order than was dumped.
        otherDump = await copyWithManifest(otherDump, "other", (m) => ({
            sha256: "0".repeat(64),
            rowCounts: { ...m.rowCounts, '"public"."orders"': m.rowCounts['"public"."orders"'] + 1 },
        }));
        // "ledger": the copy's bytes match its manifest but the row counts do not, so the restore goes
        // through and only the row-count comparison can catch it ("other" never gets that far).
        await seedVariedDatabase(pg, "ledger", { bigRows: 0 });
        ledgerDump = await copyWithManifest(await dumpOf("ledger"), "ledger", (m) => ({
            rowCounts: { ...m.rowCounts, '"public"."orders"': m.rowCounts['"public"."orders"'] + 1 },
        }));
    });

    after(async () => {
        s3?.destroy();
        await moto?.stop();
        await pg?.stop();
    });

    describe("list", () => {
        it("shows a database's dumps newest first with size, COMPLIANCE lock and retain-until", async () => {
            const result = await cli(["list", "--dbname", "shop"]);
            expect(result.code, result.stderr).to.equal(0);
            const listed = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
            expect(listed.map((d) => d.key)).to.deep.equal([shopDumps[1].key, shopDumps[0].key]);
            for (const dump of listed) {
                expect(dump).to.include({ state: "ok", versions: 1 });
                expect(dump.problems).to.deep.equal([]);
                expect(dump.versionId).to.be.a("string").and.not.equal("");
                expect(dump.lockMode).to.equal("COMPLIANCE");
                expect(Date.parse(String(dump.retainUntil))).to.be.greaterThan(Date.now() + 29 * 86_400_000);
                expect(dump.sizeBytes).to.be.a("number").and.greaterThan(0);
                expect(dump.hasManifest).to.equal(true);
            }
        });

        it("fails with exit 1 and names the bucket when it does not exist", async () => {
            const result = await cli(["list", "--dbname", "shop", "--bucket", "no-such-bucket-xyz"]);
            expect(result.code).to.equal(1);
            expect(result.stderr).to.contain("list failed: could not list no-such-bucket-xyz/layer3/shop/");
            expect(result.stdout.trim()).to.equal("");
        });
    });

    describe("verify", () => {
        it("passes for a fresh, locked, correctly encrypted dump whose sha256 matches the manifest", async () => {
            const result = await cli(["verify", "--databases", "shop", "--max-age-hours", "1"]);
            expect(result.code, result.stderr).to.equal(0);
            const report = JSON.parse(result.stdout) as {
                status: string;
                databases: Array<Record<string, unknown>>;
            };
            expect(report.status).to.equal("ok");
            expect(report.databases).to.have.length(1);
            expect(report.databases[0]).to.include({ database: "shop", ok: true, key: shopDumps[1].key });
        });

        it("fails a dump older than the RPO", async () => {
            await new Promise((resolve) => setTimeout(resolve, 1500));
            const result = await cli(["verify", "--databases", "shop", "--max-age-hours", "0.0003"]);
            expect(result.code).to.equal(1);
            const report = JSON.parse(result.stdout) as {
                databases: Array<{ ok: boolean; problems: string[] }>;
            };
            expect(report.databases[0].ok).to.equal(false);
            expect(report.databases[0].problems.join(" ")).to.contain("older than the RPO of 0.0003 h");
        });

        it("fails when more lock must remain than the dump has", async () => {
            const result = await cli(["verify", "--databases", "shop", "--min-remaining-days", "45"]);
            expect(result.code).to.equal(1);
            expect(result.stdout).to.contain("retained only until");
        });

        it("reports per database: a manifest whose sha256 the bytes do not match and a database without dumps fail, shop passes", async () => {
            const result = await cli(["verify", "--databases", "shop,other,nodumps"]);
            expect(result.code).to.equal(1);
            const report = JSON.parse(result.stdout) as {
                status: string;
                databases: Array<{
                    database: string;
                    ok: boolean;
                    key: string;
                    versionId: string;
                    problems: string[];
                }>;
            };
            expect(report.status).to.equal("failed");
            const byName = Object.fromEntries(report.databases.map((d) => [d.database, d]));
            expect(byName.shop.ok, JSON.stringify(byName.shop)).to.equal(true);
            expect(byName.other.ok, JSON.stringify(byName.other)).to.equal(false);
            expect(byName.other).to.include({ key: otherDump.key });
            expect(byName.other.problems.join(" ")).to.contain(
                `${otherDump.key} (version ${byName.other.versionId}): sha256 ${otherDump.sha256} differs from ` +
                    `the manifest's ${"0".repeat(64)}`,
            );
            expect(byName.nodumps.problems.join(" ")).to.contain("missing dump: nothing under");
            expect(result.stderr).to.contain("verify-failed");
        });
    });

    describe("drill", () => {
        it("restores the newest dump into a scratch database, matches row counts, reports the RTO, drops it", async () => {
            const result = await cli(["drill", "--dbname", "shop"]);
            expect(result.code, result.stderr).to.equal(0);
            const report = JSON.parse(result.stdout) as Record<string, unknown>;
            expect(report).to.include({ status: "ok", database: "shop", key: shopDumps[1].key });
            expect(report.restoreSeconds).to.be.a("number").and.greaterThan(0);
            expect(report.tablesCompared).to.be.greaterThan(5);
            expect(await databaseNames()).not.to.include(report.scratchDatabase);
        });

        it("catches a row-count mismatch with the manifest and still drops the scratch database", async () => {
            const result = await cli(["drill", "--dbname", "ledger"]);
            expect(result.code).to.equal(1);
            const report = JSON.parse(result.stdout) as {
                status: string;
                key: string;
                problems: string[];
                scratchDatabase: string;
            };
            expect(report.status).to.equal("failed");
            expect(report).to.include({ key: ledgerDump.key });
            expect(report.problems).to.include('"public"."orders": 3000 rows, expected 3001');
            expect(await databaseNames()).not.to.include(report.scratchDatabase);
        });

        it("fails a dump whose sha256 differs from the manifest before committing it, and drops the scratch", async () => {
            const result = await cli(["drill", "--dbname", "other"]);
            expect(result.code).to.equal(1);
            const report = JSON.parse(result.stdout) as {
                status: string;
                key: string;
                problems: string[];
                scratchDatabase: string;
            };
            expect(report).to.include({ status: "failed", key: otherDump.key });
            expect(report.problems.join(" ")).to.contain(
                `does not match its manifest: expected sha256 ${"0".repeat(64)}, got ${otherDump.sha256}`,
            );
            expect(await databaseNames()).not.to.include(report.scratchDatabase);
        });
    });

    describe("restore", () => {
        it("restores the newest dump into a new database with identical content", async () => {
            const result = await cli(["restore", "--dbname", "shop", "--target-db", "shop_copy"]);
            expect(result.code, result.stderr).to.equal(0);
            const summary = JSON.parse(result.stdout) as { status: string; key: string; problems: string[] };
            expect(summary.status).to.equal("ok");
            expect(summary.key).to.equal(shopDumps[1].key);
            expect(await tableFingerprints(pg!, "shop_copy")).to.deep.equal(
                await tableFingerprints(pg!, "shop"),
            );
        });

        it("refuses a non-empty target without --force and leaves it untouched", async () => {
            await withClient(pg!, "shop_copy", (c) => c.query("CREATE TABLE local_only (x int)"));
            const result = await cli(["restore", "--dbname", "shop", "--target-db", "shop_copy"]);
            expect(result.code).to.equal(1);
            expect(result.stderr).to.contain("target database shop_copy is not empty");
            const tables = await withClient(
                pg!,
                "shop_copy",
                async (c) => (await c.query("SELECT 1 FROM pg_class WHERE relname = 'local_only'")).rowCount,
            );
            expect(tables).to.equal(1);
        });

        it("fails with psql's own error when a dump does not replay, naming the key", async () => {
            const key = "layer3/shop/2026/01/01/shop_20260101T000000Z.sql.gz";
            await s3.send(
                new PutObjectCommand({
                    Bucket: bucket,
                    Key: key,
                    Body: gzipSync("CREATE TABLE fine (x int);\nTHIS IS NOT SQL;\n"),
                    ServerSideEncryption: "aws:kms",
                    SSEKMSKeyId: kmsArn,
                }),
            );
            const result = await cli([
                "restore",
                "--dbname",
                "shop",
                "--target-db",
                "bogus_target",
                "--key",
                key,
            ]);
            expect(result.code).to.equal(1);
            expect(result.stderr).to.match(
                new RegExp(`restoring ${bucket}/${key} \\(version [^)]+\\) failed: psql exited`),
            );
            expect(result.stderr).to.contain("syntax error").and.to.contain("the temporary database");
            expect(await databaseNames(), "the target never appeared").not.to.include("bogus_target");
            expect(
                result.logs.some((l) => l.event === "no-manifest"),
                "restored unchecked, and said so",
            ).to.equal(true);
        });

        it("refuses a dump whose sha256 differs from the manifest; the target never appears", async () => {
            const result = await cli(["restore", "--dbname", "other", "--target-db", "other_copy"]);
            expect(result.code).to.equal(1);
            expect(await databaseNames()).not.to.include("other_copy");
            expect(result.stderr).to.contain(`${bucket}/${otherDump.key} (version `);
            expect(result.stderr).to.contain(
                `does not match its manifest: expected sha256 ${"0".repeat(64)}, got ${otherDump.sha256}`,
            );
            expect(result.stderr).to.match(
                /the temporary database strongbox_restore_other_copy_\w+ was dropped/,
            );
            expect(result.stdout.trim()).to.equal("");
        });

        it("the target never appears when the object breaks off mid-stream, even after SQL has reached psql", async () => {
            const key = "layer3/shop/2026/01/02/shop_20260102T000000Z.sql.gz";
            const whole = gzipSync("CREATE TABLE arrived_before_the_break (x int);\n");
            // Without its 8-byte trailer the deflate data still inflates, then gunzip fails: the SQL is
            // already in psql's stdin when the stream errors, which is when closing stdin would COMMIT it
            // (into the temporary database, which is then dropped).
            await s3.send(
                new PutObjectCommand({
                    Bucket: bucket,
                    Key: key,
                    Body: whole.subarray(0, whole.length - 8),
                    ServerSideEncryption: "aws:kms",
                    SSEKMSKeyId: kmsArn,
                }),
            );
            const result = await cli([
                "restore",
                "--dbname",
                "shop",
                "--target-db",
                "truncated_target",
                "--key",
                key,
            ]);
            expect(result.code).to.equal(1);
            expect(await databaseNames(), "the target never appeared").not.to.include("truncated_target");
            expect(result.stderr).to.match(
                new RegExp(`restoring ${bucket}/${key} \\(version [^)]+\\) failed: unexpected end of file`),
            );
        });

        it("with --force and --key restores that exact (older) dump over a non-empty target", async () => {
            const result = await cli([
                "restore",
                "--dbname",
                "shop",
                "--target-db",
                "shop_copy",
                "--force",
                "--key",
                shopDumps[0].key,
            ]);
            expect(result.code, result.stderr).to.equal(0);
            expect((JSON.parse(result.stdout) as { key: string }).key).to.equal(shopDumps[0].key);
            expect(await tableFingerprints(pg!, "shop_copy")).to.deep.equal(
                await tableFingerprints(pg!, "shop"),
            );
        });
    });
});
