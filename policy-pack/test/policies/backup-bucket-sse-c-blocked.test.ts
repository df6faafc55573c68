import { expect } from "chai";
import { backupBucketSseCBlocked as policy } from "../../policies/backup-bucket-sse-c-blocked";
import { T } from "../../lib/types";
import { backupStack, bucket, dropStatement, editDocument, settingOf, statement } from "../fixtures";
import { runStackPolicy } from "../harness";

type Rule = Record<string, unknown>;

describe("backup-bucket-sse-c-blocked", () => {
    it("passes the backup stack (primary and replica)", async () => {
        const report = await runStackPolicy(policy, await backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });

    it("fails default encryption that does not block SSE-C", async () => {
        for (const blocked of [undefined, ["NONE"]]) {
            const specs = await backupStack();
            const sse = settingOf(specs, T.encryption, "replica");
            const rule = (sse.props.rules as Rule[])[0];
            if (blocked === undefined) delete rule.blockedEncryptionTypes;
            else rule.blockedEncryptionTypes = blocked;
            expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
                `default encryption of backup bucket "${bucket(specs, "replica").name}" must set ` +
                    `\`blockedEncryptionTypes: ["SSE-C"]\` (got ${blocked === undefined ? "none" : '["NONE"]'})`,
            ]);
        }
    });

    it("fails a bucket policy without the SSE-C deny, or with one narrowed by another condition", async () => {
        const message = (name: string) =>
            `bucket policy of backup bucket "${name}" must deny s3:PutObject to everyone when ` +
            '"s3:x-amz-server-side-encryption-customer-algorithm" is present';
        const dropped = await backupStack();
        editDocument(settingOf(dropped, T.bucketPolicy, "primary"), dropStatement("DenySseCustomerKeys"));
        const narrowed = await backupStack();
        editDocument(settingOf(narrowed, T.bucketPolicy, "primary"), (doc) => {
            statement(doc, "DenySseCustomerKeys").Condition = {
                Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" },
                StringEquals: { "aws:PrincipalAccount": "999999999999" },
            };
        });
        for (const specs of [dropped, narrowed])
            expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
                message(bucket(specs, "primary").name),
            ]);
    });
});
