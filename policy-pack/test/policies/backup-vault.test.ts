/** The three vault policies: CMK encryption, compliance-mode lock, access policy denying deletion. */
import { expect } from "chai";
import { backupVaultKmsEncryption } from "../../policies/backup-vault-kms-encryption";
import { backupVaultLockCompliance } from "../../policies/backup-vault-lock-compliance";
import { backupVaultPolicyDeniesDeletion } from "../../policies/backup-vault-policy-denies-deletion";
import {
    awsManagedKeyAlias,
    backupStack,
    childOf,
    COMPONENT,
    editDocument,
    statement,
    without,
} from "../fixtures";
import { runResourcePolicy, runStackPolicy, specUrn, UNKNOWN } from "../harness";

/** The backup stack and the general vault (not the sensitive one) with its lock and access policy. */
async function vault() {
    const specs = await backupStack();
    const child = (suffix: string) => childOf(specs, COMPONENT.vault, suffix);
    return { specs, vault: child("-vault"), lock: child("-lock"), policy: child("-policy") };
}

describe("backup-vault-kms-encryption", () => {
    const policy = backupVaultKmsEncryption;
    it("passes the vault", async () => {
        const report = await runResourcePolicy(policy, (await vault()).vault);
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });
    it("fails a vault without kmsKeyArn", async () => {
        const { vault: v } = await vault();
        delete v.props.kmsKeyArn;
        expect((await runResourcePolicy(policy, v)).mandatory).to.deep.equal([
            `backup vault "${v.name}" must set \`kmsKeyArn\` to a customer-managed KMS key (without one AWS Backup uses the AWS managed key aws/backup)`,
        ]);
    });
    it("fails the aws/backup alias", async () => {
        const { vault: v } = await vault();
        v.props.kmsKeyArn = awsManagedKeyAlias("backup");
        expect((await runResourcePolicy(policy, v)).mandatory).to.deep.equal([
            `backup vault "${v.name}" must use a customer-managed KMS key, not "${awsManagedKeyAlias("backup")}"`,
        ]);
    });
    it("reports a key unknown at preview as advisory", async () => {
        const { vault: v } = await vault();
        v.props.kmsKeyArn = UNKNOWN;
        const report = await runResourcePolicy(policy, v);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            `can't run policy 'backup-vault-kms-encryption' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: kmsKeyArn of backup vault "${v.name}"`,
        ]);
    });
});

describe("backup-vault-lock-compliance", () => {
    const policy = backupVaultLockCompliance;
    const ofVault = (name: string) => `vault lock of backup vault "${name}"`;
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, await backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });
    it("fails a vault without a lock", async () => {
        const { specs, vault: v, lock } = await vault();
        expect((await runStackPolicy(policy, without(specs, lock))).mandatory).to.deep.equal([
            `backup vault "${v.name}" must have a VaultLockConfiguration`,
        ]);
    });
    it("fails a governance-mode lock (no changeableForDays)", async () => {
        const { specs, vault: v, lock } = await vault();
        delete lock.props.changeableForDays;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofVault(v.name)} must set \`changeableForDays\` (without it the lock is in governance mode and can be removed)`,
        ]);
    });
    it("fails changeableForDays below AWS's 3", async () => {
        const { specs, vault: v, lock } = await vault();
        lock.props.changeableForDays = 1;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofVault(v.name)} must set \`changeableForDays\` to at least 3 (got 1)`,
        ]);
    });
    it("fails minRetentionDays below the minimum or missing", async () => {
        const { specs, vault: v, lock } = await vault();
        lock.props.minRetentionDays = 7;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofVault(v.name)} must set \`minRetentionDays\` to at least 30 (got 7)`,
        ]);
        delete lock.props.minRetentionDays;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofVault(v.name)} must set \`minRetentionDays\` to at least 30 (got none)`,
        ]);
    });
    it("fails maxRetentionDays above the cap", async () => {
        const { specs, vault: v, lock } = await vault();
        lock.props.maxRetentionDays = 36500;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofVault(v.name)} must set \`maxRetentionDays\` to at most 3650 (got 36500)`,
        ]);
    });
    it("ties the lock to its vault by propertyDependencies when the vault name is unknown", async () => {
        const { specs, vault: v, lock } = await vault();
        expect(lock.propertyDependencies?.backupVaultName).to.deep.equal([specUrn(v)]);
        lock.props.backupVaultName = UNKNOWN;
        lock.props.minRetentionDays = 7;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofVault(v.name)} must set \`minRetentionDays\` to at least 30 (got 7)`,
        ]);
    });
});

describe("backup-vault-policy-denies-deletion", () => {
    const policy = backupVaultPolicyDeniesDeletion;
    const ofVault = (name: string) => `access policy of backup vault "${name}"`;
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, await backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });
    it("fails a vault without an access policy", async () => {
        const { specs, vault: v, policy: p } = await vault();
        expect((await runStackPolicy(policy, without(specs, p))).mandatory).to.deep.equal([
            `backup vault "${v.name}" must have a VaultPolicy`,
        ]);
    });
    it("fails an access policy that does not deny DeleteRecoveryPoint", async () => {
        const { specs, vault: v, policy: p } = await vault();
        editDocument(p, (doc) => {
            statement(doc, "DenyRecoveryPointDeletion").Action = "backup:UpdateRecoveryPointLifecycle";
        });
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofVault(v.name)} must deny backup:DeleteRecoveryPoint to every principal`,
        ]);
    });
    it("fails an access policy that is not JSON", async () => {
        const { specs, vault: v, policy: p } = await vault();
        p.props.policy = "Deny everything";
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${ofVault(v.name)} must be a valid IAM policy document`,
        ]);
    });
    it("reports an access policy unknown at preview as advisory", async () => {
        const { specs, policy: p } = await vault();
        p.props.policy = UNKNOWN;
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-vault-policy-denies-deletion' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                `policy of vault policy "${p.name}"`,
        ]);
    });
});
