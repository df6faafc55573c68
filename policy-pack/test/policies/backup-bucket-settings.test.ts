/** Versioning, public access block, ownership controls and forceDestroy: one small policy each. */
import { expect } from "chai";
import { backupBucketNoForceDestroy } from "../../policies/backup-bucket-no-force-destroy";
import { backupBucketOwnershipEnforced } from "../../policies/backup-bucket-ownership-enforced";
import { backupBucketPublicAccessBlock } from "../../policies/backup-bucket-public-access-block";
import { backupBucketVersioning } from "../../policies/backup-bucket-versioning";
import { T } from "../../lib/types";
import { backupStack, find, without } from "../fixtures";
import { runResourcePolicy, runStackPolicy, UNKNOWN_BOOLEAN } from "../helpers";

describe("backup-bucket-versioning", () => {
    const policy = backupBucketVersioning;
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });
    it("fails suspended versioning (also on the deprecated V2 class)", async () => {
        for (const type of [T.versioning, T.versioningV2]) {
            const specs = backupStack();
            find(specs, "backup-versioning").type = type;
            find(specs, "backup-versioning").props.versioningConfiguration = { status: "Suspended" };
            expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
                'versioning of backup bucket "backup-bucket" must be "Enabled" (got "Suspended")',
            ]);
        }
    });
    it("fails a backup bucket without versioning", async () => {
        const specs = without(backupStack(), "backup-replica-versioning");
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'backup bucket "backup-replica-bucket" must have a BucketVersioning with status "Enabled"',
        ]);
    });
});

describe("backup-bucket-public-access-block", () => {
    const policy = backupBucketPublicAccessBlock;
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });
    for (const flag of [
        "blockPublicAcls",
        "blockPublicPolicy",
        "ignorePublicAcls",
        "restrictPublicBuckets",
    ]) {
        it(`fails ${flag} false`, async () => {
            const specs = backupStack();
            find(specs, "backup-public-access-block").props[flag] = false;
            expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
                `public access block of backup bucket "backup-bucket" must set \`${flag}: true\``,
            ]);
        });
    }
    it("fails a backup bucket without a public access block", async () => {
        const specs = without(backupStack(), "backup-public-access-block");
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'backup bucket "backup-bucket" must have a BucketPublicAccessBlock with all four settings true',
        ]);
    });
    it("reports an unknown flag as advisory", async () => {
        const specs = backupStack();
        find(specs, "backup-public-access-block").props.blockPublicPolicy = UNKNOWN_BOOLEAN;
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-bucket-public-access-block' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                'blockPublicPolicy of backup bucket "backup-bucket"',
        ]);
    });
});

describe("backup-bucket-ownership-enforced", () => {
    const policy = backupBucketOwnershipEnforced;
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });
    it("fails ObjectWriter", async () => {
        const specs = backupStack();
        find(specs, "backup-ownership").props.rule = { objectOwnership: "ObjectWriter" };
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'object ownership of backup bucket "backup-bucket" must be "BucketOwnerEnforced" (got "ObjectWriter")',
        ]);
    });
    it("fails a backup bucket without ownership controls", async () => {
        const specs = without(backupStack(), "backup-ownership");
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'backup bucket "backup-bucket" must have BucketOwnershipControls with "BucketOwnerEnforced"',
        ]);
    });
});

describe("backup-bucket-no-force-destroy", () => {
    const policy = backupBucketNoForceDestroy;
    it("passes a backup bucket without forceDestroy and ignores other resources", async () => {
        for (const spec of backupStack()) {
            const report = await runResourcePolicy(policy, spec);
            expect([...report.mandatory, ...report.advisory], spec.name).to.deep.equal([]);
        }
    });
    it("fails forceDestroy on a backup bucket (Bucket and BucketV2), not on the access-log bucket", async () => {
        for (const type of [T.bucket, T.bucketV2]) {
            const bucket = { ...find(backupStack(), "backup-bucket"), type };
            bucket.props.forceDestroy = true;
            expect((await runResourcePolicy(policy, bucket)).mandatory).to.deep.equal([
                'backup bucket "backup-bucket" must not set `forceDestroy: true`',
            ]);
        }
        const logs = find(backupStack(), "backup-access-logs-bucket");
        logs.props.forceDestroy = true;
        expect((await runResourcePolicy(policy, logs)).mandatory).to.deep.equal([]);
    });
});
