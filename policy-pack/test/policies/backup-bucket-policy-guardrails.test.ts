import { expect } from "chai";
import { backupBucketPolicyGuardrails as policy } from "../../policies/backup-bucket-policy-guardrails";
import { T } from "../../lib/types";
import {
    backupStack,
    bucket,
    COMPONENT,
    Doc,
    dropStatement,
    editDocument,
    keyOf,
    settingOf,
    SOURCE_ACCOUNT,
    statement,
    without,
} from "../fixtures";
import { runStackPolicy, UNKNOWN } from "../harness";

/** The backup stack with its primary bucket and that bucket's policy, rewritten by `edit` if given. */
async function primary(edit: (doc: Doc) => void = () => undefined) {
    const specs = await backupStack();
    const policySpec = editDocument(settingOf(specs, T.bucketPolicy, "primary"), edit);
    return { specs, bucket: bucket(specs, "primary"), policy: policySpec };
}
const ofBucket = (name: string) => `bucket policy of backup bucket "${name}"`;
const OTHER_KEY = "arn:aws:kms:ap-southeast-4:999999999999:key/ffffffff-0000-4000-8000-000000000000";

describe("backup-bucket-policy-guardrails", () => {
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, await backupStack());
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([]);
    });

    it("fails a backup bucket without a bucket policy", async () => {
        const { specs, bucket: b, policy: p } = await primary();
        expect((await runStackPolicy(policy, without(specs, p))).mandatory).to.deep.equal([
            `backup bucket "${b.name}" must have a BucketPolicy`,
        ]);
    });

    it("fails a policy without the TLS deny", async () => {
        const { specs, bucket: b } = await primary(dropStatement("DenyInsecureTransport"));
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofBucket(b.name)} must deny "s3:*" to everyone when "aws:SecureTransport" is "false"`,
        ]);
    });

    it("fails a TLS deny that only covers some actions or some principals", async () => {
        const narrow = await primary((doc) => {
            statement(doc, "DenyInsecureTransport").Action = "s3:GetObject";
        });
        const onePrincipal = await primary((doc) => {
            statement(doc, "DenyInsecureTransport").Principal = {
                AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:root`,
            };
        });
        for (const { specs, bucket: b } of [narrow, onePrincipal]) {
            expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
                `${ofBucket(b.name)} must deny "s3:*" to everyone when "aws:SecureTransport" is "false"`,
            ]);
        }
    });

    it("fails a policy without the non-KMS deny, or one that lets AES256 through", async () => {
        const missing = await primary(dropStatement("DenyNonKmsEncryptionHeader"));
        const message =
            `${ofBucket(missing.bucket.name)} must deny s3:PutObject to everyone when ` +
            '"s3:x-amz-server-side-encryption" is not "aws:kms"';
        expect((await runStackPolicy(policy, missing.specs)).mandatory).to.deep.equal([message]);
        const aes = await primary((doc) => {
            statement(doc, "DenyNonKmsEncryptionHeader").Condition = {
                StringNotEquals: { "s3:x-amz-server-side-encryption": ["aws:kms", "AES256"] },
            };
        });
        expect((await runStackPolicy(policy, aes.specs)).mandatory).to.deep.equal([message]);
    });

    it("fails a policy without the wrong-key deny", async () => {
        const { specs, bucket: b } = await primary(dropStatement("DenyOtherKmsKey"));
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofBucket(b.name)} must deny s3:PutObject to everyone when ` +
                '"s3:x-amz-server-side-encryption-aws-kms-key-id" is not the bucket\'s key',
        ]);
    });

    it("fails a policy that allows another key than the bucket encrypts with", async () => {
        const { specs, bucket: b } = await primary((doc) => {
            statement(doc, "DenyOtherKmsKey").Condition = {
                StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": OTHER_KEY },
            };
        });
        const keyArn = keyOf(specs, COMPONENT.bucket).props.arn as string;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofBucket(b.name)} must allow writes only with the bucket's key "${keyArn}" ` +
                `(it allows "${OTHER_KEY}")`,
        ]);
    });

    it("fails a document that is not JSON", async () => {
        const { specs, bucket: b, policy: p } = await primary();
        p.props.policy = "{not json";
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofBucket(b.name)} must be a valid IAM policy document`,
        ]);
    });

    it("reports a policy unknown at preview as advisory, not as a pass, and still checks the other buckets", async () => {
        const { specs, policy: p } = await primary();
        p.props.policy = UNKNOWN;
        p.props.bucket = UNKNOWN;
        editDocument(settingOf(specs, T.bucketPolicy, "replica"), dropStatement("DenyInsecureTransport"));
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([
            `${ofBucket(bucket(specs, "replica").name)} must deny "s3:*" to everyone when "aws:SecureTransport" is "false"`,
        ]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-bucket-policy-guardrails' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                `policy of bucket policy "${p.name}"`,
        ]);
    });
});
