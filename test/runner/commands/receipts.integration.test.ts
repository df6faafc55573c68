import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import * as path from "node:path";
import {
    type MotoServer,
    type PostgresCluster,
    startMotoServer,
    startPostgresCluster,
} from "../../../devtools";
import { ESTATE_DIMENSION_VALUE, METRICS, METRICS_NAMESPACE, RECEIPTS_PREFIX } from "../../../shared/audit";
import { createKmsKey, createLockedBucket, s3For } from "../helpers/aws-fixtures";
import { createDatabase, withClient } from "../helpers/pg-fixtures";
import { runCli } from "../helpers/run-cli";
import { startS3FaultProxy } from "../helpers/s3-fault-proxy";

interface Written {
    key: string;
    versionId: string;
    retainUntil: string;
}
interface Listed {
    kind: string;
    database: string;
    verdict: string;
    state: string;
    suspicions: string[];
    receiptKey: string;
    checkedKey: string | null;
    sha256: string | null;
    restoreSeconds: number | null;
    lockMode: string;
    storedAt: string;
}

const DAY_MS = 86_400_000;

/** Receipts (written locked, also for failures, and listed by `report`) and the metrics the alarms watch. */
describe("receipts, report and metrics against PostgreSQL 15 and moto", function () {
    this.timeout(300_000);
    let pg: PostgresCluster | undefined;
    let moto: MotoServer | undefined;
    let s3: S3Client;
    let cloudwatch: CloudWatchClient;
    let bucket: string;
    let env: Record<string, string>;
    let dump: { key: string; sha256: string };
    const written: Record<string, Written[]> = {};
    const estate = JSON.stringify([{ database: "shop", rpoHours: 1 }]);

    const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, { ...env, ...extra });
    const report = async (args: string[] = []) => {
        const result = await cli(["report", ...args]);
        expect(result.code, result.stderr).to.equal(0);
        return JSON.parse(result.stdout) as Listed[];
    };
    const metric = async (name: string, database: string) => {
        const stats = await cloudwatch.send(
            new GetMetricStatisticsCommand({
                Namespace: METRICS_NAMESPACE,
                MetricName: name,
                Dimensions: [{ Name: "Database", Value: database }],
                StartTime: new Date(Date.now() - 3_600_000),
                EndTime: new Date(Date.now() + 60_000),
                Period: 60,
                Statistics: ["Minimum", "Maximum", "SampleCount"],
            }),
        );
        return stats.Datapoints ?? [];
    };

    before(async () => {
        pg = await startPostgresCluster();
        moto = await startMotoServer();
        s3 = s3For(moto);
        cloudwatch = new CloudWatchClient({
            endpoint: moto.endpoint,
            region: moto.env.AWS_REGION,
            credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
        });
        const kmsArn = (await createKmsKey(moto)).arn;
        bucket = await createLockedBucket(s3, 30);
        env = { ...moto.env, BACKUP_BUCKET: bucket, BACKUP_KMS_KEY_ID: kmsArn, BACKUP_RETENTION_DAYS: "30" };
        await createDatabase(pg, "shop");
        await withClient(pg, "shop", (c) => c.query("CREATE TABLE t AS SELECT generate_series(1, 50) AS id"));
        const dumped = await cli(["dump", "--dbname", "shop"], {
            ...pg.env,
            PG_DUMP_PATH: path.join(pg.bindir, "pg_dump"),
        });
        expect(dumped.code, dumped.stderr).to.equal(0);
        dump = JSON.parse(dumped.stdout) as { key: string; sha256: string };
        for (const [name, args] of [
            ["verify", ["verify", "--expected-databases", estate]],
            ["drill", ["drill", "--dbname", "shop", "--ephemeral"]],
            ["failed-verify", ["verify", "--databases", "shop", "--max-age-hours", "0.00001"]],
        ] as const) {
            const result = await cli([...args, "--receipts", "--publish-metrics"]);
            expect(result.code, `${name}: ${result.stderr}`).to.equal(name === "failed-verify" ? 1 : 0);
            written[name] = (JSON.parse(result.stdout) as { audit: { receipts: Written[] } }).audit.receipts;
        }
    });

    after(async () => {
        cloudwatch?.destroy();
        s3?.destroy();
        await moto?.stop();
        await pg?.stop();
    });

    it("writes every receipt COMPLIANCE-locked for the bucket's retention, a failed check's too", async () => {
        expect(written.verify.map((w) => w.key.split("/").slice(0, 3).join("/"))).to.deep.equal([
            `${RECEIPTS_PREFIX}/verify/shop`,
            `${RECEIPTS_PREFIX}/verify/${ESTATE_DIMENSION_VALUE}`,
        ]);
        expect(written["failed-verify"]).to.have.length(1);
        for (const receipt of Object.values(written).flat()) {
            const head = await s3.send(
                new HeadObjectCommand({ Bucket: bucket, Key: receipt.key, VersionId: receipt.versionId }),
            );
            expect(head.ObjectLockMode, receipt.key).to.equal("COMPLIANCE");
            expect(head.ObjectLockRetainUntilDate!.getTime()).to.be.greaterThan(Date.now() + 29 * DAY_MS);
            expect(head.ServerSideEncryption).to.equal("aws:kms");
        }
    });

    it("lists them newest first with what was checked and the verdict, and filters by database, kind and time", async () => {
        const all = await report();
        expect(all).to.have.length(4);
        expect(all.map((r) => r.storedAt)).to.deep.equal([...all.map((r) => r.storedAt)].sort().reverse());
        expect(all.every((r) => r.state === "ok" && r.lockMode === "COMPLIANCE")).to.equal(true);
        const shop = await report(["--dbname", "shop"]);
        expect(shop.map((r) => `${r.kind}:${r.verdict}`)).to.deep.equal([
            "verify:failed",
            "drill:ok",
            "verify:ok",
        ]);
        const drill = await report(["--kind", "drill"]);
        expect(drill).to.have.length(1);
        expect(drill[0]).to.include({ checkedKey: dump.key, sha256: dump.sha256 });
        expect(drill[0].restoreSeconds).to.be.a("number").and.greaterThan(0);
        expect(await report(["--until", "2020-01-01"])).to.deep.equal([]);
        expect(await report(["--since", "1h", "--limit", "2"])).to.have.length(2);
        const estate = await report(["--dbname", ESTATE_DIMENSION_VALUE]);
        expect(estate.map((r) => r.verdict)).to.deep.equal(["ok"]);
    });

    it("marks a receipt that was overwritten as suspect", async () => {
        // moto has no bucket policy; on AWS the If-None-Match rule refuses this second version.
        const target = written["failed-verify"][0];
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: target.key, Body: '{"verdict":"ok"}' }));
        const [listed] = (await report(["--dbname", "shop"])).filter((r) => r.receiptKey === target.key);
        expect(listed.state).to.equal("suspect");
        expect(listed.verdict, "the first version is what is read").to.equal("failed");
        expect(listed.suspicions.join(" ")).to.contain("has 2 versions");
    });

    it("publishes each check's metrics under the shared names and dimensions", async () => {
        const points = async (name: string, database: string) =>
            (await metric(name, database)).map((d) => [d.Minimum, d.Maximum]);
        const verified = await points(METRICS.verifySucceeded, "shop");
        expect(verified.flat()).to.include.members([0, 1]);
        expect(await points(METRICS.verifySucceeded, ESTATE_DIMENSION_VALUE)).to.deep.equal([[1, 1]]);
        expect(await points(METRICS.drillSucceeded, "shop")).to.deep.equal([[1, 1]]);
        expect((await metric(METRICS.restoreSeconds, "shop"))[0].Maximum).to.be.greaterThan(0);
        expect((await metric(METRICS.newestDumpAgeHours, "shop")).length).to.equal(1);
    });

    it("fails the run when the metrics cannot be published, and says why", async () => {
        const refusing = await startS3FaultProxy(moto!.endpoint, () => ({
            kind: "fail",
            status: 403,
            code: "AccessDenied",
            message: "not authorized to perform cloudwatch:PutMetricData",
        }));
        try {
            const result = await cli(["verify", "--expected-databases", estate, "--publish-metrics"], {
                AWS_ENDPOINT_URL_CLOUDWATCH: refusing.endpoint,
            });
            expect(result.code).to.equal(1);
            const output = JSON.parse(result.stdout) as { status: string; audit: { problems: string[] } };
            expect(output.status, "the backups themselves were good").to.equal("ok");
            expect(output.audit.problems.join(" ")).to.contain(
                "could not publish 3 data points to CloudWatch",
            );
        } finally {
            await refusing.stop();
        }
    });
});
