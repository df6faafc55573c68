import { expect } from "chai";
import { backupBucketKmsEncryption as policy } from "../../policies/backup-bucket-kms-encryption";
import { T } from "../../lib/types";
import { awsManagedKeyAlias, backupStack, bucket, settingOf, without } from "../fixtures";
import { runStackPolicy, Spec, UNKNOWN } from "../harness";

/** The backup stack with its primary bucket, that bucket's encryption configuration and its first rule. */
async function primary() {
    const specs = await backupStack();
    const encryption = settingOf(specs, T.encryption, "primary");
    const rule = (encryption.props.rules as Record<string, unknown>[])[0];
    const byDefault = rule.applyServerSideEncryptionByDefault as Record<string, unknown>;
    return { specs, bucket: bucket(specs, "primary"), encryption, rule, byDefault };
}
const ofBucket = (b: Spec) => `default encryption of backup bucket "${b.name}"`;

describe("backup-bucket-kms-encryption", () => {
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, await backupStack());
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([]);
    });

    it("fails a backup bucket without an encryption configuration", async () => {
        const { specs, bucket: b, encryption } = await primary();
        expect((await runStackPolicy(policy, without(specs, encryption))).mandatory).to.deep.equal([
            `backup bucket "${b.name}" must have a BucketServerSideEncryptionConfiguration using SSE-KMS`,
        ]);
    });

    it("fails AES256", async () => {
        const { specs, bucket: b, byDefault } = await primary();
        byDefault.sseAlgorithm = "AES256";
        delete byDefault.kmsMasterKeyId;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofBucket(b)} must be SSE-KMS ("aws:kms"), not "AES256"`,
        ]);
    });

    it("fails SSE-KMS without a key (AWS managed aws/s3)", async () => {
        const { specs, bucket: b, byDefault } = await primary();
        delete byDefault.kmsMasterKeyId;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofBucket(b)} must name a customer-managed KMS key in \`kmsMasterKeyId\` ` +
                "(without one S3 uses the AWS managed key aws/s3)",
        ]);
    });

    it("fails the aws/s3 alias", async () => {
        const { specs, bucket: b, byDefault } = await primary();
        byDefault.kmsMasterKeyId = awsManagedKeyAlias("s3");
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofBucket(b)} must use a customer-managed KMS key, not "${awsManagedKeyAlias("s3")}"`,
        ]);
    });

    it("fails bucket keys off", async () => {
        const { specs, bucket: b, rule } = await primary();
        rule.bucketKeyEnabled = false;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofBucket(b)} must set \`bucketKeyEnabled: true\``,
        ]);
    });

    it("covers the deprecated V2 class and the inline form", async () => {
        const v2 = await primary();
        v2.encryption.type = T.encryptionV2;
        v2.rule.bucketKeyEnabled = false;
        expect((await runStackPolicy(policy, v2.specs)).mandatory).to.deep.equal([
            `${ofBucket(v2.bucket)} must set \`bucketKeyEnabled: true\``,
        ]);
        const { specs, bucket: b, encryption } = await primary();
        b.props.serverSideEncryptionConfiguration = {
            rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        };
        expect((await runStackPolicy(policy, without(specs, encryption))).mandatory).to.deep.equal([
            `${ofBucket(b)} must be SSE-KMS ("aws:kms"), not "AES256"`,
        ]);
    });

    it("accepts a key ARN unknown at preview but says so (advisory)", async () => {
        const { specs, bucket: b, byDefault } = await primary();
        byDefault.kmsMasterKeyId = UNKNOWN;
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-bucket-kms-encryption' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                `kmsMasterKeyId of backup bucket "${b.name}"`,
        ]);
    });
});
