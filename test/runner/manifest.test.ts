import { expect } from "chai";
import { parseManifest, rowCountDifferences } from "../../runner/manifest";

const MANIFEST = {
    formatVersion: 1,
    database: "shop",
    bucket: "b",
    key: "layer3/shop/2026/03/01/shop_20260301T013000Z.sql.zst",
    versionId: "v1",
    compressedBytes: 10,
    uncompressedBytes: 30,
    sha256: "a".repeat(64),
    parts: 1,
    format: "plain-sql-zstd",
    level: 3,
    pgDumpVersion: "pg_dump (PostgreSQL) 15.8",
    serverVersion: "15.8",
    snapshot: "00000003-0000001B-1",
    startedAt: "2026-03-01T01:30:00Z",
    finishedAt: "2026-03-01T01:30:05Z",
    retainUntil: "2026-04-01T01:30:05Z",
    kmsKeyId: "k",
    rowCounts: {},
};

describe("the manifest format", () => {
    it("reads zstd and gzip manifests with their level, and gzip manifests written before levels", () => {
        expect(parseManifest(JSON.stringify(MANIFEST), "m")).to.include({
            format: "plain-sql-zstd",
            level: 3,
        });
        const older: Record<string, unknown> = { ...MANIFEST, format: "plain-sql-gzip" };
        delete older.level;
        const parsed = parseManifest(JSON.stringify(older), "m");
        expect(parsed.format).to.equal("plain-sql-gzip");
        expect(parsed.level).to.equal(undefined);
    });

    it("refuses a format this runner cannot read, saying which it reads", () => {
        expect(() => parseManifest(JSON.stringify({ ...MANIFEST, format: "plain-sql-lz4" }), "m")).to.throw(
            'manifest m is malformed (format "plain-sql-lz4" is not a format this runner reads ' +
                "(plain-sql-gzip, plain-sql-zstd); read it with a newer strongbox)",
        );
        expect(() => parseManifest(JSON.stringify({ ...MANIFEST, level: 0 }), "m")).to.throw(
            "manifest m is malformed (level)",
        );
    });
});

describe("manifest comparisons", () => {
    it("reports missing, extra and different tables", () => {
        const expected = { '"public"."a"': 3, '"public"."b"': 0, '"public"."c"': 1 };
        const actual = { '"public"."a"': 2, '"public"."b"': 0, '"public"."d"': 5 };
        expect(rowCountDifferences(expected, actual)).to.deep.equal([
            '"public"."a": 2 rows, expected 3',
            '"public"."c": missing after restore (expected 1 rows)',
            '"public"."d": present after restore but not in the manifest',
        ]);
        expect(rowCountDifferences(expected, { ...expected })).to.deep.equal([]);
    });
});
