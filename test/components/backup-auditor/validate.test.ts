/** BackupAuditor argument validation: pure, no Pulumi engine. Each bad input is named with its fix. */
import { expect } from "chai";
import type { BackupAuditorArgs } from "../../../components/backup-auditor/args";
import {
    backupAuditorProblems,
    validateBackupAuditorArgs,
} from "../../../components/backup-auditor/validate";
import { auditorArgs, BACKUP, HOME, SOURCE_REGION } from "./fixtures";

const problems = (over: Partial<BackupAuditorArgs>) =>
    backupAuditorProblems(auditorArgs(over)).map((p) => `\`${p.field}\` ${p.message}`);

describe("BackupAuditor validation", () => {
    it("accepts the fixture", () => {
        expect(() => validateBackupAuditorArgs(auditorArgs())).to.not.throw();
    });

    it("refuses an override for a database no writer backs up, naming the databases there are", () => {
        expect(problems({ databases: { payroll: { rpoHours: 12 } } })).to.deep.equal([
            "`databases.payroll` names a database no writer backs up (appdb, billing, ledger); fix the name or remove the override",
        ]);
    });

    it("refuses RPO, RTO and server versions outside their bounds, per database too", () => {
        expect(problems({ rpoHours: 0 })).to.deep.equal(["`rpoHours` must be at least 1 (got 0)"]);
        expect(problems({ databases: { appdb: { rpoHours: 200, pgMajorVersion: 11 } } })).to.deep.equal([
            "`databases.appdb.rpoHours` must be at most 168 (CloudWatch evaluates an alarm over at most 7 days) (got 200)",
            "`databases.appdb.pgMajorVersion` must be at least 12 (PostgreSQL 12 to 17) (got 11)",
        ]);
    });

    it("refuses missing-result windows CloudWatch cannot evaluate", () => {
        expect(problems({ drillMissingAfterDays: 8, verifyMissingAfterHours: 169 })).to.deep.equal([
            "`verifyMissingAfterHours` must be at most 168 (CloudWatch evaluates an alarm over at most 7 days) (got 169)",
            "`drillMissingAfterDays` must be at most 7 (CloudWatch evaluates an alarm over at most 7 days) (got 8)",
        ]);
    });

    it("refuses a receipt lock shorter than the bucket's retention or beyond its maximum, the default too", () => {
        expect(problems({ receiptRetentionDays: 34 })).to.deep.equal([
            "`receiptRetentionDays` must be at least 35, the bucket's default retention: a receipt is locked no " +
                "shorter than a dump; set a longer one (got 34)",
        ]);
        expect(problems({ receiptRetentionDays: 501 })).to.deep.equal([
            "`receiptRetentionDays` must be at most 500, the bucket's maximum retention: its policy refuses a " +
                "longer lock; set a shorter one (got 501)",
        ]);
        const bucket = { ...auditorArgs().bucket, maxRetentionDays: 365 };
        expect(problems({ bucket, receiptRetentionDays: undefined })[0]).to.contain("(got 400)");
        expect(problems({ receiptRetentionDays: 35.5 })[0]).to.contain("must be a whole number");
    });

    it("refuses a schedule EventBridge Scheduler would refuse, naming the job", () => {
        const [p] = problems({ schedules: { drill: "cron(0 6 * * *)" } });
        expect(p).to.match(/^`schedules\.drill` /);
    });

    it("refuses a drill schedule name over Scheduler's 64 characters", () => {
        const long = "d".repeat(40);
        expect(problems({ writers: [{ keyPrefix: "p".repeat(30), databases: [long] }] })[0]).to.contain(
            "`writers[0].databases[0]` gives the drill schedule name",
        );
    });

    it("refuses restore testing in a region without a vault, or without a security group", () => {
        expect(
            problems({
                restoreTesting: {
                    regions: {
                        "eu-west-1": { dbSubnetGroupName: "x", securityGroupIds: ["sg-0123456789abcdef0"] },
                        [SOURCE_REGION]: { dbSubnetGroupName: "restore-tests", securityGroupIds: [] },
                    },
                },
            }),
        ).to.deep.equal([
            `\`restoreTesting.regions.eu-west-1\` is not a region of the stack's vaults (${HOME}, ${SOURCE_REGION}): there is nothing to restore there`,
            `\`restoreTesting.regions.${SOURCE_REGION}.securityGroupIds\` must list at least one security group: without one the restored instance gets the VPC's default group`,
        ]);
    });

    it("refuses report roles outside the backup account and a report bucket S3 would refuse", () => {
        const p = problems({
            reports: {
                bucketName: "Reports_Bucket",
                keyAdminRoleArns: ["arn:aws:iam::222222222222:role/admin"],
                breakGlassRoleArn: `arn:aws:iam::${BACKUP}:role/strongbox-break-glass`,
                deployerRoleArns: [],
            },
        });
        expect(p.join("\n")).to.contain("`reports.bucketName` must be a valid S3 bucket name");
        expect(p.join("\n")).to.contain(
            `\`reports.keyAdminRoleArns[0]\` must be a role in the backup account ${BACKUP}`,
        );
        expect(p.join("\n")).to.contain(
            "`reports.deployerRoleArns` must list at least one deployer role ARN",
        );
    });

    it("lists every problem at once, and throws them together", () => {
        const bad = auditorArgs({ namePrefix: "X", rtoSeconds: 0, notificationEmails: ["nobody"] });
        expect(backupAuditorProblems(bad)).to.have.length(3);
        expect(() => validateBackupAuditorArgs(bad)).to.throw(
            /Invalid BackupAuditor arguments:\n {2}- `namePrefix`[^]*`rtoSeconds`[^]*`notificationEmails\[0\]`/,
        );
    });
});
