/**
 * `sourceRegions`: the vaults again in each source region, because AWS Backup copies RDS snapshots across
 * accounts only within a region. Same names, same locks and policies, own keys, own ARNs.
 */
import { expect } from "chai";
import { installMocks, promiseOf, RecordedResource, settle } from "../../harness/offline-mocks";
import { BACKUP, full } from "./fixtures";

type VaultModule = typeof import("../../../components/cross-account-vault");

describe("CrossAccountVault, source regions", () => {
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
        vault = new mod.CrossAccountVault("reg", {
            ...full,
            region: "ap-southeast-4",
            sourceRegions: ["us-east-1"],
        });
        await settle();
    });

    it("declares the same vaults, locks and policies in the source region, with their own keys", () => {
        for (const suffix of ["", "-sensitive"]) {
            const here = named(`reg${suffix}-vault`);
            const there = named(`reg-us-east-1${suffix}-vault`);
            expect(there.inputs).to.include({ name: here.inputs.name, region: "us-east-1" });
            expect(here.inputs.region).to.equal("ap-southeast-4");
            expect(named(`reg-us-east-1${suffix}-lock`).inputs).to.deep.include({
                region: "us-east-1",
                minRetentionDays: 40,
                maxRetentionDays: 500,
            });
            const key = named(`reg-us-east-1${suffix}-key`);
            expect(key.inputs.region).to.equal("us-east-1");
            expect(key.state.arn).to.not.equal(named(`reg${suffix}-key`).state.arn);
            expect(key.protect).to.equal(true);
            expect(named(`reg-us-east-1${suffix}-policy`).inputs.region).to.equal("us-east-1");
        }
    });

    it("maps each region to its vaults and their locks' bounds", async () => {
        const byRegion = {
            "ap-southeast-4": await promiseOf(vault.vaultsByRegion["ap-southeast-4"].vaultArn),
            "us-east-1": await promiseOf(vault.vaultsByRegion["us-east-1"].vaultArn),
        };
        expect(byRegion).to.deep.equal({
            "ap-southeast-4": `arn:aws:backup:ap-southeast-4:${BACKUP}:backup-vault:cav-full-vault`,
            "us-east-1": `arn:aws:backup:us-east-1:${BACKUP}:backup-vault:cav-full-vault`,
        });
        const east = vault.vaultsByRegion["us-east-1"];
        expect(await promiseOf(east.vaultMaxRetentionDays)).to.equal(500);
        expect(await promiseOf(east.sensitiveVaultArn!)).to.equal(
            `arn:aws:backup:us-east-1:${BACKUP}:backup-vault:cav-full-vault-sensitive`,
        );
        expect(await promiseOf(east.sensitiveVaultMinRetentionDays!)).to.equal(40);
    });
});
