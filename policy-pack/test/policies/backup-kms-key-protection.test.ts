import { expect } from "chai";
import { backupKmsKeyProtection as policy } from "../../policies/backup-kms-key-protection";
import { T } from "../../lib/types";
import { backupStack, find } from "../fixtures";
import { runStackPolicy } from "../helpers";

describe("backup-kms-key-protection", () => {
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });

    it("fails rotation off on the bucket key, the replica key and the vault key", async () => {
        const specs = backupStack();
        for (const name of ["backup-key", "backup-replica-key", "vault-key"])
            find(specs, name).props.enableKeyRotation = false;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'KMS key "backup-key" encrypts backups and must set `enableKeyRotation: true`',
            'KMS key "backup-replica-key" encrypts backups and must set `enableKeyRotation: true`',
            'KMS key "vault-key" encrypts backups and must set `enableKeyRotation: true`',
        ]);
    });

    it("fails a deletion window of 7 days; an unset window is KMS's 30", async () => {
        const specs = backupStack();
        find(specs, "backup-key").props.deletionWindowInDays = 7;
        delete find(specs, "vault-key").props.deletionWindowInDays;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'KMS key "backup-key" encrypts backups and must set `deletionWindowInDays` to at least 30 (got 7)',
        ]);
    });

    it("ignores keys that protect no backup", async () => {
        const specs = backupStack();
        specs.push({
            type: T.kmsKey,
            name: "unrelated-key",
            props: { enableKeyRotation: false, deletionWindowInDays: 7 },
        });
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([]);
    });
});
