import { expect } from "chai";
import { backupBucketPolicyGuardrails as policy } from "../../policies/backup-bucket-policy-guardrails";
import { backupStack, find, KEY_ARN, without } from "../fixtures";
import { runStackPolicy, Spec, UNKNOWN } from "../helpers";

type Doc = { Statement: Record<string, unknown>[] };
/** Rewrites the primary bucket's policy document. */
function editPolicy(specs: Spec[], edit: (doc: Doc) => void): Spec[] {
    const p = find(specs, "backup-policy");
    const doc = JSON.parse(p.props.policy as string) as Doc;
    edit(doc);
    p.props.policy = JSON.stringify(doc);
    return specs;
}
const dropSid = (sid: string) => (doc: Doc) => {
    doc.Statement = doc.Statement.filter((s) => s.Sid !== sid);
};
const OTHER_KEY = "arn:aws:kms:ap-southeast-4:999999999999:key/ffffffff-0000-4000-8000-000000000000";

describe("backup-bucket-policy-guardrails", () => {
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, backupStack());
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([]);
    });

    it("fails a backup bucket without a bucket policy", async () => {
        expect(
            (await runStackPolicy(policy, without(backupStack(), "backup-policy"))).mandatory,
        ).to.deep.equal(['backup bucket "backup-bucket" must have a BucketPolicy']);
    });

    it("fails a policy without the TLS deny", async () => {
        const specs = editPolicy(backupStack(), dropSid("DenyInsecureTransport"));
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'bucket policy of backup bucket "backup-bucket" must deny "s3:*" to everyone when "aws:SecureTransport" is "false"',
        ]);
    });

    it("fails a TLS deny that only covers some actions or some principals", async () => {
        const narrow = editPolicy(backupStack(), (doc) => {
            doc.Statement[0].Action = "s3:GetObject";
        });
        const onePrincipal = editPolicy(backupStack(), (doc) => {
            doc.Statement[0].Principal = { AWS: "arn:aws:iam::222222222222:root" };
        });
        for (const specs of [narrow, onePrincipal]) {
            expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
                'bucket policy of backup bucket "backup-bucket" must deny "s3:*" to everyone when "aws:SecureTransport" is "false"',
            ]);
        }
    });

    it("fails a policy without the non-KMS deny, or one that lets AES256 through", async () => {
        const message =
            'bucket policy of backup bucket "backup-bucket" must deny s3:PutObject to everyone when ' +
            '"s3:x-amz-server-side-encryption" is not "aws:kms"';
        const missing = editPolicy(backupStack(), dropSid("DenyNonKmsEncryptionHeader"));
        expect((await runStackPolicy(policy, missing)).mandatory).to.deep.equal([message]);
        const aes = editPolicy(backupStack(), (doc) => {
            doc.Statement[1].Condition = {
                StringNotEquals: { "s3:x-amz-server-side-encryption": ["aws:kms", "AES256"] },
            };
        });
        expect((await runStackPolicy(policy, aes)).mandatory).to.deep.equal([message]);
    });

    it("fails a policy without the wrong-key deny", async () => {
        const specs = editPolicy(backupStack(), dropSid("DenyOtherKmsKey"));
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'bucket policy of backup bucket "backup-bucket" must deny s3:PutObject to everyone when ' +
                '"s3:x-amz-server-side-encryption-aws-kms-key-id" is not the bucket\'s key',
        ]);
    });

    it("fails a policy that allows another key than the bucket encrypts with", async () => {
        const specs = editPolicy(backupStack(), (doc) => {
            doc.Statement[2].Condition = {
                StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": OTHER_KEY },
            };
        });
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `bucket policy of backup bucket "backup-bucket" must allow writes only with the bucket's key "${KEY_ARN}" ` +
                `(it allows "${OTHER_KEY}")`,
        ]);
    });

    it("fails a document that is not JSON", async () => {
        const specs = backupStack();
        find(specs, "backup-policy").props.policy = "{not json";
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'bucket policy of backup bucket "backup-bucket" must be a valid IAM policy document',
        ]);
    });

    it("reports a policy unknown at preview as advisory, not as a pass, and still checks the other buckets", async () => {
        const specs = editPolicy(backupStack(), () => undefined);
        find(specs, "backup-policy").props.policy = UNKNOWN;
        find(specs, "backup-policy").props.bucket = UNKNOWN;
        const replica = find(specs, "backup-replica-policy");
        const doc = JSON.parse(replica.props.policy as string) as Doc;
        doc.Statement = doc.Statement.filter((s) => s.Sid !== "DenyInsecureTransport");
        replica.props.policy = JSON.stringify(doc);
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([
            'bucket policy of backup bucket "backup-replica-bucket" must deny "s3:*" to everyone when "aws:SecureTransport" is "false"',
        ]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-bucket-policy-guardrails' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                'policy of bucket policy "backup-policy"',
        ]);
    });
});
