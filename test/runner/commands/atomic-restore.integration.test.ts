import type { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import type { ChildProcess } from "node:child_process";
import { gunzipSync, gzipSync } from "node:zlib";
import {
    startMotoServer,
    startPostgresCluster,
    type MotoServer,
    type PostgresCluster,
} from "../../../devtools";
import { dumpKey } from "../../../shared/object-key";
import { markerComment, quoteIdent, type TemporaryMarker } from "../../../runner/postgres";
import { createKmsKey, createLockedBucket, s3For } from "../helpers/aws-fixtures";
import { Forger } from "../helpers/forgery";
import { createDatabase, seedVariedDatabase, tableFingerprints, withClient } from "../helpers/pg-fixtures";
import { runCli } from "../helpers/run-cli";
import { startS3FaultProxy } from "../helpers/s3-fault-proxy";
import { runnerEnv } from "../helpers/runner-env";

interface DumpSummary {
    key: string;
    compressedBytes: number;
}

/**
 * A restore either leaves the target as it was or makes it the complete, checked copy. Both ways a restore
 * used to commit half a database are reproduced here: the runner killed mid-stream (psql reads end of
 * input and --single-transaction commits what arrived), and a truncated dump with a large object
 * (pg_dump's plain output commits large objects in its own BEGIN/COMMIT, inside psql's transaction).
 */
describe("restores are atomic: the target appears complete or not at all", function () {
    this.timeout(300_000);
    let pg: PostgresCluster | undefined;
    let moto: MotoServer | undefined;
    let s3: S3Client;
    let bucket: string;
    let kmsArn: string;
    let env: Record<string, string>;
    let shop: DumpSummary;
    let numbers: DumpSummary;

    const cli = (args: string[], extra: Record<string, string> = {}, hooks = {}) =>
        runCli(args, { ...env, ...extra }, hooks);

    async function databaseNames(): Promise<string[]> {
        return withClient(pg!, "postgres", async (c) =>
            (await c.query<{ datname: string }>("SELECT datname FROM pg_database")).rows.map(
                (r) => r.datname,
            ),
        );
    }

    async function userTables(database: string): Promise<number> {
        return withClient(pg!, database, async (c) => {
            const result = await c.query<{ n: string }>(
                "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
                    "WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') " +
                    "AND n.nspname NOT LIKE 'pg_toast%'",
            );
            return Number(result.rows[0].n);
        });
    }

    /** The target holds no user data: it does not exist, or it has no table. */
    async function withoutUserData(target: string): Promise<boolean> {
        return !(await databaseNames()).includes(target) || (await userTables(target)) === 0;
    }

    /** A psql orphaned by a killed runner reads its end of input and commits; wait until it has. */
    async function psqlSessionsGone(): Promise<void> {
        for (let i = 0; i < 100; i++) {
            const sessions = await withClient(pg!, "postgres", async (c) =>
                Number(
                    (
                        await c.query(
                            "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'psql'",
                        )
                    ).rows[0].n,
                ),
            );
            if (sessions === 0) return;
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
        throw new Error("psql sessions did not end");
    }

    async function createMarked(name: string, marker: TemporaryMarker): Promise<void> {
        await createDatabase(pg!, name);
        await withClient(pg!, "postgres", (c) =>
            c.query(`COMMENT ON DATABASE ${quoteIdent(name)} IS ${c.escapeLiteral(markerComment(marker))}`),
        );
    }

    before(async () => {
        pg = await startPostgresCluster();
        moto = await startMotoServer();
        s3 = s3For(moto);
        kmsArn = (await createKmsKey(moto)).arn;
        bucket = await createLockedBucket(s3, 30);
        env = runnerEnv(pg, moto, { bucket, kmsArn, retentionDays: 30 });
        await seedVariedDatabase(pg, "shop", { bigRows: 2, bigRowBytes: 1024 * 1024 });
        shop = await dumpOf("shop");
        // Two million one-column rows, as in the issue: wherever the stream is cut inside their COPY, the
        // last line is still a valid integer, so psql's end of input commits a partial table.
        await createDatabase(pg, "numbers");
        await withClient(pg, "numbers", (c) =>
            c.query(`CREATE TABLE small (id int PRIMARY KEY); INSERT INTO small VALUES (1), (2);
                     CREATE TABLE numbers (n int); INSERT INTO numbers SELECT generate_series(1, 2000000);`),
        );
        numbers = await dumpOf("numbers");
    });

    async function dumpOf(database: string): Promise<DumpSummary> {
        const dumped = await cli(["dump", "--dbname", database]);
        expect(dumped.code, dumped.stderr).to.equal(0);
        return JSON.parse(dumped.stdout) as DumpSummary;
    }

    after(async () => {
        s3?.destroy();
        await moto?.stop();
        await pg?.stop();
    });

    it("SIGKILL mid-stream leaves the target without user data; the next run removes the leftover, and only it", async () => {
        const target = "numbers_killed";
        let child: ChildProcess | undefined;
        let killed = false;
        // The proxy passes half of the dump's bytes, then holds the rest: by then every CREATE TABLE and
        // part of the numbers have reached psql. The runner is then killed as the OOM killer would.
        const proxy = await startS3FaultProxy(moto!.endpoint, (req) =>
            req.method === "GET" &&
            (req.url ?? "").includes(numbers.key) &&
            !(req.url ?? "").includes(".manifest.json")
                ? {
                      kind: "stallBody",
                      afterBytes: Math.floor(numbers.compressedBytes / 2),
                      onStall: () => setTimeout(() => (killed = child?.kill("SIGKILL") ?? false), 1000),
                  }
                : undefined,
        );
        let result;
        try {
            result = await cli(
                ["restore", "--dbname", "numbers", "--target-db", target],
                { AWS_ENDPOINT_URL: proxy.endpoint },
                {
                    onLog: (_record: Record<string, unknown>, running: ChildProcess) => (child ??= running),
                },
            );
        } finally {
            await proxy.stop();
        }
        expect(killed, "the runner was killed mid-stream").to.equal(true);
        expect(result.signal).to.equal("SIGKILL");
        await psqlSessionsGone();
        expect(await withoutUserData(target), "the target has no user data").to.equal(true);
        // The failure mode is real: what psql committed went into the marked temporary database.
        const leftovers = (await databaseNames()).filter((d) =>
            d.startsWith("strongbox_restore_numbers_killed_"),
        );
        expect(leftovers).to.have.length(1);
        expect(await userTables(leftovers[0]), "psql committed what had arrived").to.be.greaterThan(0);

        // Decoys the next run must not touch: the right name without the marker, the marker of another target.
        await createDatabase(pg!, "strongbox_restore_numbers_killed_decoy");
        const otherTarget = {
            purpose: "restore",
            target: "someone_else",
            key: "k",
            versionId: "v",
            startedAt: "",
        } as const;
        await createMarked("strongbox_restore_someone_else_x", otherTarget);

        const again = await cli(["restore", "--dbname", "numbers", "--target-db", target]);
        expect(again.code, again.stderr).to.equal(0);
        const dropped = again.logs.filter((l) => l.event === "leftover-dropped");
        expect(dropped.map((l) => l.database)).to.deep.equal(leftovers);
        expect(String(dropped[0].message)).to.contain(`interrupted restore of ${numbers.key}`);
        const names = await databaseNames();
        expect(names).not.to.include(leftovers[0]);
        expect(names)
            .to.include("strongbox_restore_numbers_killed_decoy")
            .and.to.include("strongbox_restore_someone_else_x");
        expect(await tableFingerprints(pg!, target)).to.deep.equal(await tableFingerprints(pg!, "numbers"));
    });

    it("a truncated dump with a large object commits nothing, even while the runner lives", async () => {
        await createDatabase(pg!, "lobs");
        // A large object, which pg_dump's plain output writes in its own BEGIN; ... COMMIT; after the table
        // data, then an index whose comment holds a megabyte: the stream breaks off inside that comment, a
        // megabyte after the COMMIT, so psql has long ended its transaction when the runner stops it.
        await withClient(pg!, "lobs", (c) =>
            c.query(`CREATE TABLE before_lo (id int); INSERT INTO before_lo SELECT generate_series(1, 1000);
                     SELECT lo_from_bytea(0, 'a large object'::bytea);
                     CREATE INDEX after_lo ON before_lo (id);
                     COMMENT ON INDEX after_lo IS '${"x".repeat(1024 * 1024)}';`),
        );
        const dumped = await cli(["dump", "--dbname", "lobs"]);
        expect(dumped.code, dumped.stderr).to.equal(0);
        const forger = new Forger(s3, bucket, kmsArn);
        const sql = gunzipSync(await forger.bytes((JSON.parse(dumped.stdout) as DumpSummary).key)).toString(
            "utf8",
        );
        const loCommit = sql.indexOf("COMMIT;", sql.indexOf("lo_close"));
        const cut = sql.indexOf("COMMENT ON INDEX") + 512 * 1024;
        expect(loCommit, "the large object has its own COMMIT").to.be.greaterThan(0);
        expect(cut - loCommit, "the break comes long after it").to.be.greaterThan(500_000);
        // Without its gzip trailer the data inflates up to the cut, then the stream fails there.
        const whole = gzipSync(sql.slice(0, cut));
        const key = dumpKey("layer3", "lobs", new Date(Date.now() - 3_600_000));
        await forger.put(key, whole.subarray(0, whole.length - 8));

        const result = await cli([
            "restore",
            "--dbname",
            "lobs",
            "--target-db",
            "lobs_restored",
            "--key",
            key,
        ]);
        expect(result.code).to.equal(1);
        expect(result.signal).to.equal(null);
        expect(await withoutUserData("lobs_restored"), "the target has no user data").to.equal(true);
        expect(result.stderr).to.contain("unexpected end of file").and.to.contain("the temporary database");
        expect(
            (await databaseNames()).filter((d) => d.startsWith("strongbox_restore_lobs_restored")),
        ).to.deep.equal([]);

        // With --force the old target is dropped only once the new copy is complete: a failed restore
        // leaves it exactly as it was.
        await createDatabase(pg!, "precious");
        await withClient(pg!, "precious", (c) =>
            c.query("CREATE TABLE keep_me (x int); INSERT INTO keep_me VALUES (42)"),
        );
        const before = await tableFingerprints(pg!, "precious");
        const forced = await cli([
            "restore",
            "--dbname",
            "lobs",
            "--target-db",
            "precious",
            "--key",
            key,
            "--force",
        ]);
        expect(forced.code).to.equal(1);
        expect(await tableFingerprints(pg!, "precious")).to.deep.equal(before);
    });

    it("a drill removes the scratch a killed drill of the same database left, and nothing else", async () => {
        const marker = (target: string): TemporaryMarker => ({
            purpose: "drill",
            target,
            key: shop.key,
            versionId: "v",
            startedAt: "2026-01-01T00:00:00.000Z",
        });
        await createMarked("strongbox_drill_shop_20260101000000_dead", marker("shop"));
        await createMarked("strongbox_drill_other_20260101000000_live", marker("other"));
        const result = await cli(["drill", "--dbname", "shop"]);
        expect(result.code, result.stderr).to.equal(0);
        expect(
            result.logs.filter((l) => l.event === "leftover-dropped").map((l) => l.database),
        ).to.deep.equal(["strongbox_drill_shop_20260101000000_dead"]);
        const names = await databaseNames();
        expect(names).not.to.include("strongbox_drill_shop_20260101000000_dead");
        expect(names).to.include("strongbox_drill_other_20260101000000_live");
        expect(names.filter((d) => d.startsWith("strongbox_drill_shop_"))).to.deep.equal([]);
    });
});
