import { expect } from "chai";
import { backupBucketReplication as policy } from "../../policies/backup-bucket-replication";
import { backupStack, find } from "../fixtures";
import { runStackPolicy, Spec, UNKNOWN } from "../helpers";

const rule = (specs: Spec[]) =>
    (find(specs, "backup-replica-replication").props.rules as Record<string, unknown>[])[0];

describe("backup-bucket-replication", () => {
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });

    it("fails replication that skips SSE-KMS objects", async () => {
        const specs = backupStack();
        delete rule(specs).sourceSelectionCriteria;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'replication rule "replicate-backups" of backup bucket "backup-bucket" must set ' +
                '`sourceSelectionCriteria.sseKmsEncryptedObjects.status: "Enabled"` (S3 skips SSE-KMS objects otherwise)',
        ]);
    });

    it("fails replication without a replica KMS key", async () => {
        const specs = backupStack();
        rule(specs).destination = { bucket: "arn:aws:s3:::acme-strongbox-prod-pg-backups-replica" };
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'replication rule "replicate-backups" of backup bucket "backup-bucket" must set ' +
                "`destination.encryptionConfiguration.replicaKmsKeyId`",
        ]);
    });

    it("fails replication into a bucket that is not a (locked) backup bucket", async () => {
        const specs = backupStack();
        find(specs, "backup-replica-bucket").props.tags = { "strongbox:backup-bucket": "false" };
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'replication rule "replicate-backups" of backup bucket "backup-bucket" must replicate to a backup bucket ' +
                '(tag strongbox:backup-bucket: "true"), not to "backup-replica-bucket"',
        ]);
    });

    it("finds the destination through the dependencies of `rules` when its ARN is unknown at preview", async () => {
        const specs = backupStack();
        (rule(specs).destination as Record<string, unknown>).bucket = UNKNOWN;
        find(specs, "backup-replica-bucket").props.tags = { "strongbox:backup-bucket": "false" };
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'replication rule "replicate-backups" of backup bucket "backup-bucket" must replicate to a backup bucket ' +
                '(tag strongbox:backup-bucket: "true"), not to "backup-replica-bucket"',
        ]);
    });

    it("reports a destination outside the stack as advisory", async () => {
        const specs = backupStack();
        (rule(specs).destination as Record<string, unknown>).bucket = "arn:aws:s3:::elsewhere";
        find(specs, "backup-replica-replication").propertyDependencies!.rules = ["backup-replica-key"];
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-bucket-replication' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                'destination "arn:aws:s3:::elsewhere" of replication rule "replicate-backups" of backup bucket "backup-bucket", which is not in this stack',
        ]);
    });
});
