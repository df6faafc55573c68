import { expect } from "chai";
import { compareRowCounts, formatRestoreSummary } from "../../../runner/commands/restore-table";

describe("restore's row-count comparison", () => {
    it("lists every table either side names, in order, and what matches", () => {
        const rows = compareRowCounts(
            { '"public"."b"': 2, '"public"."a"': 1, '"public"."gone"': 5 },
            { '"public"."a"': 1, '"public"."b"': 3, '"public"."extra"': 0 },
        );
        expect(rows).to.deep.equal([
            { table: '"public"."a"', manifest: 1, restored: 1, matches: true },
            { table: '"public"."b"', manifest: 2, restored: 3, matches: false },
            { table: '"public"."extra"', manifest: null, restored: 0, matches: false },
            { table: '"public"."gone"', manifest: 5, restored: null, matches: false },
        ]);
        expect(compareRowCounts(undefined, { t: 1 })[0].matches, "no manifest, nothing matches").to.equal(
            false,
        );
    });

    it("prints the summary and the table on a terminal, and counts the differences", () => {
        const text = formatRestoreSummary({
            status: "ok",
            key: "layer3/shop/2026/11/24/shop_20261124T013000Z.sql.gz",
            versionId: "v1",
            targetDatabase: "shop_copy",
            storedAt: "2026-11-24T01:31:00.000Z",
            snapshotAt: "2026-11-24T01:30:00.000Z",
            at: "2026-11-24T06:00:00.000Z",
            restoreSeconds: 2.04,
            compressedBytes: 2048,
            rowCounts: compareRowCounts({ '"public"."orders"': 3000 }, { '"public"."orders"': 3000 }),
            skipped: { ownerStatements: 4, privilegeStatements: 0 },
            problems: [],
        });
        expect(text.split("\n")).to.deep.equal([
            "restored layer3/shop/2026/11/24/shop_20261124T013000Z.sql.gz (version v1) into shop_copy",
            "  stored by S3 at 2026-11-24T01:31:00.000Z; snapshot taken at 2026-11-24T01:30:00.000Z; chosen as " +
                "the newest good dump at or before 2026-11-24T06:00:00.000Z",
            "  2.0 KiB in 2.0 s",
            "  left out: 4 ownership and 0 privilege statements",
            "",
            "  table              manifest  restored",
            '  "public"."orders"      3000      3000',
            "  all 1 tables match the manifest",
        ]);
    });
});
