import { expect } from "chai";
import {
    compactUtcTimestamp,
    databasePrefix,
    dumpKey,
    keySegmentProblem,
    manifestKey,
    parseDumpKey,
} from "../../shared/object-key";

describe("key naming", () => {
    const at = new Date("2026-03-07T04:05:06.789Z");

    it("formats <prefix>/<db>/<YYYY>/<MM>/<DD>/<db>_<YYYYMMDDTHHMMSSZ>.sql.gz in UTC", () => {
        expect(dumpKey("layer3", "orders", at)).to.equal(
            "layer3/orders/2026/03/07/orders_20260307T040506Z.sql.gz",
        );
    });

    it("uses the UTC date even when local time is another day", () => {
        const lateUtc = new Date("2026-12-31T23:59:59Z");
        expect(dumpKey("p", "db", lateUtc)).to.equal("p/db/2026/12/31/db_20261231T235959Z.sql.gz");
        expect(compactUtcTimestamp(new Date("2027-01-01T00:00:00Z"))).to.equal("20270101T000000Z");
    });

    it("ends a zstd dump's key with .sql.zst, everything else alike", () => {
        expect(dumpKey("layer3", "orders", at, ".sql.zst")).to.equal(
            "layer3/orders/2026/03/07/orders_20260307T040506Z.sql.zst",
        );
        expect(parseDumpKey(dumpKey("layer3", "orders", at, ".sql.zst"))).to.deep.equal({
            database: "orders",
            at: new Date("2026-03-07T04:05:06Z"),
            suffix: ".sql.zst",
        });
    });

    it("puts the manifest beside the dump", () => {
        expect(manifestKey("a/b.sql.gz")).to.equal("a/b.sql.gz.manifest.json");
    });

    it("round-trips a dump key and rejects keys that are not dumps", () => {
        const key = dumpKey("layer3", "my_db", at);
        const parsed = parseDumpKey(key);
        expect(parsed?.database).to.equal("my_db");
        expect(parsed?.at.toISOString()).to.equal("2026-03-07T04:05:06.000Z");
        expect(parseDumpKey(manifestKey(key))).to.equal(undefined);
        expect(parseDumpKey("layer3/a/2026/03/07/b_20260307T040506Z.sql.gz"), "db name must match").to.equal(
            undefined,
        );
    });

    it("sorts keys of one database chronologically", () => {
        const keys = ["2026-03-07T04:05:06Z", "2025-12-31T23:00:00Z", "2026-03-07T04:05:07Z"].map((t) =>
            dumpKey("layer3", "db", new Date(t)),
        );
        expect([...keys].sort().map((k) => parseDumpKey(k)!.at.toISOString())).to.deep.equal([
            "2025-12-31T23:00:00.000Z",
            "2026-03-07T04:05:06.000Z",
            "2026-03-07T04:05:07.000Z",
        ]);
    });

    it("lists one database without matching another that shares its prefix", () => {
        expect(dumpKey("layer3", "app2", at).startsWith(databasePrefix("layer3", "app"))).to.equal(false);
        expect(dumpKey("layer3", "app", at).startsWith(databasePrefix("layer3", "app"))).to.equal(true);
    });

    it("refuses database names that would break the key", () => {
        expect(keySegmentProblem("a/b")).to.contain("`/`");
        expect(keySegmentProblem("a\nb")).to.contain("control");
        expect(keySegmentProblem("")).to.equal("is empty");
        expect(keySegmentProblem("Ünïcode db-1")).to.equal(undefined);
    });
});
