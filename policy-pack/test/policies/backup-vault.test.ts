/** The three vault policies: CMK encryption, compliance-mode lock, access policy denying deletion. */
import { expect } from "chai";
import { backupVaultKmsEncryption } from "../../policies/backup-vault-kms-encryption";
import { backupVaultLockCompliance } from "../../policies/backup-vault-lock-compliance";
import { backupVaultPolicyDeniesDeletion } from "../../policies/backup-vault-policy-denies-deletion";
import { backupStack, find, without } from "../fixtures";
import { runResourcePolicy, runStackPolicy, UNKNOWN } from "../helpers";

describe("backup-vault-kms-encryption", () => {
    const policy = backupVaultKmsEncryption;
    it("passes the vault", async () => {
        const report = await runResourcePolicy(policy, find(backupStack(), "vault-vault"));
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });
    it("fails a vault without kmsKeyArn", async () => {
        const vault = find(backupStack(), "vault-vault");
        delete vault.props.kmsKeyArn;
        expect((await runResourcePolicy(policy, vault)).mandatory).to.deep.equal([
            'backup vault "vault-vault" must set `kmsKeyArn` to a customer-managed KMS key (without one AWS Backup uses the AWS managed key aws/backup)',
        ]);
    });
    it("fails the aws/backup alias", async () => {
        const vault = find(backupStack(), "vault-vault");
        vault.props.kmsKeyArn = "arn:aws:kms:ap-southeast-4:111111111111:alias/aws/backup";
        expect((await runResourcePolicy(policy, vault)).mandatory).to.deep.equal([
            'backup vault "vault-vault" must use a customer-managed KMS key, not "arn:aws:kms:ap-southeast-4:111111111111:alias/aws/backup"',
        ]);
    });
    it("reports a key unknown at preview as advisory", async () => {
        const vault = find(backupStack(), "vault-vault");
        vault.props.kmsKeyArn = UNKNOWN;
        const report = await runResourcePolicy(policy, vault);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-vault-kms-encryption' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: kmsKeyArn of backup vault \"vault-vault\"",
        ]);
    });
});

describe("backup-vault-lock-compliance", () => {
    const policy = backupVaultLockCompliance;
    const lock = (specs = backupStack()) => ({ specs, props: find(specs, "vault-lock").props });
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });
    it("fails a vault without a lock", async () => {
        expect((await runStackPolicy(policy, without(backupStack(), "vault-lock"))).mandatory).to.deep.equal([
            'backup vault "vault-vault" must have a VaultLockConfiguration',
        ]);
    });
    it("fails a governance-mode lock (no changeableForDays)", async () => {
        const { specs, props } = lock();
        delete props.changeableForDays;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'vault lock of backup vault "vault-vault" must set `changeableForDays` (without it the lock is in governance mode and can be removed)',
        ]);
    });
    it("fails changeableForDays below AWS's 3", async () => {
        const { specs, props } = lock();
        props.changeableForDays = 1;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'vault lock of backup vault "vault-vault" must set `changeableForDays` to at least 3 (got 1)',
        ]);
    });
    it("fails minRetentionDays below the minimum or missing", async () => {
        const { specs, props } = lock();
        props.minRetentionDays = 7;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'vault lock of backup vault "vault-vault" must set `minRetentionDays` to at least 30 (got 7)',
        ]);
        delete props.minRetentionDays;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'vault lock of backup vault "vault-vault" must set `minRetentionDays` to at least 30 (got none)',
        ]);
    });
    it("fails maxRetentionDays above the cap", async () => {
        const { specs, props } = lock();
        props.maxRetentionDays = 36500;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'vault lock of backup vault "vault-vault" must set `maxRetentionDays` to at most 3650 (got 36500)',
        ]);
    });
    it("ties the lock to its vault by propertyDependencies when the vault name is unknown", async () => {
        const { specs, props } = lock();
        props.backupVaultName = UNKNOWN;
        props.minRetentionDays = 7;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'vault lock of backup vault "vault-vault" must set `minRetentionDays` to at least 30 (got 7)',
        ]);
    });
});

describe("backup-vault-policy-denies-deletion", () => {
    const policy = backupVaultPolicyDeniesDeletion;
    it("passes the backup stack", async () => {
        const report = await runStackPolicy(policy, backupStack());
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });
    it("fails a vault without an access policy", async () => {
        expect(
            (await runStackPolicy(policy, without(backupStack(), "vault-policy"))).mandatory,
        ).to.deep.equal(['backup vault "vault-vault" must have a VaultPolicy']);
    });
    it("fails an access policy that does not deny DeleteRecoveryPoint", async () => {
        const specs = backupStack();
        const p = find(specs, "vault-policy");
        const doc = JSON.parse(p.props.policy as string) as { Statement: Record<string, unknown>[] };
        doc.Statement[1].Action = "backup:UpdateRecoveryPointLifecycle";
        p.props.policy = JSON.stringify(doc);
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'access policy of backup vault "vault-vault" must deny backup:DeleteRecoveryPoint to every principal',
        ]);
    });
    it("fails an access policy that is not JSON", async () => {
        const specs = backupStack();
        find(specs, "vault-policy").props.policy = "Deny everything";
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'access policy of backup vault "vault-vault" must be a valid IAM policy document',
        ]);
    });
    it("reports an access policy unknown at preview as advisory", async () => {
        const specs = backupStack();
        find(specs, "vault-policy").props.policy = UNKNOWN;
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-vault-policy-denies-deletion' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                'policy of vault policy "vault-policy"',
        ]);
    });
});
