import { expect } from "chai";
import { backupBucketConditionalWrites as policy } from "../../policies/backup-bucket-conditional-writes";
import { T } from "../../lib/types";
import {
    backupStack,
    bucket,
    Doc,
    dropStatement,
    editDocument,
    settingOf,
    statement,
    without,
} from "../fixtures";
import { runStackPolicy, UNKNOWN } from "../harness";

const SID = "DenyObjectCreationWithoutIfNoneMatch";

async function primary(edit: (doc: Doc) => void = () => undefined) {
    const specs = await backupStack();
    const policySpec = editDocument(settingOf(specs, T.bucketPolicy, "primary"), edit);
    return { specs, bucket: bucket(specs, "primary"), policy: policySpec };
}
const violation = (name: string) =>
    `bucket policy of backup bucket "${name}" must deny s3:PutObject to everyone when ` +
    '"s3:ObjectCreationOperation" is "true" and "s3:if-none-match" is not "*" (no overwrites)';

describe("backup-bucket-conditional-writes", () => {
    it("passes the backup stack (primary and replica)", async () => {
        const report = await runStackPolicy(policy, await backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });

    it("fails a policy without the conditional-write deny", async () => {
        const { specs, bucket: b } = await primary(dropStatement(SID));
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([violation(b.name)]);
    });

    it("accepts the Null form of the same rule", async () => {
        const { specs } = await primary((doc) => {
            statement(doc, SID).Condition = {
                Bool: { "s3:ObjectCreationOperation": "true" },
                Null: { "s3:if-none-match": "true" },
            };
        });
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([]);
    });

    it("fails a deny that does not exempt the multipart steps, or that only some principals get", async () => {
        const everyPut = await primary((doc) => {
            statement(doc, SID).Condition = { StringNotEquals: { "s3:if-none-match": "*" } };
        });
        const narrowed = await primary((doc) => {
            statement(doc, SID).Condition = {
                Bool: { "s3:ObjectCreationOperation": "true" },
                StringNotEquals: { "s3:if-none-match": "*" },
                ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/x" },
            };
        });
        const onBucketOnly = await primary((doc) => {
            statement(doc, SID).Resource = "arn:aws:s3:::acme-strongbox-prod-pg-backups";
        });
        for (const { specs, bucket: b } of [everyPut, narrowed, onBucketOnly])
            expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([violation(b.name)]);
    });

    it("leaves a missing bucket policy to backup-bucket-policy-guardrails, and an unknown one advisory", async () => {
        const { specs, policy: p } = await primary();
        expect((await runStackPolicy(policy, without(specs, p))).mandatory).to.deep.equal([]);
        p.props.policy = UNKNOWN;
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-bucket-conditional-writes' from policy pack 'strongbox@v0.1.0' during preview: " +
                `not checkable until apply: policy of bucket policy "${p.name}"`,
        ]);
    });
});
