/** `vaultType: "air-gapped"`: logically air-gapped vaults instead of standard vaults with a lock resource. */
import { expect } from "chai";
import { buildVaultAccessPolicy } from "../../../components/cross-account-vault/vault-policy";
import { installMocks, promiseOf, RecordedResource, settle } from "../../harness/offline-mocks";
import { BACKUP, BREAK_GLASS, DEPLOYER, full, ORG, SOURCE } from "./fixtures";

type VaultModule = typeof import("../../../components/cross-account-vault");

describe("CrossAccountVault, air-gapped", () => {
    let recorded: RecordedResource[];
    let vault: InstanceType<VaultModule["CrossAccountVault"]>;
    const named = (name: string) => {
        const r = recorded.find((x) => x.name === name);
        if (!r) throw new Error(`no ${name}; recorded: ${recorded.map((x) => x.name).join(", ")}`);
        return r;
    };

    before(async () => {
        recorded = await installMocks();
        const mod = await import("../../../components/cross-account-vault");
        vault = new mod.CrossAccountVault("lag", { ...full, vaultType: "air-gapped" });
        await settle();
    });

    it("declares logically air-gapped vaults with the lock bounds and the component's own keys", () => {
        for (const [prefix, vaultName] of [
            ["lag", "cav-full-vault"],
            ["lag-sensitive", "cav-full-vault-sensitive"],
        ]) {
            const lag = named(`${prefix}-air-gapped-vault`);
            expect(lag.type).to.equal("aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault");
            expect(lag.inputs).to.include({
                name: vaultName,
                minRetentionDays: 40,
                maxRetentionDays: 500,
                encryptionKeyArn: named(`${prefix}-key`).state.arn,
            });
            expect(lag.protect, prefix).to.equal(true);
        }
    });

    it("declares no standard vault and no lock resource (AWS locks an air-gapped vault itself)", () => {
        const types = recorded.map((r) => r.type);
        expect(types).to.not.include("aws:backup/vault:Vault");
        expect(types).to.not.include("aws:backup/vaultLockConfiguration:VaultLockConfiguration");
    });

    it("gives the air-gapped vault the same access policy, by name", () => {
        const policy = named("lag-policy");
        expect(policy.inputs.backupVaultName).to.equal("cav-full-vault");
        expect(JSON.parse(policy.inputs.policy as string)).to.deep.equal(
            buildVaultAccessPolicy({
                vaultArn: named("lag-air-gapped-vault").state.arn as string,
                sourceAccountIds: [SOURCE],
                organizationId: ORG,
                breakGlassRoleArn: BREAK_GLASS,
                deployerRoleArns: [DEPLOYER],
            }),
        );
    });

    it("exports its type and bounds the way the locked vault does", async () => {
        expect(vault.vaultType).to.equal("air-gapped");
        expect(await promiseOf(vault.vaultArn)).to.contain(`:${BACKUP}:`);
        expect(await promiseOf(vault.vaultMinRetentionDays)).to.equal(40);
        expect(await promiseOf(vault.vaultMaxRetentionDays)).to.equal(500);
        expect(await promiseOf(vault.sensitiveVaultMaxRetentionDays!)).to.equal(500);
    });
});
