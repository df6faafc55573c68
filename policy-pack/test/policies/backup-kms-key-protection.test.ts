import { expect } from "chai";
import { backupKmsKeyProtection as policy } from "../../policies/backup-kms-key-protection";
import { T } from "../../lib/types";
import { backupStack, COMPONENT, keyOf } from "../fixtures";
import { runStackPolicy } from "../harness";

/** The backup stack and the keys of the primary bucket, its replica and the (general) vault. */
async function keys() {
    const specs = await backupStack();
    return {
        specs,
        bucketKey: keyOf(specs, COMPONENT.bucket),
        replicaKey: keyOf(specs, COMPONENT.replica),
        vaultKey: keyOf(specs, COMPONENT.vault),
    };
}

describe("backup-kms-key-protection", () => {
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, await backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });

    it("fails rotation off on the bucket key, the replica key and the vault key", async () => {
        const { specs, bucketKey, replicaKey, vaultKey } = await keys();
        const off = [bucketKey, replicaKey, vaultKey];
        for (const key of off) key.props.enableKeyRotation = false;
        // Buckets' keys first, then replicas', then vaults': the order the policy finds them in.
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal(
            off.map(
                (key) => `KMS key "${key.name}" encrypts backups and must set \`enableKeyRotation: true\``,
            ),
        );
    });

    it("fails a deletion window of 7 days; an unset window is KMS's 30", async () => {
        const { specs, bucketKey, vaultKey } = await keys();
        bucketKey.props.deletionWindowInDays = 7;
        delete vaultKey.props.deletionWindowInDays;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `KMS key "${bucketKey.name}" encrypts backups and must set \`deletionWindowInDays\` to at least 30 (got 7)`,
        ]);
    });

    it("ignores keys that protect no backup", async () => {
        const specs = await backupStack();
        // Added here: the stacks declare no key that protects nothing.
        specs.push({
            type: T.kmsKey,
            name: "unrelated-key",
            props: { enableKeyRotation: false, deletionWindowInDays: 7 },
        });
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([]);
    });
});
