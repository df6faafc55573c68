import { expect } from "chai";
import { backupBucketWriterConfinement as policy } from "../../policies/backup-bucket-writer-confinement";
import { T } from "../../lib/types";
import { addStatement, backupStack, bucket, editDocument, settingOf, statement } from "../fixtures";
import { runStackPolicy } from "../harness";

const BUCKET = "arn:aws:s3:::acme-strongbox-prod-pg-backups";
const message = (name: string, sid: string, wide: string) =>
    `bucket policy of backup bucket "${name}" must allow s3:PutObject only on "<bucket>/<prefix>/<database>/*" ` +
    `resources (statement "${sid}" allows ${wide})`;

describe("backup-bucket-writer-confinement", () => {
    it("passes the backup stack: each writer on its own databases' prefixes", async () => {
        const specs = await backupStack();
        const report = await runStackPolicy(policy, specs);
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
        // The pass means something: the stack does allow a writer, on one database each.
        const doc = JSON.parse(settingOf(specs, T.bucketPolicy, "primary").props.policy as string);
        expect(statement(doc, "AllowWriterDatabases0").Resource).to.deep.equal([
            `${BUCKET}/layer3/appdb/*`,
            `${BUCKET}/layer3/billing/*`,
        ]);
    });

    it("fails a writer allowed on a whole prefix, the whole bucket, or a wildcard database", async () => {
        for (const wide of [`${BUCKET}/layer3/*`, `${BUCKET}/*`, `${BUCKET}/layer3/app*/*`]) {
            const specs = await backupStack();
            editDocument(settingOf(specs, T.bucketPolicy, "primary"), (doc) => {
                statement(doc, "AllowWriterDatabases0").Resource = [`${BUCKET}/layer3/appdb/*`, wide];
            });
            expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
                message(bucket(specs, "primary").name, "AllowWriterDatabases0", JSON.stringify(wide)),
            ]);
        }
    });

    it("fails an Allow by NotResource or NotAction that reaches s3:PutObject", async () => {
        const specs = await backupStack();
        editDocument(
            settingOf(specs, T.bucketPolicy, "primary"),
            addStatement({
                Sid: "AllowEverythingElse",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::222222222222:root" },
                NotAction: "s3:DeleteObject",
                NotResource: `${BUCKET}/secret/*`,
            }),
        );
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            message(bucket(specs, "primary").name, "AllowEverythingElse", `"NotResource ${BUCKET}/secret/*"`),
        ]);
    });
});
