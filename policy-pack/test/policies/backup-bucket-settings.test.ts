/** Versioning, public access block, ownership controls and forceDestroy: one small policy each. */
import { expect } from "chai";
import { backupBucketNoForceDestroy } from "../../policies/backup-bucket-no-force-destroy";
import { backupBucketOwnershipEnforced } from "../../policies/backup-bucket-ownership-enforced";
import { backupBucketPublicAccessBlock } from "../../policies/backup-bucket-public-access-block";
import { backupBucketVersioning } from "../../policies/backup-bucket-versioning";
import { T } from "../../lib/types";
import { backupStack, bucket, BucketRole, settingOf, without } from "../fixtures";
import { runResourcePolicy, runStackPolicy, UNKNOWN_BOOLEAN } from "../harness";

/** The backup stack, the `role` bucket and its `type` setting. */
async function setting(type: string, role: BucketRole = "primary") {
    const specs = await backupStack();
    return { specs, bucket: bucket(specs, role), setting: settingOf(specs, type, role) };
}

describe("backup-bucket-versioning", () => {
    const policy = backupBucketVersioning;
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, await backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });
    it("fails suspended versioning (also on the deprecated V2 class)", async () => {
        for (const type of [T.versioning, T.versioningV2]) {
            const { specs, bucket: b, setting: versioning } = await setting(T.versioning);
            versioning.type = type;
            versioning.props.versioningConfiguration = { status: "Suspended" };
            expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
                `versioning of backup bucket "${b.name}" must be "Enabled" (got "Suspended")`,
            ]);
        }
    });
    it("fails a backup bucket without versioning", async () => {
        const { specs, bucket: replica, setting: versioning } = await setting(T.versioning, "replica");
        expect((await runStackPolicy(policy, without(specs, versioning))).mandatory).to.deep.equal([
            `backup bucket "${replica.name}" must have a BucketVersioning with status "Enabled"`,
        ]);
    });
});

describe("backup-bucket-public-access-block", () => {
    const policy = backupBucketPublicAccessBlock;
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, await backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });
    for (const flag of [
        "blockPublicAcls",
        "blockPublicPolicy",
        "ignorePublicAcls",
        "restrictPublicBuckets",
    ]) {
        it(`fails ${flag} false`, async () => {
            const { specs, bucket: b, setting: block } = await setting(T.publicAccessBlock);
            block.props[flag] = false;
            expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
                `public access block of backup bucket "${b.name}" must set \`${flag}: true\``,
            ]);
        });
    }
    it("fails a backup bucket without a public access block", async () => {
        const { specs, bucket: b, setting: block } = await setting(T.publicAccessBlock);
        expect((await runStackPolicy(policy, without(specs, block))).mandatory).to.deep.equal([
            `backup bucket "${b.name}" must have a BucketPublicAccessBlock with all four settings true`,
        ]);
    });
    it("reports an unknown flag as advisory", async () => {
        const { specs, bucket: b, setting: block } = await setting(T.publicAccessBlock);
        block.props.blockPublicPolicy = UNKNOWN_BOOLEAN;
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-bucket-public-access-block' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                `blockPublicPolicy of backup bucket "${b.name}"`,
        ]);
    });
});

describe("backup-bucket-ownership-enforced", () => {
    const policy = backupBucketOwnershipEnforced;
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, await backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });
    it("fails ObjectWriter", async () => {
        const { specs, bucket: b, setting: ownership } = await setting(T.ownershipControls);
        ownership.props.rule = { objectOwnership: "ObjectWriter" };
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `object ownership of backup bucket "${b.name}" must be "BucketOwnerEnforced" (got "ObjectWriter")`,
        ]);
    });
    it("fails a backup bucket without ownership controls", async () => {
        const { specs, bucket: b, setting: ownership } = await setting(T.ownershipControls);
        expect((await runStackPolicy(policy, without(specs, ownership))).mandatory).to.deep.equal([
            `backup bucket "${b.name}" must have BucketOwnershipControls with "BucketOwnerEnforced"`,
        ]);
    });
});

describe("backup-bucket-no-force-destroy", () => {
    const policy = backupBucketNoForceDestroy;
    it("passes a backup bucket without forceDestroy and ignores other resources", async () => {
        for (const spec of await backupStack()) {
            const report = await runResourcePolicy(policy, spec);
            expect([...report.mandatory, ...report.advisory], spec.name).to.deep.equal([]);
        }
    });
    it("fails forceDestroy on a backup bucket (Bucket and BucketV2), not on the access-log bucket", async () => {
        for (const type of [T.bucket, T.bucketV2]) {
            const b = { ...bucket(await backupStack(), "primary"), type };
            b.props.forceDestroy = true;
            expect((await runResourcePolicy(policy, b)).mandatory).to.deep.equal([
                `backup bucket "${b.name}" must not set \`forceDestroy: true\``,
            ]);
        }
        const logs = bucket(await backupStack(), "access-logs");
        logs.props.forceDestroy = true;
        expect((await runResourcePolicy(policy, logs)).mandatory).to.deep.equal([]);
    });
});
