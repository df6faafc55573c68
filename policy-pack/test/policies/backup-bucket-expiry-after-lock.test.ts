import { expect } from "chai";
import { backupBucketExpiryAfterLock as policy } from "../../policies/backup-bucket-expiry-after-lock";
import { T } from "../../lib/types";
import { backupStack, bucket, settingOf } from "../fixtures";
import { runStackPolicy, UNKNOWN_NUMBER } from "../harness";

type Rule = Record<string, unknown>;
/** The example runs the BackupAuditor, so its dumps expire under the writer's prefix (receipts on their own rule). */
const DUMP_RULE = "expire-current-versions-layer3";

async function lifecycle(role: "primary" | "replica" = "primary") {
    const specs = await backupStack();
    const spec = settingOf(specs, T.lifecycle, role);
    const rule = (spec.props.rules as Rule[]).find((r) => r.id === DUMP_RULE)!;
    return { specs, spec, rule, name: bucket(specs, role).name };
}

describe("backup-bucket-expiry-after-lock", () => {
    it("passes the backup stack, whose current versions expire a week after the 35-day lock", async () => {
        const { specs, rule } = await lifecycle();
        expect(rule.expiration).to.deep.equal({ days: 42 });
        const report = await runStackPolicy(policy, specs);
        expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
    });

    it("fails current versions expiring while they are still locked, or the day the lock lapses", async () => {
        for (const days of [30, 35]) {
            const { specs, rule, name } = await lifecycle("replica");
            rule.expiration = { days };
            expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
                `lifecycle rule "${DUMP_RULE}" of backup bucket "${name}" must expire current versions ` +
                    `after more than the lock's 35 days (it expires them after ${days})`,
            ]);
        }
    });

    it("fails an expiry on a date, and passes a bucket that keeps dumps for ever (no expiry)", async () => {
        const dated = await lifecycle();
        dated.rule.expiration = { date: "2026-12-01T00:00:00Z" };
        expect((await runStackPolicy(policy, dated.specs)).mandatory).to.deep.equal([
            `lifecycle rule "${DUMP_RULE}" of backup bucket "${dated.name}" must expire current versions ` +
                `after a number of days beyond the lock's 35, not on a date (got "2026-12-01T00:00:00Z")`,
        ]);
        const forever = await lifecycle();
        forever.spec.props.rules = (forever.spec.props.rules as Rule[]).filter((r) => r !== forever.rule);
        expect((await runStackPolicy(policy, forever.specs)).mandatory).to.deep.equal([]);
    });

    it("ignores a disabled rule and reports an unknown expiry as advisory", async () => {
        const disabled = await lifecycle();
        Object.assign(disabled.rule, { status: "Disabled", expiration: { days: 1 } });
        expect((await runStackPolicy(policy, disabled.specs)).mandatory).to.deep.equal([]);
        const unknown = await lifecycle();
        unknown.rule.expiration = { days: UNKNOWN_NUMBER };
        const report = await runStackPolicy(policy, unknown.specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.have.length(1);
        expect(report.advisory[0]).to.contain(`expiration days of lifecycle "${unknown.spec.name}"`);
    });
});
