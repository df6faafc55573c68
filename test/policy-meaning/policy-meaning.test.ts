/**
 * What the rendered prod policies mean: every row of table.ts evaluated with `authorize`
 * (test/iam-eval) against the policies the real stack renders (the offline preview of prod-backup).
 * See table.ts for the assumptions about same-account principals.
 */
import { expect } from "chai";
import { PolicyDocument } from "../../components/common/policy-document";
import { authorize } from "../iam-eval/evaluate";
import * as f from "./fixtures";
import { renderedPolicies } from "./rendered";
import { rows } from "./table";

describe("policy meaning: the rendered prod policies decide each request as intended", () => {
    let rendered: Record<f.PolicyName, PolicyDocument>;
    before(async () => {
        rendered = await renderedPolicies();
    });

    it("has a table of at least 30 requests", () => {
        expect(rows.length).to.be.at.least(30);
    });
    it("evaluates what the stack renders, not a second rendering by hand", () => {
        // The builder variant ignores the replica; the stack's bucket policy lets the replication role read.
        expect(rendered.bucket.Statement.map((s) => s.Sid)).to.include("AllowReplicationRoleRead");
        expect(JSON.stringify(rendered.replica)).to.contain(f.REPLICA_BUCKET_ARN);
        // The two-writer stack was previewed with the second account's runner under its own prefix.
        expect(JSON.stringify(rendered.bucketTwoWriters))
            .to.contain(f.WRITER_B)
            .and.to.contain(`${f.BUCKET_ARN}/${f.WRITER_B_ENTRY.keyPrefix}/${f.DATABASE}/*`);
        expect(rendered.replicaKey.Statement.map((s) => s.Sid)).to.include("DenyCreateGrantExceptExempt");
    });
    for (const row of rows) {
        const who = row.request.principalArn.split(/[:/]/).pop();
        it(`${row.policy}: ${who} ${row.request.action} -> ${row.expected} (${row.reason})`, () => {
            const e = authorize(rendered[row.policy], row.request, {
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
