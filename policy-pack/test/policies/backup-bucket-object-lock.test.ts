import { expect } from "chai";
import { backupBucketObjectLock as policy } from "../../policies/backup-bucket-object-lock";
import { T } from "../../lib/types";
import { backupStack, bucket, settingOf, without } from "../fixtures";
import { runStackPolicy, specUrn, UNKNOWN } from "../harness";

/** The backup stack with its primary bucket, that bucket's lock configuration and the lock's default retention. */
async function primary() {
    const specs = await backupStack();
    const lock = settingOf(specs, T.objectLock, "primary");
    const retention = () =>
        (lock.props.rule as Record<string, unknown>).defaultRetention as Record<string, unknown>;
    return { specs, bucket: bucket(specs, "primary"), lock, retention };
}
const retentionOf = (name: string) => `Object Lock default retention of backup bucket "${name}"`;

describe("backup-bucket-object-lock", () => {
    it("passes the backup stack (primary and replica locked, access-log bucket excluded by its tag)", async () => {
        const report = await runStackPolicy(policy, await backupStack());
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([]);
    });

    it("fails a bucket without objectLockEnabled", async () => {
        const { specs, bucket: b } = await primary();
        delete b.props.objectLockEnabled;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `backup bucket "${b.name}" must set \`objectLockEnabled: true\``,
        ]);
    });

    it("fails a backup bucket without a lock configuration", async () => {
        const { specs, bucket: b, lock } = await primary();
        expect((await runStackPolicy(policy, without(specs, lock))).mandatory).to.deep.equal([
            `backup bucket "${b.name}" must have a BucketObjectLockConfiguration with a default retention`,
        ]);
    });

    it("fails GOVERNANCE mode", async () => {
        const { specs, bucket: b, retention } = await primary();
        retention().mode = "GOVERNANCE";
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${retentionOf(b.name)} must be in COMPLIANCE mode (got "GOVERNANCE")`,
        ]);
    });

    it("fails retention below the minimum, and honours a configured minimum", async () => {
        const { specs, bucket: b, retention } = await primary();
        retention().days = 7;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${retentionOf(b.name)} must be at least 30 days (got 7)`,
        ]);
        const stack = await backupStack();
        const replica = bucket(stack, "replica");
        const days = (role: "primary" | "replica") =>
            (
                (settingOf(stack, T.objectLock, role).props.rule as Record<string, unknown>)
                    .defaultRetention as {
                    days: number;
                }
            ).days;
        expect(Math.max(days("primary"), days("replica"))).to.be.below(60);
        expect(
            (await runStackPolicy(policy, stack, { config: { minRetentionDays: 60 } })).mandatory,
        ).to.deep.equal([
            `${retentionOf(b.name)} must be at least 60 days (got ${days("primary")})`,
            `${retentionOf(replica.name)} must be at least 60 days (got ${days("replica")})`,
        ]);
    });

    it("fails retention above the maximum (years count as 365 days)", async () => {
        const { specs, bucket: b, retention } = await primary();
        delete retention().days;
        retention().years = 11;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${retentionOf(b.name)} must be at most 3650 days (got 4015)`,
        ]);
    });

    it("fails a rule without default retention, and a configuration not Enabled", async () => {
        const { specs, bucket: b, lock } = await primary();
        lock.props.rule = {};
        lock.props.objectLockEnabled = "Disabled";
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `Object Lock configuration of backup bucket "${b.name}" must set \`objectLockEnabled: "Enabled"\` (got "Disabled")`,
            `Object Lock configuration of backup bucket "${b.name}" must set a default retention`,
        ]);
    });

    it("covers the deprecated V2 classes", async () => {
        const { specs, bucket: b, lock, retention } = await primary();
        b.type = T.bucketV2;
        lock.type = T.objectLockV2;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([]);
        retention().mode = "GOVERNANCE";
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${retentionOf(b.name)} must be in COMPLIANCE mode (got "GOVERNANCE")`,
        ]);
    });

    it("ties the lock to its bucket at preview, when `bucket` is unknown, by propertyDependencies", async () => {
        const { specs, bucket: b, lock, retention } = await primary();
        expect(lock.propertyDependencies?.bucket).to.deep.equal([specUrn(b)]);
        lock.props.bucket = UNKNOWN;
        retention().mode = "GOVERNANCE";
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([
            `${retentionOf(b.name)} must be in COMPLIANCE mode (got "GOVERNANCE")`,
        ]);
        expect(report.advisory).to.deep.equal([]);
    });

    it("ties the lock to its bucket by dependencies or parent when propertyDependencies are missing", async () => {
        const { specs, bucket: b, lock, retention } = await primary();
        const versioning = settingOf(specs, T.versioning, "primary");
        lock.props.bucket = UNKNOWN;
        delete lock.propertyDependencies;
        lock.dependsOn = [specUrn(b), specUrn(versioning)];
        retention().days = 1;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${retentionOf(b.name)} must be at least 30 days (got 1)`,
        ]);
        delete lock.dependsOn;
        lock.parent = specUrn(b);
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${retentionOf(b.name)} must be at least 30 days (got 1)`,
        ]);
    });

    it("ties the lock to its bucket by value when there is no dependency information", async () => {
        const { specs, bucket: b, lock, retention } = await primary();
        delete lock.propertyDependencies;
        delete lock.dependsOn;
        lock.parent = undefined;
        retention().days = 2;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${retentionOf(b.name)} must be at least 30 days (got 2)`,
        ]);
    });

    it("still selects a bucket by its own tags when its provider default tags (tagsAll) are unknown at preview", async () => {
        const { specs, bucket: b, retention } = await primary();
        b.props.tagsAll = UNKNOWN;
        retention().mode = "GOVERNANCE";
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([
            `${retentionOf(b.name)} must be in COMPLIANCE mode (got "GOVERNANCE")`,
        ]);
        expect(report.advisory).to.deep.equal([]);
    });

    it("reports a bucket whose own tags are unknown as advisory: it may be a backup bucket", async () => {
        const { specs, bucket: b } = await primary();
        b.props.tags = UNKNOWN;
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-bucket-object-lock' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                `tags of bucket "${b.name}"`,
        ]);
    });

    it("reports an unknown lock mode as advisory, not as a pass", async () => {
        const { specs, lock, retention } = await primary();
        retention().mode = UNKNOWN;
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-bucket-object-lock' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                `lock mode of lock configuration "${lock.name}"`,
        ]);
    });

    it("selects backup buckets by name prefix when untagged, and the tag's explicit other value wins", async () => {
        const specs = await backupStack();
        const logs = bucket(specs, "access-logs");
        // The access-log bucket's own name is a prefix that selects it (and no lock configuration has it).
        const config = { backupBucketNamePrefixes: [logs.props.bucket as string] };
        expect((await runStackPolicy(policy, specs, { config })).mandatory).to.deep.equal([]);
        logs.props.tags = {};
        expect((await runStackPolicy(policy, specs, { config })).mandatory).to.deep.equal([
            `backup bucket "${logs.name}" must set \`objectLockEnabled: true\``,
            `backup bucket "${logs.name}" must have a BucketObjectLockConfiguration with a default retention`,
        ]);
    });

    it("is disabled by `enforcementLevel: disabled` and downgraded by advisory", async () => {
        const { specs, retention } = await primary();
        retention().mode = "GOVERNANCE";
        expect(
            (await runStackPolicy(policy, specs, { config: { enforcementLevel: "disabled" } })).mandatory,
        ).to.deep.equal([]);
        expect(
            (await runStackPolicy(policy, specs, { config: { enforcementLevel: "advisory" } })).advisory,
        ).to.have.length(1);
    });
});
