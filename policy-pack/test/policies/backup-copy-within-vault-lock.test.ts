import { expect } from "chai";
import { backupCopyWithinVaultLock as policy } from "../../policies/backup-copy-within-vault-lock";
import { T } from "../../lib/types";
import { toSpecs } from "../fixtures/offline-adapter";
import { backupStack, backupStackReference, childOf, COMPONENT, only, sourceStack } from "../fixtures";
import { runStackPolicy, Spec, UNKNOWN_NUMBER } from "../harness";
import { readStackConfig, runStackOffline } from "../../../scripts/preview-offline";

type Lifecycle = { deleteAfter?: unknown; coldStorageAfter?: unknown };
type Rule = {
    ruleName: string;
    lifecycle?: Lifecycle;
    copyActions?: { destinationVaultArn: unknown; lifecycle?: Lifecycle }[];
};
type Outputs = Record<string, unknown> & { vaultsByRegion: Record<string, Record<string, unknown>> };

/** The real source stack, its general snapshot plan's rules, and its reference to the backup stack. */
async function source() {
    const reference = await backupStackReference();
    const specs = [...(await sourceStack()), reference];
    const plan = only(
        specs,
        "general snapshot plan",
        (s) => s.type === T.plan && s.name.endsWith("-snapshots-plan"),
    );
    const rules = plan.props.rules as Rule[];
    const rule = (name: string) => rules.find((r) => r.ruleName === name)!;
    return { specs, plan, rule, outputs: reference.props.outputs as Outputs };
}

/** A plan added to a backup stack, copying into `vaultArn` with `deleteAfter`. */
function addedPlan(vaultArn: unknown, deleteAfter: unknown): Spec {
    return {
        type: T.plan,
        name: "added-plan",
        props: {
            rules: [
                {
                    ruleName: "daily",
                    targetVaultName: "Default",
                    lifecycle: { deleteAfter: 35 },
                    copyActions: [{ destinationVaultArn: vaultArn, lifecycle: { deleteAfter } }],
                },
            ],
        },
    };
}

describe("backup-copy-within-vault-lock", () => {
    it("passes the real source stack, whose copies fit the lock its StackReference shows", async () => {
        const { specs } = await source();
        const report = await runStackPolicy(policy, specs);
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });

    it("fails a copy kept longer than the destination lock's maximum", async () => {
        const { specs, rule, outputs } = await source();
        rule("monthly").copyActions![0].lifecycle = { deleteAfter: 500, coldStorageAfter: 30 };
        const arn = outputs.vaultsByRegion["us-east-1"].vaultArn;
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `copy action to "${arn}" in rule "monthly" of backup plan "strongbox-prod-snapshots-plan" keeps copies 500 days, ` +
                'outside 35-400 days, the lock of `vaultsByRegion.us-east-1.vaultArn` of stack reference "acme/strongbox/prod-backup": ' +
                "AWS Backup would fail every such copy job",
        ]);
    });

    it("fails copies that a narrower lock in the backup stack's outputs would refuse", async () => {
        const { specs, outputs } = await source();
        outputs.vaultsByRegion["us-east-1"].vaultMinRetentionDays = 100;
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.have.length(1);
        expect(report.mandatory[0]).to.match(/in rule "daily" .* keeps copies 90 days, outside 100-400 days/);
    });

    it("checks a copy without its own lifecycle by the rule's, which it inherits", async () => {
        const { specs, rule } = await source();
        delete rule("weekly").copyActions![0].lifecycle;
        rule("weekly").lifecycle = { deleteAfter: 30 };
        expect((await runStackPolicy(policy, specs)).mandatory[0]).to.contain(
            'in rule "weekly" of backup plan "strongbox-prod-snapshots-plan" keeps copies 30 days, outside 35-400 days',
        );
    });

    it("fails a copy into a vault of the same stack outside that vault's lock", async () => {
        const specs = await backupStack();
        const vault = childOf(specs, COMPONENT.vault, "-vault");
        const passing = await runStackPolicy(policy, [...specs, addedPlan(vault.props.arn, 40)]);
        expect([...passing.mandatory, ...passing.advisory]).to.deep.equal([]);
        expect(
            (await runStackPolicy(policy, [...specs, addedPlan(vault.props.arn, 7)])).mandatory,
        ).to.deep.equal([
            `copy action to "${String(vault.props.arn)}" in rule "daily" of backup plan "added-plan" keeps copies 7 days, ` +
                `outside 35-400 days, the lock of vault "${vault.name}": AWS Backup would fail every such copy job`,
        ]);
    });

    it("fails a copy kept forever into a lock with a maximum", async () => {
        const specs = await backupStack();
        const vault = childOf(specs, COMPONENT.vault, "-vault");
        expect(
            (await runStackPolicy(policy, [...specs, addedPlan(vault.props.arn, undefined)])).mandatory[0],
        ).to.contain("keeps copies forever, outside 35-400 days");
    });

    it("reads a logically air-gapped vault's own bounds", async function () {
        this.timeout(60000);
        // The example backup stack with `vault.type: air-gapped` (its own offline preview, after the others).
        await backupStack();
        const backup = JSON.parse(readStackConfig("prod-backup")["strongbox:backup"]) as { vault: object };
        const airGapped = await runStackOffline("prod-backup", {
            "strongbox:backup": JSON.stringify({ ...backup, vault: { ...backup.vault, type: "air-gapped" } }),
        });
        const specs = toSpecs(airGapped.resources);
        const lag = only(specs, "general air-gapped vault", (s) => s.name === "vault-prod-air-gapped-vault");
        expect(lag.type).to.equal(T.airGappedVault);
        expect(
            (await runStackPolicy(policy, [...specs, addedPlan(lag.props.arn, 401)])).mandatory[0],
        ).to.contain(`keeps copies 401 days, outside 35-400 days, the lock of vault "${lag.name}"`);
    });

    it("does not judge a copy into a vault it cannot see (documented: the program checks its own)", async () => {
        const specs = await backupStack();
        const foreign = "arn:aws:backup:us-east-1:999999999999:backup-vault:elsewhere";
        const report = await runStackPolicy(policy, [...specs, addedPlan(foreign, 7)]);
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });

    it("reports an unknown retention as advisory", async () => {
        const { specs, rule } = await source();
        rule("daily").copyActions![0].lifecycle = { deleteAfter: UNKNOWN_NUMBER };
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.have.length(1);
        expect(report.advisory[0]).to.contain("not checkable until apply: deleteAfter of copy action to");
    });
});
