import { expect } from "chai";
import { backupLogGroupRetention as policy } from "../../policies/backup-log-group-retention";
import { find, sourceStack } from "../fixtures";
import { runResourcePolicy } from "../helpers";

describe("backup-log-group-retention", () => {
    it("passes the runner's log group, and one that never expires", async () => {
        const logs = find(sourceStack(), "appdb-logs");
        expect((await runResourcePolicy(policy, logs)).mandatory).to.deep.equal([]);
        delete logs.props.retentionInDays;
        expect((await runResourcePolicy(policy, logs)).mandatory).to.deep.equal([]);
    });
    it("fails a retention below the minimum, and honours a configured minimum", async () => {
        const logs = find(sourceStack(), "appdb-logs");
        logs.props.retentionInDays = 7;
        expect((await runResourcePolicy(policy, logs)).mandatory).to.deep.equal([
            'log group "appdb-logs" must keep logs at least 90 days (`retentionInDays` is 7)',
        ]);
        logs.props.retentionInDays = 90;
        expect(
            (await runResourcePolicy(policy, logs, { config: { minLogRetentionDays: 365 } })).mandatory,
        ).to.deep.equal([
            'log group "appdb-logs" must keep logs at least 365 days (`retentionInDays` is 90)',
        ]);
    });
});
