import { expect } from "chai";
import { backupLogGroupRetention as policy } from "../../policies/backup-log-group-retention";
import { T } from "../../lib/types";
import { childOf, COMPONENT, sourceStack } from "../fixtures";
import { runResourcePolicy } from "../harness";

/** The runner's log group, as the source stack declares it. */
async function runnerLogs() {
    const logs = childOf(await sourceStack(), COMPONENT.runner, "-logs");
    expect(logs.type).to.equal(T.logGroup);
    return logs;
}

describe("backup-log-group-retention", () => {
    it("passes the runner's log group, and one that never expires", async () => {
        const logs = await runnerLogs();
        expect((await runResourcePolicy(policy, logs)).mandatory).to.deep.equal([]);
        delete logs.props.retentionInDays;
        expect((await runResourcePolicy(policy, logs)).mandatory).to.deep.equal([]);
    });
    it("fails a retention below the minimum, and honours a configured minimum", async () => {
        const logs = await runnerLogs();
        logs.props.retentionInDays = 7;
        expect((await runResourcePolicy(policy, logs)).mandatory).to.deep.equal([
            `log group "${logs.name}" must keep logs at least 90 days (\`retentionInDays\` is 7)`,
        ]);
        logs.props.retentionInDays = 90;
        expect(
            (await runResourcePolicy(policy, logs, { config: { minLogRetentionDays: 365 } })).mandatory,
        ).to.deep.equal([
            `log group "${logs.name}" must keep logs at least 365 days (\`retentionInDays\` is 90)`,
        ]);
    });
});
