import { expect } from "chai";
import { rowCountDifferences } from "../../runner/manifest";

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
