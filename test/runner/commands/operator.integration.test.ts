import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { expect } from "chai";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import {
    startMotoServer,
    startPostgresCluster,
    type MotoServer,
    type PostgresCluster,
} from "../../../devtools";
import { manifestKey } from "../../../shared/object-key";
import { parseManifest } from "../../../runner/manifest";
import { createKmsKey, createLockedBucket, s3For } from "../helpers/aws-fixtures";
import { seedVariedDatabase, tableFingerprints, withClient } from "../helpers/pg-fixtures";
import { runCli } from "../helpers/run-cli";

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

    /** Writes a new version of a dump's manifest (the locked old version stays, as it would on AWS). */
    async function rewriteManifest(
        dump: DumpSummary,
        database: string,
        change: (manifest: ReturnType<typeof parseManifest>) => void,
    ): Promise<void> {
        const original = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: manifestKey(dump.key) }));
        const manifest = parseManifest(await original.Body!.transformToString(), database);
        change(manifest);
        await s3.send(
            new PutObjectCommand({
                Bucket: bucket,
                Key: manifestKey(dump.key),
                Body: JSON.stringify(manifest),
                ServerSideEncryption: "aws:kms",
                SSEKMSKeyId: kmsArn,
            }),
        );
    }

    async function userTableCount(database: string): Promise<number> {
        return withClient(pg!, database, async (c) => {
            const result = await c.query<{ n: string }>(
                "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
                    "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') " +
                    "AND n.nspname NOT LIKE 'pg_toast%'",
            );
            return Number(result.rows[0].n);
        });
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
        env = {
            ...pg.env,
            ...moto.env,
            BACKUP_BUCKET: bucket,
            BACKUP_KMS_KEY_ID: kmsArn,
            BACKUP_RETENTION_DAYS: "30",
            PG_DUMP_PATH: path.join(pg.bindir, "pg_dump"),
            PSQL_PATH: path.join(pg.bindir, "psql"),
        };
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

        // Tamper with "other": a new manifest version (Object Lock protects versions, not keys, so anyone
        // with s3:PutObject could do this) claiming a different sha256 and one more order than was dumped.
        await rewriteManifest(otherDump, "other", (manifest) => {
            manifest.sha256 = "0".repeat(64);
            manifest.rowCounts['"public"."orders"'] += 1;
        });
        // "ledger": the dump's bytes match the manifest but the row counts do not, so a restore commits and
        // only the row-count comparison can catch it ("other" never gets that far: its sha256 is refused).
        await seedVariedDatabase(pg, "ledger", { bigRows: 0 });
        ledgerDump = await dumpOf("ledger");
        await rewriteManifest(ledgerDump, "ledger", (manifest) => {
            manifest.rowCounts['"public"."orders"'] += 1;
        });
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

        it("reports per database: a tampered manifest sha256 and a database without dumps fail, shop passes", async () => {
            const result = await cli(["verify", "--databases", "shop,other,nodumps"]);
            expect(result.code).to.equal(1);
            const report = JSON.parse(result.stdout) as {
                status: string;
                databases: Array<{ database: string; ok: boolean; problems: string[] }>;
            };
            expect(report.status).to.equal("failed");
            const byName = Object.fromEntries(report.databases.map((d) => [d.database, d]));
            expect(byName.shop.ok).to.equal(true);
            expect(byName.other.ok).to.equal(false);
            expect(byName.other.problems.join(" ")).to.contain(
                `sha256 ${otherDump.sha256} differs from the manifest's`,
            );
            expect(byName.nodumps.problems.join(" ")).to.contain("no dump with a manifest");
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
                problems: string[];
                scratchDatabase: string;
            };
            expect(report.status).to.equal("failed");
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
            expect(result.stderr).to.contain(
                `restoring ${bucket}/${key} into bogus_target failed: psql exited`,
            );
            expect(result.stderr).to.contain("syntax error");
            const tables = await withClient(
                pg!,
                "bogus_target",
                async (c) => (await c.query("SELECT 1 FROM pg_class WHERE relname = 'fine'")).rowCount,
            );
            expect(tables, "single transaction: nothing half-restored").to.equal(0);
        });

        it("refuses a dump whose sha256 differs from the manifest and commits nothing", async () => {
            const result = await cli(["restore", "--dbname", "other", "--target-db", "other_copy"]);
            expect(result.code).to.equal(1);
            expect(await databaseNames()).to.include("other_copy");
            expect(await userTableCount("other_copy"), "the transaction rolled back").to.equal(0);
            expect(result.stderr).to.contain(
                `${bucket}/${otherDump.key} does not match its manifest: expected sha256 ${"0".repeat(64)}, ` +
                    `got ${otherDump.sha256}; nothing was committed to other_copy`,
            );
            expect(result.stdout.trim()).to.equal("");
        });

        it("commits nothing when the object breaks off mid-stream, even after SQL has reached psql", async () => {
            const key = "layer3/shop/2026/01/02/shop_20260102T000000Z.sql.gz";
            const whole = gzipSync("CREATE TABLE arrived_before_the_break (x int);\n");
            // Without its 8-byte trailer the deflate data still inflates, then gunzip fails: the SQL is
            // already in psql's stdin when the stream errors, which is when closing stdin would COMMIT it.
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
            expect(await userTableCount("truncated_target"), "the transaction rolled back").to.equal(0);
            expect(result.stderr).to.contain(
                `restoring ${bucket}/${key} into truncated_target failed: unexpected end of file; nothing was committed`,
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
