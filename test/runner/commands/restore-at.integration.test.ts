import { expect } from "chai";
import { findFreePort, type PostgresCluster, startPostgresCluster } from "../../../devtools";
import { between, createDumpHistory, type DumpHistory, marksIn } from "../helpers/dump-history";
import { withClient } from "../helpers/pg-fixtures";
import { runCli } from "../helpers/run-cli";
import { startS3FaultProxy } from "../helpers/s3-fault-proxy";

interface Summary {
    status: string;
    key: string;
    storedAt: string;
    snapshotAt: string | null;
    at: string | null;
    rowCounts: Array<{ table: string; manifest: number | null; restored: number | null; matches: boolean }>;
    skipped: { ownerStatements: number; privilegeStatements: number } | null;
}

/** Objects owned by, and granted to, roles that only the source server has. */
const OWNED_SQL = `
    CREATE SCHEMA ledger;
    ALTER SCHEMA ledger OWNER TO ghost_owner;
    CREATE TABLE ledger.entries (id int PRIMARY KEY, note text);
    INSERT INTO ledger.entries SELECT g, 'entry ' || g FROM generate_series(1, 250) g;
    ALTER TABLE ledger.entries OWNER TO ghost_owner;
    GRANT SELECT ON ledger.entries TO ghost_reader;
    CREATE FUNCTION ledger.total() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM ledger.entries $$;
    ALTER FUNCTION ledger.total() OWNER TO ghost_owner;
    SELECT lo_from_bytea(0, 'a large object');`;

