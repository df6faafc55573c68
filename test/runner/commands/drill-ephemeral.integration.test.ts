import type { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import {
    type MotoServer,
    type PostgresCluster,
    startMotoServer,
    startPostgresCluster,
} from "../../../devtools";
import { OWNER_FILE, startCluster } from "../../../runner/postgres";
import { dumpKey } from "../../../shared/object-key";
import { createKmsKey, createLockedBucket, s3For } from "../helpers/aws-fixtures";
import { Forger } from "../helpers/forgery";
import { createDatabase, withClient } from "../helpers/pg-fixtures";
import { runCli } from "../helpers/run-cli";
import { type S3FaultProxy, startS3FaultProxy } from "../helpers/s3-fault-proxy";

interface DrillOutput {
    status: string;
    key: string;
    restoreSeconds: number | null;
    tablesCompared: number;
    cluster: { postgresMajor: string; port: number | null; directory: string; removed: boolean } | null;
    problems: string[];
}

const drillDirectories = () => fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith("strongbox-drill-"));

/** Every process whose command line mentions `text` (a cluster's directory): none may outlive the drill. */
function processesMentioning(text: string): string[] {
    return fs.readdirSync("/proc").flatMap((pid) => {
        if (!/^\d+$/.test(pid)) return [];
        try {
            const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
            return cmdline.includes(text) ? [`${pid}: ${cmdline}`] : [];
        } catch {
            return [];
        }
    });
}

async function portAnswers(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        socket.once("connect", () => {
            socket.destroy();
            resolve(true);
        });
        socket.once("error", () => resolve(false));
    });
}

/**
 * `drill --ephemeral`: a throwaway PostgreSQL 15 (the dump's major version, found where Debian puts it)
 * on a free loopback port, removed afterwards, also when the drill fails or is stopped by SIGTERM.
 */
