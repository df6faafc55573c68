import { expect } from "chai";
import { backupBucketObjectLock as policy } from "../../policies/backup-bucket-object-lock";
import { T } from "../../lib/types";
import { backupStack, find, without } from "../fixtures";
import { runStackPolicy, Spec, UNKNOWN } from "../helpers";

const lock = (specs: Spec[]) => find(specs, "backup-object-lock");
const retention = (specs: Spec[]) =>
    (lock(specs).props.rule as Record<string, unknown>).defaultRetention as Record<string, unknown>;

describe("backup-bucket-object-lock", () => {
    it("passes the backup stack (primary and replica locked, access-log bucket excluded by its tag)", async () => {
        const report = await runStackPolicy(policy, backupStack());
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([]);
    });

    it("fails a bucket without objectLockEnabled", async () => {
        const specs = backupStack();
        delete find(specs, "backup-bucket").props.objectLockEnabled;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'backup bucket "backup-bucket" must set `objectLockEnabled: true`',
        ]);
    });

    it("fails a backup bucket without a lock configuration", async () => {
        const specs = without(backupStack(), "backup-object-lock");
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'backup bucket "backup-bucket" must have a BucketObjectLockConfiguration with a default retention',
        ]);
    });

    it("fails GOVERNANCE mode", async () => {
        const specs = backupStack();
        retention(specs).mode = "GOVERNANCE";
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'Object Lock default retention of backup bucket "backup-bucket" must be in COMPLIANCE mode (got "GOVERNANCE")',
        ]);
    });

    it("fails retention below the minimum, and honours a configured minimum", async () => {
        const specs = backupStack();
        retention(specs).days = 7;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'Object Lock default retention of backup bucket "backup-bucket" must be at least 30 days (got 7)',
        ]);
        expect(
            (await runStackPolicy(policy, backupStack(), { config: { minRetentionDays: 60 } })).mandatory,
        ).to.deep.equal([
            'Object Lock default retention of backup bucket "backup-bucket" must be at least 60 days (got 35)',
            'Object Lock default retention of backup bucket "backup-replica-bucket" must be at least 60 days (got 35)',
        ]);
    });

    it("fails retention above the maximum (years count as 365 days)", async () => {
        const specs = backupStack();
        delete retention(specs).days;
        retention(specs).years = 11;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'Object Lock default retention of backup bucket "backup-bucket" must be at most 3650 days (got 4015)',
        ]);
    });

    it("fails a rule without default retention, and a configuration not Enabled", async () => {
        const specs = backupStack();
        lock(specs).props.rule = {};
        lock(specs).props.objectLockEnabled = "Disabled";
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'Object Lock configuration of backup bucket "backup-bucket" must set `objectLockEnabled: "Enabled"` (got "Disabled")',
            'Object Lock configuration of backup bucket "backup-bucket" must set a default retention',
        ]);
    });

    it("covers the deprecated V2 classes", async () => {
        const specs = backupStack();
        find(specs, "backup-bucket").type = T.bucketV2;
        lock(specs).type = T.objectLockV2;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([]);
        retention(specs).mode = "GOVERNANCE";
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'Object Lock default retention of backup bucket "backup-bucket" must be in COMPLIANCE mode (got "GOVERNANCE")',
        ]);
    });

    it("ties the lock to its bucket at preview, when `bucket` is unknown, by propertyDependencies", async () => {
        const specs = backupStack();
        lock(specs).props.bucket = UNKNOWN;
        retention(specs).mode = "GOVERNANCE";
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([
            'Object Lock default retention of backup bucket "backup-bucket" must be in COMPLIANCE mode (got "GOVERNANCE")',
        ]);
        expect(report.advisory).to.deep.equal([]);
    });

    it("ties the lock to its bucket by dependencies or parent when propertyDependencies are missing", async () => {
        const specs = backupStack();
        lock(specs).props.bucket = UNKNOWN;
        delete lock(specs).propertyDependencies;
        lock(specs).dependsOn = ["backup-bucket", "backup-versioning"];
        retention(specs).days = 1;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'Object Lock default retention of backup bucket "backup-bucket" must be at least 30 days (got 1)',
        ]);
        delete lock(specs).dependsOn;
        lock(specs).parent = "backup-bucket";
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'Object Lock default retention of backup bucket "backup-bucket" must be at least 30 days (got 1)',
        ]);
    });

    it("ties the lock to its bucket by value when there is no dependency information", async () => {
        const specs = backupStack();
        delete lock(specs).propertyDependencies;
        delete lock(specs).dependsOn;
        lock(specs).parent = undefined;
        retention(specs).days = 2;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'Object Lock default retention of backup bucket "backup-bucket" must be at least 30 days (got 2)',
        ]);
    });

    it("still selects a bucket by its own tags when its provider default tags (tagsAll) are unknown at preview", async () => {
        const specs = backupStack();
        find(specs, "backup-bucket").props.tagsAll = UNKNOWN;
        retention(specs).mode = "GOVERNANCE";
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([
            'Object Lock default retention of backup bucket "backup-bucket" must be in COMPLIANCE mode (got "GOVERNANCE")',
        ]);
        expect(report.advisory).to.deep.equal([]);
    });

    it("reports a bucket whose own tags are unknown as advisory: it may be a backup bucket", async () => {
        const specs = backupStack();
        find(specs, "backup-bucket").props.tags = UNKNOWN;
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-bucket-object-lock' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                'tags of bucket "backup-bucket"',
        ]);
    });

    it("reports an unknown lock mode as advisory, not as a pass", async () => {
        const specs = backupStack();
        retention(specs).mode = UNKNOWN;
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-bucket-object-lock' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                'lock mode of lock configuration "backup-object-lock"',
        ]);
    });

    it("selects backup buckets by name prefix when untagged, and the tag's explicit other value wins", async () => {
        const specs = backupStack();
        const logs = find(specs, "backup-access-logs-bucket");
        const config = { backupBucketNamePrefixes: ["acme-strongbox-"] };
        expect((await runStackPolicy(policy, specs, { config })).mandatory).to.deep.equal([]);
        logs.props.tags = {};
        expect((await runStackPolicy(policy, specs, { config })).mandatory).to.deep.equal([
            'backup bucket "backup-access-logs-bucket" must set `objectLockEnabled: true`',
            'backup bucket "backup-access-logs-bucket" must have a BucketObjectLockConfiguration with a default retention',
        ]);
    });

    it("is disabled by `enforcementLevel: disabled` and downgraded by advisory", async () => {
        const specs = backupStack();
        retention(specs).mode = "GOVERNANCE";
        expect(
            (await runStackPolicy(policy, specs, { config: { enforcementLevel: "disabled" } })).mandatory,
        ).to.deep.equal([]);
        expect(
            (await runStackPolicy(policy, specs, { config: { enforcementLevel: "advisory" } })).advisory,
        ).to.have.length(1);
    });
});
