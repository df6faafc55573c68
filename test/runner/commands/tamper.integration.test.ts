import { DeleteObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import {
    startMotoServer,
    startPostgresCluster,
    type MotoServer,
    type PostgresCluster,
} from "../../../devtools";
import { dumpKey, manifestKey } from "../../../shared/object-key";
import { createKmsKey, createLockedBucket, s3For } from "../helpers/aws-fixtures";
import { Forger } from "../helpers/forgery";
import { seedVariedDatabase, tableFingerprints, withClient } from "../helpers/pg-fixtures";
import { runCli } from "../helpers/run-cli";
import { runnerEnv } from "../helpers/runner-env";

interface DumpSummary {
    key: string;
    versionId: string;
}

/** What the forger would have restored: a table that no real dump has. */
const FORGED_SQL = 'CREATE TABLE "public"."pwned" ("x" integer);\nINSERT INTO "public"."pwned" VALUES (1);\n';

/**
 * A compromised writer against the read side. moto does not evaluate bucket policies, so the attacks below
 * are plain SDK calls that succeed here; each says which AWS control refuses it in production, and the
 * policy-meaning table (test/policy-meaning) evaluates that control against the policy the stack renders.
 * What this file proves is the second line: even when a write gets through, verify fails naming the
 * database and the key, and neither restore nor drill restores the forgery.
 */
describe("tampered dumps are reported, never restored", function () {
    this.timeout(300_000);
    let pg: PostgresCluster | undefined;
    let moto: MotoServer | undefined;
    let s3: S3Client;
    let bucket: string;
    let kmsArn: string;
    let forger: Forger;
    let env: Record<string, string>;
    /** Per database: the older good dump, then the newest (the one attacked). */
    const dumps: Record<string, DumpSummary[]> = {};
    let futureKey: string;
    const cli = (args: string[]) => runCli(args, env);
    const DATABASES = ["forged", "remanifest", "future", "hidden"];

    async function databaseNames(): Promise<string[]> {
        return withClient(pg!, "postgres", async (c) =>
            (await c.query<{ datname: string }>("SELECT datname FROM pg_database")).rows.map(
                (r) => r.datname,
            ),
        );
    }

    before(async () => {
        pg = await startPostgresCluster();
        moto = await startMotoServer();
        s3 = s3For(moto);
        kmsArn = (await createKmsKey(moto)).arn;
        bucket = await createLockedBucket(s3, 30);
        forger = new Forger(s3, bucket, kmsArn);
        env = runnerEnv(pg, moto, { bucket, kmsArn, retentionDays: 30 });
        for (const database of DATABASES) await seedVariedDatabase(pg, database, { bigRows: 0 });
        for (let round = 0; round < 2; round++) {
            // Keys and S3's LastModified have whole seconds: each round gets its own.
            if (round > 0) await new Promise((resolve) => setTimeout(resolve, 1100));
            for (const database of DATABASES) {
                const result = await cli(["dump", "--dbname", database]);
                expect(result.code, result.stderr).to.equal(0);
                (dumps[database] ??= []).push(JSON.parse(result.stdout) as DumpSummary);
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const forgedGzip = gzipSync(FORGED_SQL);
        const rowCounts = { '"public"."pwned"': 1 };

        // 1. A forged newer version of the newest dump, with a manifest that describes it exactly.
        //    AWS: the bucket policy denies PutObject without If-None-Match (s3:if-none-match), and with it
        //    S3 answers 412; the policy-meaning table covers "overwrite without If-None-Match denied".
        const forged = dumps.forged[1];
        await forger.dumpWithManifest(forged.key, forgedGzip, await forger.manifestOf(forged.key), {
            rowCounts,
        });

        // 2. The manifest overwritten to point at a forged version hidden beneath a copy of the original
        //    bytes: a reader of the current version sees the original, a reader that follows the manifest
        //    restores the forgery. AWS: the same If-None-Match deny, for the dump and the manifest keys.
        const remanifest = dumps.remanifest[1];
        const originalBytes = await forger.bytes(remanifest.key, remanifest.versionId);
        const original = await forger.manifestOf(remanifest.key);
        const hidden = await forger.put(remanifest.key, forgedGzip);
        await forger.put(remanifest.key, originalBytes);
        const sha256 = createHash("sha256").update(forgedGzip).digest("hex");
        const pointing = {
            ...original,
            versionId: hidden,
            sha256,
            compressedBytes: forgedGzip.length,
            rowCounts,
        };
        await forger.put(manifestKey(remanifest.key), JSON.stringify(pointing));

        // 3. A key dated in the future with a consistent manifest: "newest" by its name. AWS: nothing stops a
        //    writer from choosing a key under its own prefix; the read side orders by S3's clock and flags
        //    the date.
        futureKey = dumpKey("layer3", "future", new Date(Date.now() + 365 * 86_400_000));
        await forger.dumpWithManifest(futureKey, forgedGzip, await forger.manifestOf(dumps.future[1].key), {
            rowCounts,
        });

        // 4. A delete marker over the newest dump, so a current-version reader falls back to the older one.
        //    AWS: the bucket policy denies writers s3:DeleteObject; Object Lock keeps the version either way.
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: dumps.hidden[1].key }));
    });

    after(async () => {
        s3?.destroy();
        await moto?.stop();
        await pg?.stop();
    });

    /** Each attack, the key it makes suspect, the evidence, and the dump a restore should offer instead. */
    const attacks: Array<{
        database: string;
        what: string;
        attacked: () => string;
        evidence: RegExp;
        good: () => DumpSummary;
    }> = [
        {
            database: "forged",
            what: "a forged newer version with a consistent manifest",
            attacked: () => dumps.forged[1].key,
            evidence: /has 2 versions/,
            good: () => dumps.forged[0],
        },
        {
            database: "remanifest",
            what: "a manifest overwritten to point at a forged version",
            attacked: () => dumps.remanifest[1].key,
            evidence: /has 3 versions/,
            good: () => dumps.remanifest[0],
        },
        {
            database: "future",
            what: "a key dated in the future",
            attacked: () => futureKey,
            evidence: /a key dated in the future/,
            // The forgery is the newest by S3's clock; the real newest dump is the good one.
            good: () => dumps.future[1],
        },
        {
            database: "hidden",
            what: "a delete marker over the newest dump",
            attacked: () => dumps.hidden[1].key,
            evidence: /hidden by a delete marker/,
            good: () => dumps.hidden[0],
        },
    ];

    for (const { database, what, attacked: attackedKey, evidence, good } of attacks) {
        describe(`${what} (${database})`, () => {
            it("verify exits non-zero, naming the database and the key", async () => {
                const result = await cli(["verify", "--databases", database]);
                expect(result.code, result.stdout).to.equal(1);
                const report = JSON.parse(result.stdout) as {
                    databases: Array<{
                        database: string;
                        ok: boolean;
                        suspectKeys: string[];
                        problems: string[];
                    }>;
                };
                const verdict = report.databases[0];
                expect(verdict).to.include({ database, ok: false });
                expect(verdict.suspectKeys).to.include(attackedKey());
                expect(verdict.problems.join("; ")).to.contain(attackedKey()).and.to.match(evidence);
                const line = result.logs.find((l) => l.event === "verify-failed");
                expect(String(line?.message)).to.contain(`${database}: `).and.to.contain(attackedKey());
            });

            it("list shows the dump as suspect, with the reason", async () => {
                const result = await cli(["list", "--dbname", database]);
                expect(result.code, result.stderr).to.equal(0);
                const listed = JSON.parse(result.stdout) as Array<{
                    key: string;
                    state: string;
                    problems: string[];
                }>;
                const attacked = listed.find((d) => d.key === attackedKey());
                expect(attacked?.state).to.equal("suspect");
                expect(attacked!.problems.join("; ")).to.match(evidence);
            });

            it("restore refuses, names the newest good dump, and creates nothing", async () => {
                const target = `${database}_restored`;
                const result = await cli(["restore", "--dbname", database, "--target-db", target]);
                expect(result.code).to.equal(1);
                expect(result.stderr).to.contain(`${attackedKey()} (stored`).and.to.contain("is suspect");
                expect(result.stderr).to.contain(`The newest good dump is ${good().key}`);
                expect(result.stderr).to.contain(`--key ${good().key} --version-id ${good().versionId}`);
                const names = await databaseNames();
                expect(names).not.to.include(target);
                expect(names.filter((d) => d.startsWith(`strongbox_restore_${database}`))).to.deep.equal([]);
            });

            it("drill fails on it and restores nothing", async () => {
                const result = await cli(["drill", "--dbname", database]);
                expect(result.code).to.equal(1);
                const report = JSON.parse(result.stdout) as {
                    problems: string[];
                    scratchDatabase: string | null;
                };
                expect(report.problems.join("; ")).to.contain("is suspect").and.to.contain(attackedKey());
                expect(report.scratchDatabase, "no scratch was created").to.equal(null);
            });
        });
    }

    // Defined after the attacks so that mocha runs it after them.
    describe("afterwards", () => {
        it("the operator gets the original back by its exact --key and --version-id, checked against its own manifest", async () => {
            for (const database of ["forged", "remanifest", "hidden"]) {
                const { key, versionId } = dumps[database][1];
                const target = `${database}_original`;
                const result = await cli([
                    "restore",
                    "--dbname",
                    database,
                    "--target-db",
                    target,
                    "--key",
                    key,
                    "--version-id",
                    versionId,
                ]);
                expect(result.code, result.stderr).to.equal(0);
                expect(result.logs.some((l) => l.event === "restoring-suspect-dump")).to.equal(true);
                expect(
                    result.logs.some((l) => l.event === "no-manifest"),
                    "the original manifest was found",
                ).to.equal(false);
                expect(await tableFingerprints(pg!, target)).to.deep.equal(
                    await tableFingerprints(pg!, database),
                );
            }
        });

        it("no forged table reached any database", async () => {
            for (const database of await databaseNames()) {
                if (database === "template0") continue;
                const found = await withClient(
                    pg!,
                    database,
                    async (c) => (await c.query("SELECT 1 FROM pg_class WHERE relname = 'pwned'")).rowCount,
                );
                expect(found, database).to.equal(0);
            }
        });
    });
});
