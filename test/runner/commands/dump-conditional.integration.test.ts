import { ListObjectVersionsCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import * as path from "node:path";
import {
    startMotoServer,
    startPostgresCluster,
    type MotoServer,
    type PostgresCluster,
} from "../../../devtools";
import { dumpKey, manifestKey } from "../../../shared/object-key";
import { createKmsKey, createLockedBucket, s3For, unfinishedUploads } from "../helpers/aws-fixtures";
import { seedVariedDatabase } from "../helpers/pg-fixtures";
import { runCli } from "../helpers/run-cli";

const RETENTION_DAYS = 30;
/** Keys are named by the second the run starts; squatting this many seconds ahead covers the start-up. */
const SQUATTED_SECONDS = 20;

/**
 * A writer never replaces an object: the dump completes, and the manifest is written, only with
 * `If-None-Match: *` (moto honours it on both, 412 PreconditionFailed, as AWS does; the bucket policy's
 * deny of writes without the header is not evaluated by moto, and is covered by the policy-meaning table).
 * The squatters below are plain PutObjects, as a second run in the same second or a compromised writer
 * would send them.
 */
describe("strongbox dump never overwrites", function () {
    this.timeout(300_000);
    let pg: PostgresCluster | undefined;
    let moto: MotoServer | undefined;
    let s3: S3Client;
    let kmsArn: string;

    before(async () => {
        pg = await startPostgresCluster();
        moto = await startMotoServer();
        s3 = s3For(moto);
        kmsArn = (await createKmsKey(moto)).arn;
        await seedVariedDatabase(pg, "shop", { bigRows: 0 });
    });

    after(async () => {
        s3?.destroy();
        await moto?.stop();
        await pg?.stop();
    });

    function envFor(bucket: string): Record<string, string> {
        return {
            ...pg!.env,
            ...moto!.env,
            PGDATABASE: "shop",
            BACKUP_BUCKET: bucket,
            BACKUP_KMS_KEY_ID: kmsArn,
            BACKUP_RETENTION_DAYS: String(RETENTION_DAYS),
            PG_DUMP_PATH: path.join(pg!.bindir, "pg_dump"),
        };
    }

    const dump = (bucket: string) => runCli(["dump"], envFor(bucket));

    /** Puts `body` at the key (or manifest key) of every second from now on, before the run starts. */
    async function squat(bucket: string, keyOf: (dump: string) => string, body: string): Promise<void> {
        const now = Math.floor(Date.now() / 1000) * 1000;
        for (let second = 0; second < SQUATTED_SECONDS; second++) {
            const key = keyOf(dumpKey("layer3", "shop", new Date(now + second * 1000)));
            await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
        }
    }

    async function versionsOf(bucket: string, key: string): Promise<string[]> {
        const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
        return (listed.Versions ?? []).filter((v) => v.Key === key).map((v) => v.VersionId ?? "");
    }

    it("a dump key that already exists: 412 at completion, nothing replaced, the upload aborted", async () => {
        const bucket = await createLockedBucket(s3, RETENTION_DAYS);
        await squat(bucket, (key) => key, "an earlier dump");
        const result = await dump(bucket);
        expect(result.code, result.stderr).to.equal(1);
        const match = /the dump \S+\/(layer3\/shop\/\S+\.sql\.gz) already exists/.exec(result.stderr);
        expect(match, result.stderr).to.not.equal(null);
        expect(result.stderr).to.contain(
            "already exists: a second dump in the same second, or an attempt to overwrite; nothing was replaced",
        );
        expect(await versionsOf(bucket, match![1]), "still only the earlier object").to.have.length(1);
        expect(await versionsOf(bucket, manifestKey(match![1])), "no manifest").to.have.length(0);
        expect(await unfinishedUploads(s3, bucket)).to.equal(0);
    });

    it("a manifest key that already exists: 412, the squatter's manifest is not replaced", async () => {
        const bucket = await createLockedBucket(s3, RETENTION_DAYS);
        await squat(bucket, manifestKey, JSON.stringify({ forged: true }));
        const result = await dump(bucket);
        expect(result.code, result.stderr).to.equal(1);
        const match = /the manifest \S+\/(layer3\/shop\/\S+\.manifest\.json) already exists/.exec(
            result.stderr,
        );
        expect(match, result.stderr).to.not.equal(null);
        expect(result.stderr).to.contain("nothing was replaced");
        expect(await versionsOf(bucket, match![1]), "only the squatter's manifest").to.have.length(1);
        expect(result.logs.some((l) => l.event === "dump-finished")).to.equal(false);
        // The dump is stored and locked, but the manifest beside it is not the run's: verify says so.
        const verify = await runCli(["verify", "--databases", "shop"], envFor(bucket));
        expect(verify.code).to.equal(1);
        const report = JSON.parse(verify.stdout) as { databases: Array<{ problems: string[] }> };
        expect(report.databases[0].problems.join("; "))
            .to.contain(`${match![1]} (version`)
            .and.to.contain("malformed");
    });
});
