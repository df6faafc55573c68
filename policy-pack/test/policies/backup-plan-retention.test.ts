import { expect } from "chai";
import { backupPlanRetention as policy } from "../../policies/backup-plan-retention";
import { T } from "../../lib/types";
import { backupStack, childOf, COMPONENT, sourceStack } from "../fixtures";
import { runResourcePolicy, Spec, UNKNOWN_NUMBER } from "../harness";

type Rule = { lifecycle?: Record<string, unknown>; copyActions?: { lifecycle?: Record<string, unknown> }[] };

/**
 * Added by this test, beside the source stack's own snapshot plans (which the first test passes too):
 * a small plan whose rules each test bends, a daily rule and a monthly one moving to cold storage, each
 * copied into the backup stack's vault.
 */
async function addedPlan(): Promise<{ spec: Spec; rules: Rule[]; vaultArn: string }> {
    const vaultArn = childOf(await backupStack(), COMPONENT.vault, "-vault").props.arn as string;
    const spec: Spec = {
        type: T.plan,
        name: "added-source-plan",
        props: {
            name: "strongbox-rds-snapshots",
            rules: [
                {
                    ruleName: "daily",
                    targetVaultName: "Default",
                    schedule: "cron(0 3 * * ? *)",
                    lifecycle: { deleteAfter: 35 },
                    copyActions: [{ destinationVaultArn: vaultArn, lifecycle: { deleteAfter: 35 } }],
                },
                {
                    ruleName: "monthly",
                    targetVaultName: "Default",
                    schedule: "cron(0 4 1 * ? *)",
                    lifecycle: { coldStorageAfter: 30, deleteAfter: 365 },
                    copyActions: [
                        {
                            destinationVaultArn: vaultArn,
                            lifecycle: { coldStorageAfter: 30, deleteAfter: 365 },
                        },
                    ],
                },
            ],
        },
    };
    return { spec, rules: spec.props.rules as Rule[], vaultArn };
}

describe("backup-plan-retention", () => {
    it("passes the source stack's snapshot plans and the added plan, and ignores the other resources", async () => {
        expect((await sourceStack()).filter((s) => s.type === T.plan)).to.have.length(2);
        for (const spec of [...(await sourceStack()), (await addedPlan()).spec]) {
            const report = await runResourcePolicy(policy, spec);
            expect([...report.mandatory, ...report.advisory], spec.name).to.deep.equal([]);
        }
    });

    it("fails a rule that keeps recovery points less than the minimum", async () => {
        const { spec, rules } = await addedPlan();
        rules[0].lifecycle = { deleteAfter: 7 };
        expect((await runResourcePolicy(policy, spec)).mandatory).to.deep.equal([
            `rule "daily" of backup plan "${spec.name}" must keep recovery points at least 30 days (\`deleteAfter\` is 7)`,
        ]);
    });

    it("fails a copy action that keeps copies less than the minimum", async () => {
        const { spec, rules, vaultArn } = await addedPlan();
        rules[0].copyActions![0].lifecycle = { deleteAfter: 14 };
        expect((await runResourcePolicy(policy, spec)).mandatory).to.deep.equal([
            `copy action to "${vaultArn}" in rule "daily" of backup plan "${spec.name}" must keep recovery points at least 30 days (\`deleteAfter\` is 14)`,
        ]);
    });

    it("fails a rule or copy action without deleteAfter", async () => {
        const { spec, rules, vaultArn } = await addedPlan();
        delete rules[0].lifecycle;
        delete rules[0].copyActions![0].lifecycle;
        expect((await runResourcePolicy(policy, spec)).mandatory).to.deep.equal([
            `rule "daily" of backup plan "${spec.name}" must set \`lifecycle.deleteAfter\` (at least 30 days)`,
            `copy action to "${vaultArn}" in rule "daily" of backup plan "${spec.name}" must set \`lifecycle.deleteAfter\` (at least 30 days)`,
        ]);
    });

    it("fails retention above the maximum", async () => {
        const { spec, rules } = await addedPlan();
        rules[1].lifecycle = { deleteAfter: 4000 };
        expect((await runResourcePolicy(policy, spec)).mandatory).to.deep.equal([
            `rule "monthly" of backup plan "${spec.name}" must keep recovery points at most 3650 days (\`deleteAfter\` is 4000)`,
        ]);
    });

    it("fails a cold-storage transition that AWS rejects (less than 90 days before deletion)", async () => {
        const { spec, rules } = await addedPlan();
        rules[1].lifecycle = { coldStorageAfter: 30, deleteAfter: 100 };
        expect((await runResourcePolicy(policy, spec)).mandatory).to.deep.equal([
            `rule "monthly" of backup plan "${spec.name}" must keep recovery points at least 90 days in cold storage ` +
                "(`deleteAfter` 100 - `coldStorageAfter` 30 = 70)",
        ]);
    });

    it("reports an unknown deleteAfter as advisory", async () => {
        const { spec, rules } = await addedPlan();
        rules[0].lifecycle = { deleteAfter: UNKNOWN_NUMBER };
        const report = await runResourcePolicy(policy, spec);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-plan-retention' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                `deleteAfter of rule "daily" of backup plan "${spec.name}"`,
        ]);
    });
});
