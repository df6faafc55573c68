import { expect } from "chai";
import { createDumpHistory, type DumpHistory, between } from "../helpers/dump-history";
import { runCli } from "../helpers/run-cli";
import { startS3FaultProxy } from "../helpers/s3-fault-proxy";

interface Listed {
    database: string;
    key: string;
    versionId: string;
    state: string;
    storedAt: string;
    lockMode: string | null;
    retainUntil: string | null;
    receipts: Array<{ kind: string; verdict: string | null; restoreSeconds: number | null }> | null;
}

describe("strongbox list: --all, --since/--until, receipts, and its refusals", function () {
    this.timeout(300_000);
    let history: DumpHistory | undefined;
    const cli = (args: string[], extra: Record<string, string> = {}) =>
        runCli(args, { ...history!.env, ...extra });
    const listed = (stdout: string) => JSON.parse(stdout) as Listed[];

    before(async () => {
        history = await createDumpHistory({ shop: 3, billing: 1 });
        // The checks the auditor runs, with their receipts: they name shop's newest dump, version included.
        for (const args of [
            ["verify", "--databases", "shop", "--receipts"],
            ["drill", "--dbname", "shop", "--receipts"],
        ]) {
            const result = await cli(args);
            expect(result.code, result.stderr).to.equal(0);
        }
    });

    after(async () => {
        await history?.stop();
    });

    it("--all lists every database under the key prefix, each dump naming its database, newest first", async () => {
        const result = await cli(["list", "--all", "--json"], { PGDATABASE: "shop" });
        expect(result.code, result.stderr).to.equal(0);
        const dumps = listed(result.stdout);
        expect(dumps.map((d) => [d.database, d.key])).to.deep.equal([
            ["billing", history!.dumps.billing[0].key],
            ...[...history!.dumps.shop].reverse().map((d) => ["shop", d.key]),
        ]);
        for (const dump of dumps) {
            expect(dump).to.include({ state: "ok", lockMode: "COMPLIANCE" });
            expect(Date.parse(dump.retainUntil!)).to.be.greaterThan(Date.now() + 29 * 86_400_000);
        }
    });

    it("--since and --until keep the dumps S3 stored within the window, bounds included", async () => {
        const [first, second, third] = history!.dumps.shop;
        const window = async (args: string[]) => {
            const result = await cli(["list", "--dbname", "shop", ...args]);
            expect(result.code, result.stderr).to.equal(0);
            return listed(result.stdout).map((d) => d.key);
        };
        expect(await window(["--since", between(first.storedAt, second.storedAt)])).to.deep.equal([
            third.key,
            second.key,
        ]);
        expect(await window(["--until", between(first.storedAt, second.storedAt)])).to.deep.equal([
            first.key,
        ]);
        expect(
            await window([
                "--since",
                second.storedAt.toISOString(),
                "--until",
                second.storedAt.toISOString(),
            ]),
        ).to.deep.equal([second.key]);
        expect(await window(["--since", "2020-01-01", "--until", "2020-01-02"]), "none then").to.deep.equal(
            [],
        );
    });

    it("shows the verify and drill receipts of the very version they checked, and none for the others", async () => {
        const result = await cli(["list", "--dbname", "shop"]);
        const [newest, ...older] = listed(result.stdout);
        expect(newest.receipts?.map((r) => [r.kind, r.verdict])).to.have.deep.members([
            ["verify", "ok"],
            ["drill", "ok"],
        ]);
        expect(newest.receipts?.find((r) => r.kind === "drill")?.restoreSeconds).to.be.greaterThan(0);
        for (const dump of older) expect(dump.receipts, dump.key).to.deep.equal([]);
    });

    it("fails on an unknown database, naming the databases that have dumps", async () => {
        const result = await cli(["list", "--dbname", "shpo"]);
        expect(result.code).to.equal(1);
        expect(result.stderr).to.contain(
            `unknown database shpo: no dump of it under ${history!.bucket}/layer3/shpo/, and the databases with ` +
                "objects there are billing, shop; check `--dbname`, `--key-prefix` and `--bucket`",
        );
        expect(result.stdout.trim()).to.equal("");
    });

    it("refuses --all with --dbname, and a window that ends before it starts (exit 2)", async () => {
        const both = await cli(["list", "--all", "--dbname", "shop"]);
        expect(both.code).to.equal(2);
        expect(both.stderr).to.contain("give `--dbname` (one database) or `--all`");
        const backwards = await cli(["list", "--all", "--since", "1h", "--until", "2h"]);
        expect(backwards.code).to.equal(2);
        expect(backwards.stderr).to.contain("is after `--until`");
    });

    it("lists the dumps when the receipts may not be read, and names the permission that was missing", async () => {
        // moto evaluates no policies, so the proxy answers as S3 does for a role without
        // s3:ListBucketVersions on the receipts' prefix: 403 AccessDenied, "Access Denied" (another account).
        const proxy = await startS3FaultProxy(history!.moto.endpoint, (req) =>
            decodeURIComponent(req.url ?? "").includes("prefix=strongbox-receipts/")
                ? { kind: "fail", status: 403, code: "AccessDenied", message: "Access Denied" }
                : undefined,
        );
        try {
            const result = await cli(["list", "--dbname", "shop"], { AWS_ENDPOINT_URL: proxy.endpoint });
            expect(result.code, result.stderr).to.equal(0);
            const dumps = listed(result.stdout);
            expect(dumps).to.have.length(3);
            for (const dump of dumps) expect(dump.receipts).to.equal(null);
            const warning = result.logs.find((l) => l.event === "receipts-unreadable");
            expect(String(warning?.message)).to.contain(
                `needs \`s3:ListBucketVersions\` on \`arn:aws:s3:::${history!.bucket}\``,
            );
        } finally {
            await proxy.stop();
        }
    });

    it("names the action and the bucket when the dumps themselves may not be listed", async () => {
        // As above: moto cannot refuse, so the proxy answers every listing with S3's 403 AccessDenied.
        const proxy = await startS3FaultProxy(history!.moto.endpoint, (req) =>
            /[?&]versions/.test(req.url ?? "")
                ? { kind: "fail", status: 403, code: "AccessDenied", message: "Access Denied" }
                : undefined,
        );
        try {
            const result = await cli(["list", "--all"], { AWS_ENDPOINT_URL: proxy.endpoint });
            expect(result.code).to.equal(1);
            expect(result.stderr).to.contain(
                `access denied: ListObjectVersions on s3://${history!.bucket} needs \`s3:ListBucketVersions\` on ` +
                    `\`arn:aws:s3:::${history!.bucket}\``,
            );
        } finally {
            await proxy.stop();
        }
    });
});