describe("strongbox restore --at, --no-owner, and its refusals", function () {
    this.timeout(300_000);
    let history: DumpHistory | undefined;
    /** A second server without the dump's roles: where --no-owner is needed. */
    let bare: PostgresCluster | undefined;
    const cli = (args: string[], extra: Record<string, string> = {}) =>
        runCli(args, { ...history!.env, ...extra });
    const databases = async (pg: PostgresCluster) =>
        withClient(pg, "postgres", async (c) =>
            (await c.query<{ datname: string }>("SELECT datname FROM pg_database")).rows.map(
                (r) => r.datname,
            ),
        );

    before(async () => {
        history = await createDumpHistory({ shop: 3 });
        bare = await startPostgresCluster({ password: "pw-bare" });
        const { pg } = history;
        await withClient(pg, "postgres", async (c) => {
            await c.query("CREATE ROLE ghost_owner NOLOGIN; CREATE ROLE ghost_reader NOLOGIN");
            await c.query("CREATE DATABASE owned");
        });
        await withClient(pg, "owned", (c) => c.query(OWNED_SQL));
        const dumped = await cli(["dump", "--dbname", "owned"]);
        expect(dumped.code, dumped.stderr).to.equal(0);
    });

    after(async () => {
        await bare?.stop();
        await history?.stop();
    });

    it("restores the newest dump S3 stored at or before --at, and prints each table's rows against the manifest", async () => {
        const [first, second, third] = history!.dumps.shop;
        const at = between(second.storedAt, third.storedAt);
        const result = await cli(["restore", "--dbname", "shop", "--target-db", "shop_at", "--at", at]);
        expect(result.code, result.stderr).to.equal(0);
        const summary = JSON.parse(result.stdout) as Summary;
        expect(summary).to.include({ status: "ok", key: second.key, at: new Date(at).toISOString() });
        expect(Date.parse(summary.storedAt)).to.be.at.most(Date.parse(at));
        // S3's LastModified has whole seconds: a quick dump's snapshot may be in the second S3 stored it.
        expect(Date.parse(summary.snapshotAt!)).to.be.below(Date.parse(summary.storedAt) + 1000);
        expect(summary.rowCounts.length).to.be.greaterThan(5);
        expect(summary.rowCounts.every((r) => r.matches && r.manifest === r.restored)).to.equal(true);
        expect(summary.rowCounts.find((r) => r.table === '"public"."marks"')).to.include({ restored: 2 });
        expect(await marksIn(history!.pg, "shop_at"), "the second dump's data").to.equal(2);
        // The boundary belongs to the window: a dump stored exactly at --at is chosen.
        const exact = await cli([
            "restore",
            ...["--dbname", "shop", "--target-db", "shop_first", "--at", first.storedAt.toISOString()],
        ]);
        expect((JSON.parse(exact.stdout) as Summary).key).to.equal(first.key);
    });

    it("refuses a non-empty target with --at as without it, and leaves it as it was", async () => {
        const at = history!.dumps.shop[2].storedAt.toISOString();
        const result = await cli(["restore", "--dbname", "shop", "--target-db", "shop_at", "--at", at]);
        expect(result.code).to.equal(1);
        expect(result.stderr).to.contain("target database shop_at is not empty");
        expect(await marksIn(history!.pg, "shop_at")).to.equal(2);
    });

    it("fails when no dump was stored at or before --at, naming the oldest one", async () => {
        const first = history!.dumps.shop[0];
        const at = new Date(first.storedAt.getTime() - 60_000).toISOString();
        const result = await cli(["restore", "--dbname", "shop", "--target-db", "too_early", "--at", at]);
        expect(result.code).to.equal(1);
        expect(result.stderr).to.contain(
            `was stored at or before ${at} (\`--at\`): the oldest dump with a manifest is ${first.key}`,
        );
        expect(await databases(history!.pg)).not.to.include("too_early");
    });

    it("refuses a time in the future before touching anything (exit 2)", async () => {
        const result = await cli([
            "restore",
            "--dbname",
            "shop",
            "--target-db",
            "later",
            "--at",
            "2999-01-01",
        ]);
        expect(result.code).to.equal(2);
        expect(result.stderr).to.contain("`--at` is in the future (2999-01-01T00:00:00.000Z; now ");
    });

    it("fails on an unknown database, naming the databases that have dumps", async () => {
        const result = await cli(["restore", "--dbname", "shpo", "--target-db", "x", "--at", "1h"]);
        expect(result.code).to.equal(1);
        expect(result.stderr)
            .to.contain("unknown database shpo: no dump of it under")
            .and.to.contain("the databases with objects there are owned, shop");
    });

    it("fails on an unreachable target server, naming where it tried", async () => {
        const port = await findFreePort();
        const result = await cli(["restore", "--dbname", "shop", "--target-db", "x", "--port", String(port)]);
        expect(result.code).to.equal(1);
        expect(result.stderr).to.contain(`could not connect to database postgres on 127.0.0.1:${port}`);
        expect(result.stderr).to.contain("ECONNREFUSED");
    });

    it("on a server without the dump's roles: fails naming the role and the fix, then restores with --no-owner --no-privileges", async () => {
        const target = { ...bare!.env, PSQL_PATH: history!.env.PSQL_PATH };
        const refused = await cli(["restore", "--dbname", "owned", "--target-db", "owned_copy"], target);
        expect(refused.code).to.equal(1);
        const failure = String(refused.logs.find((l) => l.event === "restore-failed")?.message);
        expect(failure).to.match(/role "ghost_owner" does not exist/);
        expect(failure).to.contain(
            "The dump names role ghost_owner, which the target server does not have: create the dump's roles " +
                "there first, or restore with --no-owner (the restoring user owns everything) and --no-privileges",
        );
        expect(await databases(bare!)).not.to.include("owned_copy");

        const args = [
            "restore",
            "--dbname",
            "owned",
            "--target-db",
            "owned_copy",
            "--no-owner",
            "--no-privileges",
        ];
        const result = await cli(args, target);
        expect(result.code, result.stderr).to.equal(0);
        const summary = JSON.parse(result.stdout) as Summary;
        expect(summary.rowCounts).to.deep.include({
            table: '"ledger"."entries"',
            manifest: 250,
            restored: 250,
            matches: true,
        });
        // ghost_owner's schema, table and function, the superuser's large object, and one grant.
        expect(summary.skipped).to.deep.equal({ ownerStatements: 4, privilegeStatements: 1 });
        const owners = await withClient(bare!, "owned_copy", async (c) => ({
            table: (await c.query("SELECT tableowner FROM pg_tables WHERE tablename = 'entries'")).rows[0],
            total: (await c.query("SELECT ledger.total() AS n")).rows[0],
            largeObjects: (await c.query("SELECT count(*)::int AS n FROM pg_largeobject_metadata")).rows[0],
        }));
        expect(owners).to.deep.equal({
            table: { tableowner: bare!.user },
            total: { n: "250" },
            largeObjects: { n: 1 },
        });
    });

    it("names the KMS action and key when the key refuses the read (AWS's wording, through the fault proxy)", async () => {
        // moto never refuses: the proxy answers the dump's GetObject as S3 does when the key policy does not
        // let the caller decrypt, in the bucket's own account (S3 User Guide, "Troubleshoot access denied
        // (403 Forbidden) errors in Amazon S3": the message names the action and the resource).
        const keyArn = history!.kmsArn;
        const proxy = await startS3FaultProxy(history!.moto.endpoint, (req) =>
            req.method === "GET" && /\.sql\.gz\?.*versionId=/.test(req.url ?? "")
                ? {
                      kind: "fail",
                      status: 403,
                      code: "AccessDenied",
                      message:
                          "User: arn:aws:sts::111111111111:assumed-role/restorer/ops is not authorized to perform: " +
                          `kms:Decrypt on resource: ${keyArn} because no identity-based policy allows the kms:Decrypt action`,
                  }
                : undefined,
        );
        try {
            const result = await cli(["restore", "--dbname", "shop", "--target-db", "denied"], {
                AWS_ENDPOINT_URL: proxy.endpoint,
            });
            expect(result.code).to.equal(1);
            expect(result.stderr).to.contain(
                `access denied: KMS refused \`kms:Decrypt\` on \`${keyArn}\` for GetObject of s3://`,
            );
            expect(await databases(history!.pg)).not.to.include("denied");
        } finally {
            await proxy.stop();
        }
    });
});
