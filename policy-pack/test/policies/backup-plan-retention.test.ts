import { expect } from "chai";
import { backupPlanRetention as policy } from "../../policies/backup-plan-retention";
import { find, sourceStack, VAULT_ARN } from "../fixtures";
import { runResourcePolicy, Spec, UNKNOWN_NUMBER } from "../helpers";

type Rule = { lifecycle?: Record<string, unknown>; copyActions?: { lifecycle?: Record<string, unknown> }[] };
const plan = (): { spec: Spec; rules: Rule[] } => {
    const spec = find(sourceStack(), "source-plan");
    return { spec, rules: spec.props.rules as Rule[] };
};

describe("backup-plan-retention", () => {
    it("passes the source plan and ignores other resources", async () => {
        for (const spec of sourceStack()) {
            const report = await runResourcePolicy(policy, spec);
            expect([...report.mandatory, ...report.advisory], spec.name).to.deep.equal([]);
        }
    });

    it("fails a rule that keeps recovery points less than the minimum", async () => {
        const { spec, rules } = plan();
        rules[0].lifecycle = { deleteAfter: 7 };
        expect((await runResourcePolicy(policy, spec)).mandatory).to.deep.equal([
            'rule "daily" of backup plan "source-plan" must keep recovery points at least 30 days (`deleteAfter` is 7)',
        ]);
    });

    it("fails a copy action that keeps copies less than the minimum", async () => {
        const { spec, rules } = plan();
        rules[0].copyActions![0].lifecycle = { deleteAfter: 14 };
        expect((await runResourcePolicy(policy, spec)).mandatory).to.deep.equal([
            `copy action to "${VAULT_ARN}" in rule "daily" of backup plan "source-plan" must keep recovery points at least 30 days (\`deleteAfter\` is 14)`,
        ]);
    });

    it("fails a rule or copy action without deleteAfter", async () => {
        const { spec, rules } = plan();
        delete rules[0].lifecycle;
        delete rules[0].copyActions![0].lifecycle;
        expect((await runResourcePolicy(policy, spec)).mandatory).to.deep.equal([
            'rule "daily" of backup plan "source-plan" must set `lifecycle.deleteAfter` (at least 30 days)',
            `copy action to "${VAULT_ARN}" in rule "daily" of backup plan "source-plan" must set \`lifecycle.deleteAfter\` (at least 30 days)`,
        ]);
    });

    it("fails retention above the maximum", async () => {
        const { spec, rules } = plan();
        rules[1].lifecycle = { deleteAfter: 4000 };
        expect((await runResourcePolicy(policy, spec)).mandatory).to.deep.equal([
            'rule "monthly" of backup plan "source-plan" must keep recovery points at most 3650 days (`deleteAfter` is 4000)',
        ]);
    });

    it("fails a cold-storage transition that AWS rejects (less than 90 days before deletion)", async () => {
        const { spec, rules } = plan();
        rules[1].lifecycle = { coldStorageAfter: 30, deleteAfter: 100 };
        expect((await runResourcePolicy(policy, spec)).mandatory).to.deep.equal([
            'rule "monthly" of backup plan "source-plan" must keep recovery points at least 90 days in cold storage ' +
                "(`deleteAfter` 100 - `coldStorageAfter` 30 = 70)",
        ]);
    });

    it("reports an unknown deleteAfter as advisory", async () => {
        const { spec, rules } = plan();
        rules[0].lifecycle = { deleteAfter: UNKNOWN_NUMBER };
        const report = await runResourcePolicy(policy, spec);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-plan-retention' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                'deleteAfter of rule "daily" of backup plan "source-plan"',
        ]);
    });
});
