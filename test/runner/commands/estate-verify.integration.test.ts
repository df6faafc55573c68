import type { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import {
    type MotoServer,
    type PostgresCluster,
    startMotoServer,
    startPostgresCluster,
} from "../../../devtools";
import { dumpKey } from "../../../shared/object-key";
import { createKmsKey, createLockedBucket, createVersionedBucket, s3For } from "../helpers/aws-fixtures";
import { Forger } from "../helpers/forgery";
import { createDatabase, withClient } from "../helpers/pg-fixtures";
import { runCli } from "../helpers/run-cli";

interface Verdict {
    database: string;
    keyPrefix: string;
    ok: boolean;
    key: string | null;
    sha256: string | null;
    problems: string[];
}
interface Report {
    status: string;
    databases: Verdict[];
    unlistedDatabases: Array<{ keyPrefix: string; database: string }>;
    estateProblems: string[];
}

/**
 * verify run unattended over an estate (--expected-databases, as the auditor's job sets it): good
 * backups pass; each kind of failure fails its database and says which; a database nobody listed fails
 * the estate. Real PostgreSQL dumps, moto for S3 and KMS.
 */
describe("strongbox verify --expected-databases against PostgreSQL 15 and moto", function () {
    this.timeout(300_000);
    let pg: PostgresCluster | undefined;
    let moto: MotoServer | undefined;
    let s3: S3Client;
    let bucket: string;
    let kmsArn: string;
    let otherKeyArn: string;
    let env: Record<string, string>;
    const sha256Of: Record<string, string> = {};
    const keyOf: Record<string, string> = {};

    async function dump(database: string, extra: Record<string, string> = {}): Promise<{ key: string }> {
        const result = await runCli(["dump", "--dbname", database], { ...env, ...extra });
        expect(result.code, result.stderr).to.equal(0);
        const summary = JSON.parse(result.stdout) as { key: string; sha256: string };
        sha256Of[database] = summary.sha256;
        keyOf[database] = summary.key;
        return summary;
    }

    async function tinyDatabase(name: string): Promise<void> {
        await createDatabase(pg!, name);
        await withClient(pg!, name, (c) =>
            c.query(`CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 100)`),
        );
    }

    const verify = (expected: unknown[], extra: Record<string, string> = {}) =>
        runCli(["verify"], { ...env, BACKUP_EXPECTED_DATABASES: JSON.stringify(expected), ...extra }).then(
            (result) => ({ result, report: JSON.parse(result.stdout) as Report }),
        );
    const byName = (report: Report) => Object.fromEntries(report.databases.map((d) => [d.database, d]));

    before(async () => {
        pg = await startPostgresCluster();
        moto = await startMotoServer();
        s3 = s3For(moto);
        kmsArn = (await createKmsKey(moto)).arn;
        otherKeyArn = (await createKmsKey(moto)).arn;
        bucket = await createLockedBucket(s3, 30);
        env = {
            ...pg.env,
            ...moto.env,
            BACKUP_BUCKET: bucket,
            BACKUP_KMS_KEY_ID: kmsArn,
            BACKUP_RETENTION_DAYS: "30",
            PG_DUMP_PATH: path.join(pg.bindir, "pg_dump"),
        };
        for (const name of ["shop", "ledger", "stale", "wrongkey", "ghost"]) await tinyDatabase(name);
        await dump("shop");
        await dump("ledger");
        // The faulty estate lives under its own key prefix, so the good one has nothing unlisted.
        const faulty = { BACKUP_KEY_PREFIX: "faulty" };
        await dump("stale", faulty);
        await dump("ghost", faulty);
        await dump("wrongkey", { ...faulty, BACKUP_KMS_KEY_ID: otherKeyArn });
        const forger = new Forger(s3, bucket, kmsArn);
        // A copy of shop's dump whose manifest names its version and size but another sha256: only
        // streaming can tell. (On AWS the bucket policy's If-None-Match rule would not stop it: the key is new.)
        await forger.dumpWithManifest(
            dumpKey("faulty", "badsha", new Date()),
            await forger.bytes(keyOf.shop),
            await forger.manifestOf(keyOf.shop),
            { database: "badsha", sha256: "0".repeat(64) },
        );
        // A dump whose run never wrote its manifest.
        await forger.put(dumpKey("faulty", "nomanifest", new Date()), gzipSync("-- interrupted\n"));
    });

    after(async () => {
        s3?.destroy();
        await moto?.stop();
        await pg?.stop();
    });

    it("passes good backups, each held to its own RPO, with a retention of 30 days and dumps made seconds ago", async () => {
        const { result, report } = await verify([
            { database: "shop", keyPrefix: "layer3", rpoHours: 1 },
            { database: "ledger", rpoHours: 26 },
        ]);
        expect(result.code, result.stderr).to.equal(0);
        expect(report.status).to.equal("ok");
        expect(report.unlistedDatabases).to.deep.equal([]);
        expect(byName(report).shop).to.include({ ok: true, keyPrefix: "layer3", sha256: sha256Of.shop });
        expect(byName(report).ledger).to.include({ ok: true, sha256: sha256Of.ledger });
    });

    it("names the failure of each database, and finds the database nobody listed", async () => {
        const { result, report } = await verify([
            { database: "stale", keyPrefix: "faulty", rpoHours: 0.0003 },
            { database: "nomanifest", keyPrefix: "faulty" },
            { database: "badsha", keyPrefix: "faulty" },
            { database: "wrongkey", keyPrefix: "faulty" },
            { database: "missing", keyPrefix: "faulty" },
        ]);
        expect(result.code).to.equal(1);
        expect(report.status).to.equal("failed");
        const verdicts = byName(report);
        const problems = (name: string) => verdicts[name].problems.join(" | ");
        for (const name of Object.keys(verdicts)) expect(verdicts[name].ok, name).to.equal(false);
        expect(problems("stale")).to.contain("stale backup").and.contain("older than the RPO of 0.0003 h");
        expect(problems("nomanifest")).to.contain("missing manifest: no dump under");
        expect(problems("badsha")).to.contain(
            `sha256 ${sha256Of.shop} differs from the manifest's ${"0".repeat(64)}`,
        );
        expect(problems("wrongkey")).to.contain(`encrypted with KMS key ${otherKeyArn}, not ${kmsArn}`);
        expect(problems("missing")).to.contain(`missing dump: nothing under ${bucket}/faulty/missing/`);
        expect(report.unlistedDatabases).to.deep.equal([
            { keyPrefix: "faulty", database: "ghost", where: `${bucket}/faulty/ghost/` },
        ]);
        expect(report.estateProblems.join(" ")).to.contain("unlisted database found: ghost");
        expect(result.logs.filter((l) => l.event === "verify-estate-failed")).to.have.length(1);
    });

    it("fails a dump that is not locked (a bucket without Object Lock), naming the lock", async () => {
        const unlocked = await createVersionedBucket(s3);
        const source = new Forger(s3, bucket, kmsArn);
        await new Forger(s3, unlocked, kmsArn).dumpWithManifest(
            dumpKey("layer3", "shop", new Date()),
            await source.bytes(keyOf.shop),
            await source.manifestOf(keyOf.shop),
            { bucket: unlocked },
        );
        const { result, report } = await verify([{ database: "shop" }], { BACKUP_BUCKET: unlocked });
        expect(result.code).to.equal(1);
        expect(byName(report).shop.problems.join(" ")).to.contain(
            "Object Lock mode is absent, not COMPLIANCE",
        );
    });

    it("without --retention-days demands a lock that has not lapsed, and names the rule it applied", async () => {
        const { result, report } = await verify([{ database: "shop" }, { database: "ledger" }], {
            BACKUP_RETENTION_DAYS: "",
        });
        expect(result.code, result.stderr).to.equal(0);
        const lockRule = (report.databases[0] as Verdict & { lockRule: string }).lockRule;
        expect(lockRule).to.contain("locked at least until now");
    });
});
