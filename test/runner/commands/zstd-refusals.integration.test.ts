/**
 * What a zstd dump must refuse, against PostgreSQL 15 and moto: a manifest whose format disagrees with
 * the object (gzip bytes under a zstd manifest; a key whose suffix contradicts its manifest), and a
 * missing zstd executable (an error before anything is uploaded, or before a restore creates anything).
 *
 * The forgeries are plain SDK writes (helpers/forgery.ts). On AWS the bucket policy's If-None-Match
 * deny does not stop them (they are new keys), and a compromised writer could write exactly these, so the
 * readers must catch them themselves; moto does not evaluate the bucket policy, which changes nothing here.
 */
import { ListObjectVersionsCommand, type S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import {
    startMotoServer,
    startPostgresCluster,
    type MotoServer,
    type PostgresCluster,
} from "../../../devtools";
import { dumpKey } from "../../../shared/object-key";
import { createKmsKey, createLockedBucket, s3For, unfinishedUploads } from "../helpers/aws-fixtures";
import { Forger } from "../helpers/forgery";
import { seedVariedDatabase, withClient } from "../helpers/pg-fixtures";
import { runCli } from "../helpers/run-cli";
import { runnerEnv } from "../helpers/runner-env";

const ZSTD_MISSING =
    "install zstd (Debian/Ubuntu package `zstd`) or set `--zstd-path` / `ZSTD_PATH` to its path";

describe("zstd refusals: formats that disagree, and no zstd", function () {
    this.timeout(300_000);
    let pg: PostgresCluster | undefined;
    let moto: MotoServer | undefined;
    let s3: S3Client;
    let bucket: string;
    let kmsArn: string;
    let env: Record<string, string>;
    /** A .sql.zst key whose manifest says zstd over gzip bytes (sha256 and size match them). */
    let gzipUnderZstd: string;
    /** A .sql.gz key whose manifest says zstd over zstd bytes. */
    let zstdUnderGzipKey: string;

    const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, { ...env, ...extra });
    const databases = () =>
        withClient(pg!, "postgres", async (c) =>
            (await c.query<{ datname: string }>("SELECT datname FROM pg_database")).rows.map(
                (r) => r.datname,
            ),
        );
    const versions = async () =>
        (await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }))).Versions?.length ?? 0;

    /** A real dump of `database`, then a newer forged copy at `suffix` with a manifest saying `format`. */
    async function forgeNewer(
        database: string,
        compression: string,
        suffix: ".sql.gz" | ".sql.zst",
        format: string,
    ) {
        const real = await cli(["dump", "--dbname", database], { BACKUP_COMPRESSION: compression });
        expect(real.code, real.stderr).to.equal(0);
        const { key } = JSON.parse(real.stdout) as { key: string };
        const forger = new Forger(s3, bucket, kmsArn);
        // Stored a second later than the real one, so S3 calls it the newest; dated an hour back.
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const forged = dumpKey("layer3", database, new Date(Date.now() - 3_600_000), suffix);
        const base = await forger.manifestOf(key);
        await forger.dumpWithManifest(forged, await forger.bytes(key), base, {
            format,
            uncompressedBytes: base.uncompressedBytes,
        });
        return forged;
    }

    before(async () => {
        pg = await startPostgresCluster({ password: "pw-for-zstd-refusals" });
        moto = await startMotoServer();
        s3 = s3For(moto);
        kmsArn = (await createKmsKey(moto)).arn;
        bucket = await createLockedBucket(s3, 30);
        env = runnerEnv(pg, moto, { bucket, kmsArn, retentionDays: 30 });
        for (const db of ["wrongbytes", "wrongkey", "plain"])
            await seedVariedDatabase(pg, db, { bigRows: 0 });
        gzipUnderZstd = await forgeNewer("wrongbytes", "gzip", ".sql.zst", "plain-sql-zstd");
        zstdUnderGzipKey = await forgeNewer("wrongkey", "zstd", ".sql.gz", "plain-sql-zstd");
    });

    after(async () => {
        s3?.destroy();
        await moto?.stop();
        await pg?.stop();
    });

    describe("gzip bytes under a zstd manifest (everything else matches)", () => {
        it("verify fails the database, saying what the bytes are", async () => {
            const result = await cli(["verify", "--databases", "wrongbytes"]);
            expect(result.code).to.equal(1);
            const report = JSON.parse(result.stdout) as {
                databases: Array<{ key: string; problems: string[] }>;
            };
            expect(report.databases[0].key).to.equal(gzipUnderZstd);
            expect(report.databases[0].problems.join(" ")).to.match(
                new RegExp(
                    `${gzipUnderZstd} \\(version .+\\) is not plain-sql-zstd as its manifest says: it starts with 1f 8b .*\\(gzip\\)`,
                ),
            );
        });

        it("restore refuses it before psql sees a byte; the target never appears, the temporary is dropped", async () => {
            const before = await databases();
            const result = await cli(["restore", "--dbname", "wrongbytes", "--target-db", "wrongbytes_copy"]);
            expect(result.code).to.equal(1);
            expect(result.stderr).to.contain(
                `is not plain-sql-zstd as its manifest says: it starts with 1f 8b`,
            );
            expect(result.stderr).to.contain("was dropped");
            expect(await databases()).to.deep.equal(before);
        });

        it("drill fails on it too", async () => {
            const result = await cli(["drill", "--dbname", "wrongbytes"]);
            expect(result.code).to.equal(1);
            const report = JSON.parse(result.stdout) as { key: string; problems: string[] };
            expect(report.key).to.equal(gzipUnderZstd);
            expect(report.problems.join(" ")).to.contain("is not plain-sql-zstd as its manifest says");
        });
    });

    describe("a .sql.gz key whose manifest says zstd", () => {
        const disagreement =
            "its manifest says plain-sql-zstd (zstd, .sql.zst), but the key ends with .sql.gz (gzip): " +
            "the manifest and the dump disagree";

        it("list and verify report it as suspect, naming the key", async () => {
            const listed = JSON.parse((await cli(["list", "--dbname", "wrongkey"])).stdout) as Array<{
                key: string;
                state: string;
                problems: string[];
                compression: string | null;
            }>;
            expect(listed[0]).to.include({ key: zstdUnderGzipKey, state: "suspect", compression: null });
            expect(listed[0].problems).to.deep.equal([`${zstdUnderGzipKey}: ${disagreement}`]);
            const verify = await cli(["verify", "--databases", "wrongkey"]);
            expect(verify.code).to.equal(1);
            expect(verify.stdout).to.contain(disagreement);
        });

        it("restore refuses the newest dump and restores nothing; named exactly, it is refused all the same", async () => {
            const newest = await cli(["restore", "--dbname", "wrongkey", "--target-db", "wrongkey_copy"]);
            expect(newest.code).to.equal(1);
            expect(newest.stderr).to.contain("is suspect").and.to.contain(disagreement);
            const listed = JSON.parse((await cli(["list", "--dbname", "wrongkey"])).stdout) as Array<{
                versionId: string;
            }>;
            const exact = await cli([
                "restore",
                "--dbname",
                "wrongkey",
                "--target-db",
                "wrongkey_copy",
                "--key",
                zstdUnderGzipKey,
                "--version-id",
                listed[0].versionId,
            ]);
            expect(exact.code).to.equal(1);
            expect(exact.stderr).to.contain(`refusing ${zstdUnderGzipKey}: ${disagreement}`);
            expect(await databases()).not.to.include("wrongkey_copy");
        });
    });

    describe("no zstd executable", () => {
        it("a zstd dump fails before anything is uploaded, naming the setting to fix", async () => {
            const [versionsBefore, uploadsBefore] = [await versions(), await unfinishedUploads(s3, bucket)];
            // CodeBuild without zstd installed: nothing on PATH answers to `zstd`.
            const result = await cli(["dump", "--dbname", "plain"], {
                BACKUP_COMPRESSION: "zstd",
                PATH: "/nonexistent",
            });
            expect(result.code).to.equal(1);
            expect(result.stderr).to.contain(`zstd executable \`zstd\` was not found; ${ZSTD_MISSING}`);
            expect(result.stdout.trim()).to.equal("");
            expect([await versions(), await unfinishedUploads(s3, bucket)]).to.deep.equal([
                versionsBefore,
                uploadsBefore,
            ]);
            // The same build with gzip needs no zstd.
            const gzip = await cli(["dump", "--dbname", "plain"], { PATH: "/nonexistent" });
            expect(gzip.code, gzip.stderr).to.equal(0);
        });

        it("a restore of a zstd dump fails before creating any database, naming the setting", async () => {
            const dumped = await cli(["dump", "--dbname", "plain"], { BACKUP_COMPRESSION: "zstd" });
            expect(dumped.code, dumped.stderr).to.equal(0);
            const before = await databases();
            const result = await cli(["restore", "--dbname", "plain", "--target-db", "plain_copy"], {
                ZSTD_PATH: "/nonexistent/zstd",
            });
            expect(result.code).to.equal(1);
            expect(result.stderr).to.contain(
                `zstd executable \`/nonexistent/zstd\` was not found; ${ZSTD_MISSING}`,
            );
            expect(await databases()).to.deep.equal(before);
        });
    });
});