describe("strongbox drill --ephemeral against PostgreSQL 15 and moto", function () {
    this.timeout(300_000);
    let pg: PostgresCluster | undefined;
    let moto: MotoServer | undefined;
    let s3: S3Client;
    let forger: Forger;
    let env: Record<string, string>;
    let shopKey: string;
    let leftBefore: string[];
    // A temporary directory of the suite's own: a drill anywhere on the machine sweeps abandoned
    // strongbox-drill- clusters in its TMPDIR, so drills run by other processes at the same time (another
    // test run, the demo) would otherwise sweep this suite's planted cluster or add directories it counts.
    const sharedTmp = process.env.TMPDIR;
    let privateTmp: string;

    /** Only what the auditor's job sets: no PG* variables, nothing about the source server. */
    const drill = (
        database: string,
        extra: string[] = [],
        endpoint?: string,
        onLog?: Parameters<typeof runCli>[2],
    ) =>
        runCli(
            ["drill", "--dbname", database, "--ephemeral", ...extra],
            {
                ...env,
                TMPDIR: privateTmp,
                ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}),
            },
            onLog,
        );

    function expectNothingLeft(cluster: DrillOutput["cluster"] | { directory: string; port: number | null }) {
        expect(cluster, "the cluster was described").to.not.equal(null);
        expect(fs.existsSync(cluster!.directory), `${cluster!.directory} removed`).to.equal(false);
        expect(processesMentioning(cluster!.directory), "no process of the cluster").to.deep.equal([]);
        expect(drillDirectories(), "no other drill directory").to.deep.equal(leftBefore);
    }

    before(async () => {
        privateTmp = fs.mkdtempSync(path.join(os.tmpdir(), "sb-drill-suite-"));
        fs.chmodSync(privateTmp, 0o755); // as root, the clusters run as postgres, who must reach them
        process.env.TMPDIR = privateTmp;
        pg = await startPostgresCluster();
        moto = await startMotoServer();
        s3 = s3For(moto);
        const kmsArn = (await createKmsKey(moto)).arn;
        const bucket = await createLockedBucket(s3, 30);
        forger = new Forger(s3, bucket, kmsArn);
        env = { ...moto.env, BACKUP_BUCKET: bucket, BACKUP_KMS_KEY_ID: kmsArn, BACKUP_RETENTION_DAYS: "30" };
        // Objects owned by a role and granted to another: the plain dump names both, and creates neither.
        await withClient(pg, "postgres", (c) => c.query("CREATE ROLE app_owner; CREATE ROLE reporting"));
        await createDatabase(pg, "shop");
        await withClient(pg, "shop", (c) =>
            c.query(`CREATE TABLE orders (id int PRIMARY KEY, note text);
                     INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 2000) g;
                     CREATE TABLE empty_table (id int);
                     ALTER TABLE orders OWNER TO app_owner; GRANT SELECT ON orders TO reporting;`),
        );
        const dumped = await runCli(["dump", "--dbname", "shop"], {
            ...env,
            ...pg.env,
            PG_DUMP_PATH: path.join(pg.bindir, "pg_dump"),
        });
        expect(dumped.code, dumped.stderr).to.equal(0);
        shopKey = (JSON.parse(dumped.stdout) as { key: string }).key;
        const bytes = await forger.bytes(shopKey);
        const manifest = await forger.manifestOf(shopKey);
        expect(manifest.roles).to.include.members(["app_owner", "reporting"]);
        const copy = (database: string, changes: object) =>
            forger.dumpWithManifest(dumpKey("layer3", database, new Date()), bytes, manifest, {
                database,
                ...changes,
            });
        // The bytes match the manifest, the row counts do not: only the restore can tell.
        await copy("ledger", { rowCounts: { ...manifest.rowCounts, '"public"."orders"': 2001 } });
        await copy("future", { serverVersion: "99.1 (Debian 99.1-1.pgdg120+1)" });
        // A manifest from before roles were recorded.
        await copy("oldshop", { roles: undefined });
        leftBefore = drillDirectories();
    });

    after(async () => {
        s3?.destroy();
        await moto?.stop();
        await pg?.stop();
        if (sharedTmp === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = sharedTmp;
        fs.rmSync(privateTmp, { recursive: true, force: true });
    });

    it("restores the newest dump into a PostgreSQL of the dump's major version, matches every row count, and removes the cluster", async () => {
        const result = await drill("shop", ["--rto-seconds", "600"]);
        expect(result.code, result.stderr).to.equal(0);
        const report = JSON.parse(result.stdout) as DrillOutput;
        expect(report).to.include({ status: "ok", key: shopKey, tablesCompared: 2 });
        expect(report.restoreSeconds).to.be.a("number").and.greaterThan(0);
        expect(report.cluster).to.include({ postgresMajor: "15", removed: true });
        expect(await portAnswers(report.cluster!.port!)).to.equal(false);
        expectNothingLeft(report.cluster);
        const roles = result.logs.find((l) => l.event === "roles-created");
        expect(roles?.roles).to.include.members(["app_owner", "reporting"]);
        const started = result.logs.find((l) => l.event === "ephemeral-cluster-started");
        expect(started?.message).to.contain("on 127.0.0.1:");
    });

    it("fails when the manifest's row counts disagree, and still leaves nothing behind", async () => {
        const result = await drill("ledger");
        expect(result.code).to.equal(1);
        const report = JSON.parse(result.stdout) as DrillOutput;
        expect(report.status).to.equal("failed");
        expect(report.problems).to.include('"public"."orders": 2000 rows, expected 2001');
        expectNothingLeft(report.cluster);
    });

    it("fails a restore slower than --rto-seconds", async () => {
        const result = await drill("shop", ["--rto-seconds", "0.001"]);
        expect(result.code).to.equal(1);
        const report = JSON.parse(result.stdout) as DrillOutput;
        expect(report.problems.join(" ")).to.match(
            /the restore took [\d.]+ s, over the RTO target of 0.001 s/,
        );
        expectNothingLeft(report.cluster);
    });

    it("stops and removes the cluster on SIGTERM in the middle of the restore", async () => {
        // The dump's bytes stop after 200 bytes, so the restore is surely under way when the signal comes.
        const proxy: S3FaultProxy = await startS3FaultProxy(moto!.endpoint, (req) =>
            req.method === "GET" && req.url?.split("?")[0].endsWith(".sql.gz")
                ? { kind: "stallBody", afterBytes: 200, onStall: () => undefined }
                : undefined,
        );
        let cluster: { directory: string; port: number | null } | undefined;
        try {
            const result = await drill("shop", [], proxy.endpoint, {
                onLog: (record, child) => {
                    if (record.event === "ephemeral-cluster-started") {
                        cluster = { directory: String(record.directory), port: Number(record.port) };
                    }
                    if (record.event === "drill-restore") setTimeout(() => child.kill("SIGTERM"), 500);
                },
            });
            expect(result.code, result.stderr).to.equal(143);
            expect(result.logs.some((l) => l.event === "interrupted")).to.equal(true);
            expect(result.logs.find((l) => l.event === "ephemeral-cluster-removed")?.removed).to.equal(true);
        } finally {
            await proxy.stop();
        }
        expectNothingLeft(cluster!);
    });

    it("first removes a cluster that a killed drill left behind, and only such a cluster", async () => {
        // What a SIGKILLed drill leaves: a running server in a strongbox-drill- directory whose owner is dead.
        const abandoned = await startCluster({ bindir: pg!.bindir, directoryPrefix: "strongbox-drill-" });
        const ownerFile = path.join(abandoned.baseDir, OWNER_FILE);
        const owner = JSON.parse(fs.readFileSync(ownerFile, "utf8")) as { pid: number };
        fs.writeFileSync(ownerFile, JSON.stringify({ ...owner, pid: spawnSync("true").pid }));
        // A live drill's cluster (its owner is this test process) must survive.
        const live = await startCluster({ bindir: pg!.bindir, directoryPrefix: "strongbox-drill-" });
        try {
            const result = await drill("shop");
            expect(result.code, result.stderr).to.equal(0);
            const swept = result.logs
                .filter((l) => l.event === "abandoned-cluster-removed")
                .map((l) => l.directory);
            expect(swept).to.deep.equal([abandoned.baseDir]);
            expect(fs.existsSync(abandoned.baseDir)).to.equal(false);
            expect(processesMentioning(abandoned.baseDir)).to.deep.equal([]);
            expect(await portAnswers(live.port), "the live cluster still runs").to.equal(true);
        } finally {
            await live.stop();
            await abandoned.stop();
        }
        expect(drillDirectories()).to.deep.equal(leftBefore);
    });

    it("names the package to install when the dump's major version is not on the machine, and starts nothing", async () => {
        const result = await drill("future");
        expect(result.code).to.equal(1);
        const report = JSON.parse(result.stdout) as DrillOutput;
        expect(report.cluster).to.equal(null);
        expect(report.problems.join(" "))
            .to.contain("no PostgreSQL 99 server programs found")
            .and.contain("apt-get install postgresql-99")
            .and.contain("--pg-bindir");
        expect(drillDirectories()).to.deep.equal(leftBefore);
    });

    it("explains a role the manifest does not list (a dump from before roles were recorded)", async () => {
        const result = await drill("oldshop");
        expect(result.code).to.equal(1);
        const report = JSON.parse(result.stdout) as DrillOutput;
        expect(report.problems.join(" "))
            .to.contain('role "app_owner" does not exist')
            .and.contain("manifest does not list");
        expectNothingLeft(report.cluster);
    });

    it("refuses a server on the command line: --ephemeral never touches a database it did not create", async () => {
        const result = await drill("shop", ["--host", pg!.host, "--port", String(pg!.port)]);
        expect(result.code).to.equal(2);
        expect(result.stderr).to.contain("`--ephemeral` restores into a throwaway cluster it starts itself");
        expect(drillDirectories()).to.deep.equal(leftBefore);
    });
});
