/**
 * What the rendered prod policies mean: every row of table.ts evaluated with `authorize`
 * (test/iam-eval). See table.ts for the assumptions about same-account principals.
 */
import { expect } from "chai";
import { authorize } from "../iam-eval/evaluate";
import * as f from "./fixtures";
import { rows } from "./table";

describe("policy meaning: the rendered prod policies decide each request as intended", () => {
    it("has a table of at least 30 requests", () => {
        expect(rows.length).to.be.at.least(30);
    });
    for (const row of rows) {
        const who = row.request.principalArn.split(/[:/]/).pop();
        it(`${row.policy}: ${who} ${row.request.action} -> ${row.expected} (${row.reason})`, () => {
            const e = authorize(f.policies[row.policy], row.request, {
                resourceAccount: f.BACKUP,
                keyPolicy: row.policy.endsWith("Key"),
            });
            expect(e.decision, JSON.stringify(e.matched)).to.equal(row.expected);
            if (row.sid !== undefined) {
                expect(e.matched).to.include(row.sid);
            }
        });
    }
});
