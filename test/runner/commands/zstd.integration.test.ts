/**
 * zstd dumps end to end against PostgreSQL 15, moto and the real `zstd` (scripts/setup.sh installs it):
 * dump, list, verify, restore and drill, in a database whose history mixes zstd and gzip dumps, each read
 * as its manifest says.
 */
import { GetObjectCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as os from "node:os";
import {
    startMotoServer,
    startPostgresCluster,
    type MotoServer,
    type PostgresCluster,
} from "../../../devtools";
import { parseManifest } from "../../../runner/manifest";
import { zstdCompressArgs } from "../../../runner/stream/zstd";
import { dumpKey, manifestKey, parseDumpKey } from "../../../shared/object-key";
import { createKmsKey, createLockedBucket, s3For } from "../helpers/aws-fixtures";
import { seedVariedDatabase, tableFingerprints, withClient } from "../helpers/pg-fixtures";
import { runCli } from "../helpers/run-cli";
import { runnerEnv } from "../helpers/runner-env";

interface DumpSummary {
    key: string;
    manifestKey: string;
    versionId: string;
    sha256: string;
    compressedBytes: number;
    uncompressedBytes: number;
    format: string;
    level: number;
}

describe("zstd dumps end to end (dump, list, verify, restore, drill) against PostgreSQL 15 and moto", function () {
    this.timeout(300_000);
    let pg: PostgresCluster | undefined;
    let moto: MotoServer | undefined;
    let s3: S3Client;
    let bucket: string;
    let env: Record<string, string>;
    /** Oldest first: zstd at the default level, gzip, zstd -9. */
    const dumps: DumpSummary[] = [];

    const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, { ...env, ...extra });
    const bytesOf = async (key: string) =>
        Buffer.from(
            await (
                await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
            ).Body!.transformToByteArray(),
        );

    async function dump(extra: Record<string, string>): Promise<DumpSummary> {
        // Keys have one-second resolution; each dump gets its own.
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const result = await cli(["dump", "--dbname", "zshop"], extra);
        expect(result.code, result.stderr).to.equal(0);
        return JSON.parse(result.stdout) as DumpSummary;
    }

    before(async () => {
        pg = await startPostgresCluster({ password: "pw-for-zstd-tests" });
        moto = await startMotoServer();
        s3 = s3For(moto);
        bucket = await createLockedBucket(s3, 30);
        env = runnerEnv(pg, moto, { bucket, kmsArn: (await createKmsKey(moto)).arn, retentionDays: 30 });
        await seedVariedDatabase(pg, "zshop", { bigRows: 1, bigRowBytes: 512 * 1024 });
        dumps.push(await dump({ BACKUP_COMPRESSION: "zstd" }));
        dumps.push(await dump({}));
        dumps.push(await dump({ BACKUP_COMPRESSION: "zstd", BACKUP_COMPRESSION_LEVEL: "9" }));
    });

    after(async () => {
        s3?.destroy();
        await moto?.stop();
        await pg?.stop();
    });

    describe("dump", () => {
        it("stores a zstd dump at <prefix>/<db>/<YYYY>/<MM>/<DD>/<db>_<timestamp>.sql.zst, as application/zstd", async () => {
            const [zstd, gzip] = dumps;
            const parsed = parseDumpKey(zstd.key);
            expect(zstd.key).to.equal(dumpKey("layer3", "zshop", parsed!.at, ".sql.zst"));
            expect(gzip.key).to.match(/\.sql\.gz$/);
            const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: zstd.key }));
            expect(head.ContentType).to.equal("application/zstd");
            expect(head.ObjectLockMode).to.equal("COMPLIANCE");
        });

        it("records the format and level in the manifest, and its sha256 and sizes describe the stored zstd stream", async () => {
            for (const [summary, format, level] of [
                [dumps[0], "plain-sql-zstd", 3],
                [dumps[1], "plain-sql-gzip", 6],
                [dumps[2], "plain-sql-zstd", 9],
            ] as const) {
                const manifest = parseManifest((await bytesOf(summary.manifestKey)).toString(), summary.key);
                expect([manifest.format, manifest.level], summary.key).to.deep.equal([format, level]);
                expect([summary.format, summary.level]).to.deep.equal([format, level]);
            }
            const stored = await bytesOf(dumps[0].key);
            expect([...stored.subarray(0, 4)]).to.deep.equal([0x28, 0xb5, 0x2f, 0xfd]);
            const manifest = parseManifest((await bytesOf(dumps[0].manifestKey)).toString(), dumps[0].key);
            expect(manifest.sha256).to.equal(createHash("sha256").update(stored).digest("hex"));
            expect(manifest.compressedBytes).to.equal(stored.length);
            // The reference decoder reads it: any operator can restore it with `zstdcat | psql`.
            const sql = spawnSync("zstd", ["-d", "-c"], { input: stored, maxBuffer: 256 * 1024 * 1024 });
            expect(sql.status, sql.stderr.toString()).to.equal(0);
            expect(sql.stdout.length).to.equal(manifest.uncompressedBytes);
            expect(sql.stdout.toString()).to.contain('CREATE TABLE "public"."orders"');
        });

        // A smaller output is not a property of a higher level: on data like this fixture's (random bytes
        // beside text), zstd -9 comes out larger than zstd -3. So the test recompresses the dump's own SQL
        // with the reference CLI at each level, as the stage runs it (stdin to stdout, the same workers):
        // the stored bytes must be exactly what the manifest's level gives, and not what the other gives.
        it("honours the level: each zstd dump is byte for byte the reference CLI's output at its level", async () => {
            const big = { maxBuffer: 256 * 1024 * 1024 };
            for (const [summary, level, other] of [
                [dumps[0], 3, 9],
                [dumps[2], 9, 3],
            ] as const) {
                const stored = await bytesOf(summary.key);
                const sql = spawnSync("zstd", ["-d", "-c"], { input: stored, ...big }).stdout;
                const threads = os.availableParallelism();
                const at = (l: number) =>
                    spawnSync("zstd", zstdCompressArgs(l, threads), { input: sql, ...big }).stdout;
                expect(stored.equals(at(level)), `${summary.key} is zstd -${level}`).to.equal(true);
                expect(stored.equals(at(other)), `${summary.key} is not zstd -${other}`).to.equal(false);
            }
        });
    });

    it("list shows each dump's compression and level, from its manifest", async () => {
        const result = await cli(["list", "--dbname", "zshop"]);
        expect(result.code, result.stderr).to.equal(0);
        const listed = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
        expect(listed.map((d) => [d.key, d.state, d.compression, d.level])).to.deep.equal([
            [dumps[2].key, "ok", "zstd", 9],
            [dumps[1].key, "ok", "gzip", 6],
            [dumps[0].key, "ok", "zstd", 3],
        ]);
    });

    it("verify passes the newest (zstd) dump, streamed and hashed", async () => {
        const result = await cli(["verify", "--databases", "zshop", "--max-age-hours", "1"]);
        expect(result.code, result.stderr).to.equal(0);
        const report = JSON.parse(result.stdout) as { databases: Array<Record<string, unknown>> };
        expect(report.databases[0]).to.include({
            ok: true,
            key: dumps[2].key,
            versionId: dumps[2].versionId,
        });
    });

    it("restore of the newest dump decompresses zstd and gives the target identical content", async () => {
        const result = await cli(["restore", "--dbname", "zshop", "--target-db", "zshop_zstd"]);
        expect(result.code, result.stderr).to.equal(0);
        expect(JSON.parse(result.stdout)).to.include({ status: "ok", key: dumps[2].key });
        expect(await tableFingerprints(pg!, "zshop_zstd")).to.deep.equal(
            await tableFingerprints(pg!, "zshop"),
        );
    });

    it("restore --key of the gzip dump between them reads it as gzip, by its manifest", async () => {
        const result = await cli([
            "restore",
            "--dbname",
            "zshop",
            "--target-db",
            "zshop_gzip",
            "--key",
            dumps[1].key,
        ]);
        expect(result.code, result.stderr).to.equal(0);
        expect(await tableFingerprints(pg!, "zshop_gzip")).to.deep.equal(
            await tableFingerprints(pg!, "zshop"),
        );
    });

    it("drill restores the newest zstd dump, compares every table's rows and drops its scratch", async () => {
        const result = await cli(["drill", "--dbname", "zshop"]);
        expect(result.code, result.stderr).to.equal(0);
        const report = JSON.parse(result.stdout) as Record<string, unknown>;
        expect(report).to.include({ status: "ok", key: dumps[2].key });
        expect(report.tablesCompared).to.be.greaterThan(5);
        const names = await withClient(pg!, "postgres", async (c) =>
            (await c.query<{ datname: string }>("SELECT datname FROM pg_database")).rows.map(
                (r) => r.datname,
            ),
        );
        expect(names).not.to.include(report.scratchDatabase);
    });

    it("a manifest key stays beside its dump whatever the suffix", () => {
        for (const d of dumps) expect(d.manifestKey).to.equal(manifestKey(d.key));
    });
});
