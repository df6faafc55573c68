import { expect } from "chai";
import { formatListTable, type ListedDump } from "../../../runner/commands";

const dump = (overrides: Partial<ListedDump>): ListedDump => ({
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
            "key",
        ]);
        expect(zstd.split(/\s{2,}/)[2]).to.equal("zstd -3");
        // A gzip manifest written before levels were recorded.
        expect(gzip.split(/\s{2,}/)[2]).to.equal("gzip");
        expect(incomplete.split(/\s{2,}/).slice(1, 3)).to.deep.equal(["incomplete", "-"]);
    });
});
