import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import * as path from "node:path";
import {
    startMotoServer,
    startPostgresCluster,
    type MotoServer,
    type PostgresCluster,
} from "../../../devtools";
import { manifestKey } from "../../../shared/object-key";
import { RETRY_WINDOW_MS, SURVIVED_OUTAGE_MS } from "../../../runner/aws-retry";
import { ABORT_TIMEOUT_MS } from "../../../runner/s3";
import { createKmsKey, createLockedBucket, s3For } from "../helpers/aws-fixtures";
import { FakePgDumps } from "../helpers/fake-pg-dump";
import { seedVariedDatabase } from "../helpers/pg-fixtures";
import { runCli } from "../helpers/run-cli";
import { startS3FaultProxy } from "../helpers/s3-fault-proxy";

const RETENTION_DAYS = 30;

/**
 * What the README promises about S3 outages, measured: a request keeps retrying for RETRY_WINDOW_MS, so an
 * outage of SURVIVED_OUTAGE_MS (40 s) is ridden out, and a longer one fails the dump cleanly. Before this,
 * the SDK's standard mode gave up 6 to 8 s after S3 went away.
 */
describe("strongbox dump through an S3 outage", function () {
    this.timeout(300_000);
    let pg: PostgresCluster | undefined;
    let moto: MotoServer | undefined;
    let fakes: FakePgDumps | undefined;
    let s3: S3Client;
    let kmsArn: string;
    let realPgDump: string;
    /** Real dump output, then ~27 MB of base64 comment lines: three 8 MiB parts, so parts follow the outage. */
    let longDump: string;

    before(async () => {
        pg = await startPostgresCluster();
        moto = await startMotoServer();
        fakes = await FakePgDumps.create();
        s3 = s3For(moto);
        kmsArn = (await createKmsKey(moto)).arn;
        realPgDump = path.join(pg.bindir, "pg_dump");
        await seedVariedDatabase(pg, "shop", { bigRows: 0 });
        longDump = await fakes.passingVersion(
            "pg_dump_long",
            realPgDump,
            `'${realPgDump}' "$@" || exit $?\nhead -c 20000000 /dev/urandom | base64 | sed 's/^/-- /'`,
        );
    });

    after(async () => {
        s3?.destroy();
        await fakes?.cleanup();
        await moto?.stop();
        await pg?.stop();
    });

    function env(bucket: string, endpoint: string, server: MotoServer = moto!): Record<string, string> {
        return {
            ...pg!.env,
            ...server.env,
            AWS_ENDPOINT_URL: endpoint,
            PGDATABASE: "shop",
            BACKUP_BUCKET: bucket,
            BACKUP_KMS_KEY_ID: kmsArn,
            BACKUP_RETENTION_DAYS: String(RETENTION_DAYS),
            PG_DUMP_PATH: longDump,
        };
    }

    it("S3 refusing connections for 30 s mid-upload: the dump waits it out and succeeds", async () => {
        const bucket = await createLockedBucket(s3, RETENTION_DAYS);
        const proxy = await startS3FaultProxy(moto!.endpoint, () => undefined);
        let outage: Promise<{ startedAt: number; endedAt: number }> | undefined;
        const partsAt: number[] = [];
        try {
            const result = await runCli(["dump"], env(bucket, proxy.endpoint), {
                onLog: (record) => {
                    if (record.event !== "part-uploaded") return;
                    partsAt.push(Date.now());
                    outage ??= proxy.outage(30_000);
                },
            });
            const { startedAt, endedAt } = await outage!;
            expect(endedAt - startedAt).to.be.at.least(30_000);
            expect(result.code, result.stderr).to.equal(0);
            expect(partsAt.length, "parts were stored before and after the outage").to.be.at.least(3);
            expect(partsAt[partsAt.length - 1], "a part waited for S3 to come back").to.be.at.least(endedAt);
            const summary = JSON.parse(result.stdout) as { key: string; versionId: string };
            const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: summary.key }));
            expect(head.VersionId).to.equal(summary.versionId);
            await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: manifestKey(summary.key) }));
        } finally {
            await proxy.stop();
        }
    });

    it("S3 gone for good: exit 1 after the retry window, with the S3 error and the upload id to clean up", async () => {
        // A moto of its own, because this test kills it.
        const doomed = await startMotoServer();
        const doomedS3 = s3For(doomed);
        try {
            await createKmsKey(doomed);
            const bucket = await createLockedBucket(doomedS3, RETENTION_DAYS);
            let stoppedAt: number | undefined;
            let stopping: Promise<void> | undefined;
            const result = await runCli(["dump"], env(bucket, doomed.endpoint, doomed), {
                onLog: (record) => {
                    if (record.event !== "part-uploaded" || stopping) return;
                    stoppedAt = Date.now();
                    stopping = doomed.stop();
                },
            });
            const failedAfter = Date.now() - stoppedAt!;
            await stopping;
            // What can be asserted: the run failed, said why, and tried to abort. What cannot: that no object
            // or upload remains, because moto keeps state in memory and lost it when stopped, and the abort
            // itself could not reach the stopped endpoint. On AWS the abort-incomplete-multipart lifecycle
            // rule of ImmutableBackupBucket removes such parts; CompleteMultipartUpload was never called, so
            // no object exists at the final key either way.
            expect(result.code, result.stderr).to.equal(1);
            expect(result.stdout.trim()).to.equal("");
            expect(result.stderr).to.match(
                /dump failed: S3 UploadPart \d+ of .* failed after retries: .*ECONNREFUSED/,
            );
            expect(failedAfter, "kept retrying for the promised outage").to.be.at.least(SURVIVED_OUTAGE_MS);
            // The window, then the bounded abort, plus slack for a part that started retrying a little later.
            expect(failedAfter, "then gave up").to.be.below(RETRY_WINDOW_MS + ABORT_TIMEOUT_MS + 20_000);
            const abortLog = result.logs.find((l) => l.event === "abort-failed");
            expect(abortLog, "the failed abort is reported with the upload id").to.not.equal(undefined);
            expect(String(abortLog!.uploadId)).to.have.length.greaterThan(0);
            expect(result.logs.some((l) => l.event === "dump-finished")).to.equal(false);
        } finally {
            doomedS3.destroy();
            await doomed.stop();
        }
    });
});
