/** SnapshotCopyPlan argument validation and defaults: pure, no Pulumi engine. */
import { expect } from "chai";
import { resolveRules, SnapshotCopyPlanArgs } from "../../../components/snapshot-copy-plan/args";
import {
    backupScheduleProblem,
    validateSnapshotCopyPlanArgs,
} from "../../../components/snapshot-copy-plan/validate";
import * as f from "./fixtures";

describe("SnapshotCopyPlan validation", () => {
    const expectProblem = (patch: Partial<SnapshotCopyPlanArgs>, message: string) =>
        expect(() => validateSnapshotCopyPlanArgs({ ...f.base, ...patch })).to.throw(message);

    it("accepts the fixtures", () => {
        expect(() => validateSnapshotCopyPlanArgs(f.base)).to.not.throw();
        expect(() => validateSnapshotCopyPlanArgs(f.general)).to.not.throw();
    });

    it("needs the sensitive vault when sensitive databases are selected", () => {
        expectProblem(
            { sensitiveDestination: undefined },
            "`sensitiveDestination` must be given when `sensitive` selects databases",
        );
    });

    it("keeps every AWS Backup name within 50 characters", () => {
        expectProblem(
            { namePrefix: "strongbox-production-eu-west" },
            "`namePrefix` must be 2-25 lowercase letters",
        );
    });

    it("wants the key's roles in the source account", () => {
        expectProblem(
            { keyAdminRoleArns: [`arn:aws:iam::${f.BACKUP}:role/admin`] },
            "`keyAdminRoleArns[0]` must be a role in the source account 222222222222",
        );
    });

    it("reports every problem at once", () => {
        expect(() =>
            validateSnapshotCopyPlanArgs({
                ...f.base,
                selection: {},
                rules: { daily: { retentionDays: 0 } },
                notificationEmails: ["oncall"],
            }),
        )
            .to.throw(/`selection` must name at least one/)
            .and.to.match(/`rules.daily.retentionDays` must be at least 30/)
            .and.to.match(/`notificationEmails\[0\]` must be an e-mail address/);
    });

    it("checks schedules as AWS Backup does: cron, six fields, at most hourly", () => {
        expect(backupScheduleProblem("cron(0 1 * * ? *)")).to.equal(undefined);
        expect(backupScheduleProblem("cron(0 * * * ? *)")).to.equal(undefined);
        expect(backupScheduleProblem("cron(0 1 * * *)")).to.match(/cron needs 6 fields/);
        expect(backupScheduleProblem("cron(*/30 * * * ? *)")).to.match(/at most hourly/);
        expect(backupScheduleProblem("rate(12 hours)")).to.match(/takes no rate\(\)/);
    });

    it("applies each environment's defaults, and nothing the config sets", () => {
        const daily = (environment: SnapshotCopyPlanArgs["environment"], rules = {}) =>
            resolveRules({ environment, rules })[0];
        expect(daily("staging")).to.include({
            schedule: "cron(0 2 * * ? *)",
            retentionDays: 30,
            copyRetentionDays: 30,
        });
        expect(daily("staging").coldStorageAfterDays).to.equal(undefined);
        expect(daily("development").retentionDays).to.equal(7);
        const set = daily("production", { daily: { retentionDays: 45, copyRetentionDays: 60 } });
        expect(set).to.include({
            retentionDays: 45,
            copyRetentionDays: 60,
            copyRetentionFrom: "copyRetentionDays",
        });
        expect([...set.defaulted]).to.deep.equal(["schedule"]);
        const monthly = resolveRules({ environment: "staging" })[2];
        expect(monthly).to.include({
            retentionDays: 2555,
            coldStorageAfterDays: 30,
            copyColdStorageAfterDays: 30,
        });
    });
});
