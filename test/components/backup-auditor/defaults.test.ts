/** The auditor's defaults against the rules they must agree with elsewhere (pure). */
import { expect } from "chai";
import { BACKUP_AUDITOR_DEFAULTS, auditRoleArns } from "../../../components/backup-auditor/args";
import { expectedDatabases } from "../../../components/backup-auditor/expected";
import { backupAuditorProblems } from "../../../components/backup-auditor/validate";
import { scheduleExpressionProblem } from "../../../components/common/job/schedule-expression";
import { parseVerifyConfig } from "../../../runner/config";
import { auditorArgs, BACKUP, KEY_ARN } from "./fixtures";

describe("BackupAuditor defaults", () => {
    it("holds dumps to the RPO verify itself uses when not told (one number, two sides)", () => {
        const config = parseVerifyConfig(
            { databases: "appdb" },
            { BACKUP_BUCKET: "b", BACKUP_KMS_KEY_ID: KEY_ARN, AWS_REGION: "ap-southeast-4" },
        );
        expect(config.maxAgeHours).to.equal(BACKUP_AUDITOR_DEFAULTS.rpoHours);
    });

    it("keeps a year of receipts: the default lock is longer than a year and lies within the example bucket's bounds", () => {
        const days = BACKUP_AUDITOR_DEFAULTS.receiptRetentionDays;
        expect(days).to.be.greaterThan(366);
        const problems = backupAuditorProblems({ ...auditorArgs(), receiptRetentionDays: undefined });
        expect(problems.filter((p) => p.field === "receiptRetentionDays")).to.deep.equal([]);
    });

    it("schedules only expressions EventBridge Scheduler accepts", () => {
        for (const [job, expression] of Object.entries({
            ...BACKUP_AUDITOR_DEFAULTS.schedules,
            restoreTesting: BACKUP_AUDITOR_DEFAULTS.restoreTesting.schedule,
        }))
            expect(scheduleExpressionProblem(expression), job).to.equal(undefined);
    });

    it("names the roles deterministically in the backup account (the bucket policy names them before they exist)", () => {
        expect(auditRoleArns("strongbox-prod", BACKUP)).to.deep.equal({
            auditorRoleArn: `arn:aws:iam::${BACKUP}:role/strongbox-prod-auditor`,
            canaryRoleArn: `arn:aws:iam::${BACKUP}:role/strongbox-prod-canary`,
        });
    });

    it("expects every writer's database under its own prefix, with per-database overrides over the defaults", () => {
        expect(expectedDatabases(auditorArgs())).to.deep.equal([
            {
                database: "appdb",
                keyPrefix: "layer3",
                rpoHours: 30,
                rtoSeconds: 1800,
                pgMajorVersion: 15,
                drill: true,
            },
            {
                database: "billing",
                keyPrefix: "layer3",
                rpoHours: 48,
                rtoSeconds: 1800,
                pgMajorVersion: 16,
                drill: true,
            },
            {
                database: "ledger",
                keyPrefix: "layer3-payments",
                rpoHours: 30,
                rtoSeconds: 1800,
                pgMajorVersion: 15,
                drill: false,
            },
        ]);
    });
});
