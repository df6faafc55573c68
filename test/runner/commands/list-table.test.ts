import { expect } from "chai";
import { type DumpReceipt, formatListTable, type ListedDump, receiptsCell } from "../../../runner/commands";

const dump = (overrides: Partial<ListedDump>): ListedDump => ({
    database: "shop",
    key: "layer3/shop/2026/03/02/shop_20260302T013000Z.sql.zst",
    state: "ok",
    problems: [],
    dumpedAt: "2026-03-02T01:30:00.000Z",
    storedAt: "2026-03-02T01:30:05.000Z",
    sizeBytes: 1536,
    compression: "zstd",
    level: 3,
    versionId: "v1",
    versions: 1,
    hasManifest: true,
    lockMode: "COMPLIANCE",
    retainUntil: "2026-04-01T01:30:05.000Z",
    kmsKeyId: "k",
    receipts: [],
    ...overrides,
});

const receipt = (overrides: Partial<DumpReceipt>): DumpReceipt => ({
    kind: "verify",
    verdict: "ok",
    checkedAt: "2026-03-02T02:00:00.000Z",
    restoreSeconds: null,
    state: "ok",
    receiptKey: "strongbox-receipts/verify/shop/x.json",
    ...overrides,
});

describe("list's table", () => {
    it("shows each dump's compression and level from its manifest, and a dash when no manifest says", () => {
        const table = formatListTable([
            dump({}),
            dump({
                key: "layer3/shop/2026/03/01/shop_20260301T013000Z.sql.gz",
                compression: "gzip",
                level: null,
            }),
            dump({ state: "incomplete", compression: null, level: null, hasManifest: false }),
        ]);
        const [header, zstd, gzip, incomplete] = table.split("\n");
        expect(header.split(/\s{2,}/)).to.deep.equal([
            "stored at (S3)",
            "state",
            "format",
            "size",
            "lock",
            "retain until",
            "receipts",
            "key",
        ]);
        expect(zstd.split(/\s{2,}/)[2]).to.equal("zstd -3");
        // A gzip manifest written before levels were recorded.
        expect(gzip.split(/\s{2,}/)[2]).to.equal("gzip");
        expect(incomplete.split(/\s{2,}/).slice(1, 3)).to.deep.equal(["incomplete", "-"]);
    });

    it("names each dump's database with --all, and ends with the count", () => {
        const lines = formatListTable([dump({}), dump({ database: "billing" })], {
            showDatabase: true,
        }).split("\n");
        expect(lines[0].split(/\s{2,}/)[0]).to.equal("database");
        expect(lines.map((l) => l.split(/\s{2,}/)[0]).slice(1, 3)).to.deep.equal(["shop", "billing"]);
        expect(lines[3]).to.equal("2 dumps, newest first by S3's clock");
        expect(formatListTable([])).to.equal("no dumps found");
    });

    it("shows the newest receipt of each kind: verdict, restore time, and a suspect receipt as SUSPECT", () => {
        expect(
            receiptsCell([
                receipt({ kind: "drill", restoreSeconds: 4.25 }),
                receipt({}),
                receipt({ verdict: "failed", checkedAt: "2026-03-01T00:00:00.000Z" }),
            ]),
        ).to.equal("drill ok 4.3 s, verify ok");
        expect(receiptsCell([receipt({ verdict: "failed" })])).to.equal("verify FAILED");
        expect(receiptsCell([receipt({ state: "suspect" })])).to.equal("verify SUSPECT");
        expect(receiptsCell([]), "never checked").to.equal("-");
        expect(receiptsCell(null), "could not be read").to.equal("?");
        const row = formatListTable([dump({ receipts: [receipt({})] })]).split("\n")[1];
        expect(row.split(/\s{2,}/)[6]).to.equal("verify ok");
    });
});
