import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import {
    startMotoServer,
    startPostgresCluster,
    type MotoServer,
    type PostgresCluster,
} from "../../../devtools";
import { dumpKey, manifestKey, parseDumpKey } from "../../../shared/object-key";
import { parseManifest } from "../../../runner/manifest";
import { createKmsKey, createLockedBucket, s3For } from "../helpers/aws-fixtures";
import { createDatabase, seedVariedDatabase, tableFingerprints } from "../helpers/pg-fixtures";
import { runCli, type CliResult } from "../helpers/run-cli";

const RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

describe("strongbox dump against PostgreSQL 15 and moto (happy path)", function () {
    this.timeout(300_000);
    let pg: PostgresCluster | undefined;
    let moto: MotoServer | undefined;
    let s3: S3Client;
    let bucket: string;
    let kms: { keyId: string; arn: string };
    let result: CliResult;
    let startedAt: Date;

    before(async () => {
        // A password, so the test goes through PGPASSWORD like production does.
        pg = await startPostgresCluster({ password: "correct horse battery staple" });
        moto = await startMotoServer();
        s3 = s3For(moto);
        kms = await createKmsKey(moto);
        bucket = await createLockedBucket(s3, RETENTION_DAYS);
        await seedVariedDatabase(pg, "shop");
        startedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
        result = await runCli(["dump", "--dbname", "shop"], {
            ...pg.env,
            ...moto.env,
            BACKUP_BUCKET: bucket,
            BACKUP_KMS_KEY_ID: kms.arn,
            BACKUP_RETENTION_DAYS: String(RETENTION_DAYS),
            PG_DUMP_PATH: path.join(pg.bindir, "pg_dump"),
        });
    });

    after(async () => {
        s3?.destroy();
        await moto?.stop();
        await pg?.stop();
    });

    it("exits 0 and prints exactly one JSON line on stdout", () => {
        expect(result.code, result.stderr).to.equal(0);
        const lines = result.stdout.split("\n").filter((l) => l.length > 0);
        expect(lines).to.have.length(1);
        const summary = JSON.parse(lines[0]) as { status: string; database: string };
        expect(summary.status).to.equal("ok");
        expect(summary.database).to.equal("shop");
    });

    it("stores the dump at <prefix>/<db>/<YYYY>/<MM>/<DD>/<db>_<timestamp>.sql.gz for the run's time", () => {
        const summary = JSON.parse(result.stdout) as { key: string; manifestKey: string };
        const parsed = parseDumpKey(summary.key);
        expect(parsed?.database).to.equal("shop");
        expect(parsed!.at.getTime()).to.be.within(startedAt.getTime(), Date.now());
        expect(summary.key).to.equal(dumpKey("layer3", "shop", parsed!.at));
        expect(summary.key.startsWith("layer3/shop/")).to.equal(true);
        expect(summary.manifestKey).to.equal(manifestKey(summary.key));
    });

    // On AWS the lock comes from the bucket's default retention alone (the runner sends no lock headers and
    // holds no s3:PutObjectRetention). moto drops default retention on multipart uploads, so here the
    // read-back finds the dump unlocked and the runner sets the retention itself, and says so; the manifest,
    // a plain PutObject, gets moto's default retention like on AWS. Either way HeadObject must show the lock.
    it("locks the dump itself only because moto left it unlocked, and says so; the manifest needs nothing", () => {
        const explicit = result.logs.filter((l) => l.event === "retention-set-explicitly");
        const summary = JSON.parse(result.stdout) as { key: string };
        expect(explicit.map((l) => l.key)).to.deep.equal([summary.key]);
        expect(String(explicit[0].message)).to.contain(
            "on AWS this means the bucket has no default retention",
        );
    });

    it("is COMPLIANCE-locked until at least now + retention, SSE-KMS with the given key", async () => {
        const summary = JSON.parse(result.stdout) as { key: string; versionId: string };
        const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: summary.key }));
        expect(head.ObjectLockMode).to.equal("COMPLIANCE");
        expect(head.ObjectLockRetainUntilDate!.getTime()).to.be.at.least(
            startedAt.getTime() + RETENTION_DAYS * DAY_MS,
        );
        expect(head.ServerSideEncryption).to.equal("aws:kms");
        expect(head.SSEKMSKeyId).to.be.oneOf([kms.arn, kms.keyId]);
        expect(head.VersionId).to.equal(summary.versionId);
    });

    // moto does refuse to delete a COMPLIANCE-locked version (it does not stop shortening the retention,
    // which AWS refuses; that is not asserted here because moto would wrongly allow it).
    it("refuses to delete the locked version (and the manifest's)", async () => {
        const summary = JSON.parse(result.stdout) as { key: string; manifestKey: string; versionId: string };
        for (const key of [summary.key, summary.manifestKey]) {
            const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
            let refused: unknown;
            try {
                await s3.send(
                    new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: head.VersionId }),
                );
            } catch (error) {
                refused = error;
            }
            expect(refused, `DeleteObject of ${key} should be refused`).to.be.instanceOf(Error);
            const still = await s3.send(
                new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: head.VersionId }),
            );
            expect(still.VersionId).to.equal(head.VersionId);
        }
    });

    it("writes a locked manifest whose sha256, sizes and row counts match the stored object and the data", async () => {
        const summary = JSON.parse(result.stdout) as { key: string; manifestKey: string; versionId: string };
        const manifestObject = await s3.send(
            new GetObjectCommand({ Bucket: bucket, Key: summary.manifestKey }),
        );
        const manifest = parseManifest(await manifestObject.Body!.transformToString(), summary.manifestKey);
        expect(manifestObject.ObjectLockMode).to.equal("COMPLIANCE");
        expect(manifestObject.ServerSideEncryption).to.equal("aws:kms");

        const dump = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: summary.key }));
        const stored = Buffer.from(await dump.Body!.transformToByteArray());
        expect(manifest.sha256).to.equal(createHash("sha256").update(stored).digest("hex"));
        expect(manifest.compressedBytes).to.equal(stored.length);
        expect(manifest.uncompressedBytes).to.equal(gunzipSync(stored).length);
        expect(manifest.key).to.equal(summary.key);
        expect(manifest.versionId).to.equal(summary.versionId);
        expect(manifest.database).to.equal("shop");
        expect(manifest.pgDumpVersion).to.match(/^pg_dump \(PostgreSQL\) 15\./);
        expect(manifest.serverVersion).to.match(/^15\./);
        expect(Date.parse(manifest.finishedAt)).to.be.at.least(Date.parse(manifest.startedAt));

        const source = await tableFingerprints(pg!, "shop");
        const expectedCounts = Object.fromEntries(
            Object.entries(source).map(([table, fingerprint]) => [table, Number(fingerprint.split(":")[0])]),
        );
        expect(manifest.rowCounts).to.deep.equal(expectedCounts);
        expect(manifest.rowCounts['"public"."empty_table"']).to.equal(0);
        expect(manifest.rowCounts['"public"."orders"']).to.equal(3000);
    });

    it("restores with gunzip | psql into a fresh database with identical rows and content", async () => {
        const summary = JSON.parse(result.stdout) as { key: string };
        const dump = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: summary.key }));
        const sql = gunzipSync(Buffer.from(await dump.Body!.transformToByteArray()));
        await createDatabase(pg!, "shop_restored");
        execFileSync(
            path.join(pg!.bindir, "psql"),
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "shop_restored"],
            {
                input: sql,
                env: { ...process.env, ...pg!.env },
                stdio: ["pipe", "ignore", "pipe"],
                maxBuffer: 1024 * 1024 * 1024,
            },
        );
        const [source, restored] = [
            await tableFingerprints(pg!, "shop"),
            await tableFingerprints(pg!, "shop_restored"),
        ];
        expect(Object.keys(source)).to.have.length.greaterThan(5);
        expect(restored).to.deep.equal(source);
    });

    it("logs JSON lines on stderr (not a TTY) and never the password", () => {
        expect(result.logs.length).to.be.greaterThan(0);
        expect(result.logs.some((l) => l.event === "dump-finished")).to.equal(true);
        const lines = result.stderr.split("\n").filter((l) => l.length > 0);
        expect(result.logs, "every stderr line is a JSON record (Node warnings included)").to.have.length(
            lines.length,
        );
        expect(result.stderr).not.to.contain("correct horse");
        expect(result.stdout).not.to.contain("correct horse");
    });
});
