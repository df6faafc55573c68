import { expect } from "chai";
import { backupBucketKmsEncryption as policy } from "../../policies/backup-bucket-kms-encryption";
import { T } from "../../lib/types";
import { backupStack, find, without } from "../fixtures";
import { runStackPolicy, Spec, UNKNOWN } from "../helpers";

const rule = (specs: Spec[]) =>
    (find(specs, "backup-encryption").props.rules as Record<string, unknown>[])[0];
const byDefault = (specs: Spec[]) =>
    rule(specs).applyServerSideEncryptionByDefault as Record<string, unknown>;

describe("backup-bucket-kms-encryption", () => {
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, backupStack());
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([]);
    });

    it("fails a backup bucket without an encryption configuration", async () => {
        const specs = without(backupStack(), "backup-encryption");
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'backup bucket "backup-bucket" must have a BucketServerSideEncryptionConfiguration using SSE-KMS',
        ]);
    });

    it("fails AES256", async () => {
        const specs = backupStack();
        byDefault(specs).sseAlgorithm = "AES256";
        delete byDefault(specs).kmsMasterKeyId;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'default encryption of backup bucket "backup-bucket" must be SSE-KMS ("aws:kms"), not "AES256"',
        ]);
    });

    it("fails SSE-KMS without a key (AWS managed aws/s3)", async () => {
        const specs = backupStack();
        delete byDefault(specs).kmsMasterKeyId;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'default encryption of backup bucket "backup-bucket" must name a customer-managed KMS key in `kmsMasterKeyId` ' +
                "(without one S3 uses the AWS managed key aws/s3)",
        ]);
    });

    it("fails the aws/s3 alias", async () => {
        const specs = backupStack();
        byDefault(specs).kmsMasterKeyId = "arn:aws:kms:ap-southeast-4:111111111111:alias/aws/s3";
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'default encryption of backup bucket "backup-bucket" must use a customer-managed KMS key, ' +
                'not "arn:aws:kms:ap-southeast-4:111111111111:alias/aws/s3"',
        ]);
    });

    it("fails bucket keys off", async () => {
        const specs = backupStack();
        rule(specs).bucketKeyEnabled = false;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'default encryption of backup bucket "backup-bucket" must set `bucketKeyEnabled: true`',
        ]);
    });

    it("covers the deprecated V2 class and the inline form", async () => {
        const specs = backupStack();
        find(specs, "backup-encryption").type = T.encryptionV2;
        rule(specs).bucketKeyEnabled = false;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'default encryption of backup bucket "backup-bucket" must set `bucketKeyEnabled: true`',
        ]);
        const inline = without(backupStack(), "backup-encryption");
        find(inline, "backup-bucket").props.serverSideEncryptionConfiguration = {
            rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        };
        expect((await runStackPolicy(policy, inline)).mandatory).to.deep.equal([
            'default encryption of backup bucket "backup-bucket" must be SSE-KMS ("aws:kms"), not "AES256"',
        ]);
    });

    it("accepts a key ARN unknown at preview but says so (advisory)", async () => {
        const specs = backupStack();
        byDefault(specs).kmsMasterKeyId = UNKNOWN;
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-bucket-kms-encryption' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                'kmsMasterKeyId of backup bucket "backup-bucket"',
        ]);
    });
});
