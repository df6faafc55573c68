import { expect } from "chai";
import { backupBucketReplication as policy } from "../../policies/backup-bucket-replication";
import { T } from "../../lib/types";
import { backupStack, bucket, COMPONENT, keyOf, settingOf } from "../fixtures";
import { runStackPolicy, specUrn, UNKNOWN } from "../harness";

/** The backup stack with its primary and replica buckets and the primary's replication configuration. */
async function replication() {
    const specs = await backupStack();
    const config = settingOf(specs, T.replication, "primary");
    const rule = (config.props.rules as Record<string, unknown>[])[0];
    return { specs, config, rule, primary: bucket(specs, "primary"), replica: bucket(specs, "replica") };
}
const ruleOf = (primaryName: string, rule: Record<string, unknown>) =>
    `replication rule "${String(rule.id)}" of backup bucket "${primaryName}"`;

describe("backup-bucket-replication", () => {
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, await backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });

    it("fails replication that skips SSE-KMS objects", async () => {
        const { specs, rule, primary } = await replication();
        delete rule.sourceSelectionCriteria;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ruleOf(primary.name, rule)} must set ` +
                '`sourceSelectionCriteria.sseKmsEncryptedObjects.status: "Enabled"` (S3 skips SSE-KMS objects otherwise)',
        ]);
    });

    it("fails replication without a replica KMS key", async () => {
        const { specs, rule, primary, replica } = await replication();
        rule.destination = { bucket: replica.props.arn };
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ruleOf(primary.name, rule)} must set ` +
                "`destination.encryptionConfiguration.replicaKmsKeyId`",
        ]);
    });

    it("fails replication into a bucket that is not a (locked) backup bucket", async () => {
        const { specs, rule, primary, replica } = await replication();
        replica.props.tags = { "strongbox:backup-bucket": "false" };
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ruleOf(primary.name, rule)} must replicate to a backup bucket ` +
                `(tag strongbox:backup-bucket: "true"), not to "${replica.name}"`,
        ]);
    });

    it("finds the destination through the dependencies of `rules` when its ARN is unknown at preview", async () => {
        const { specs, config, rule, primary, replica } = await replication();
        expect(config.propertyDependencies?.rules).to.include(specUrn(replica));
        (rule.destination as Record<string, unknown>).bucket = UNKNOWN;
        replica.props.tags = { "strongbox:backup-bucket": "false" };
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ruleOf(primary.name, rule)} must replicate to a backup bucket ` +
                `(tag strongbox:backup-bucket: "true"), not to "${replica.name}"`,
        ]);
    });

    it("reports a destination outside the stack as advisory", async () => {
        const { specs, config, rule, primary } = await replication();
        (rule.destination as Record<string, unknown>).bucket = "arn:aws:s3:::elsewhere";
        config.propertyDependencies!.rules = [specUrn(keyOf(specs, COMPONENT.replica))];
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-bucket-replication' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                `destination "arn:aws:s3:::elsewhere" of ${ruleOf(primary.name, rule)}, which is not in this stack`,
        ]);
    });
});
