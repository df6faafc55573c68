/**
 * Audit Manager and restore testing under Pulumi mocks: every control with its parameters, in every vault
 * region; the four report plans; the locked, encrypted report bucket and what may write into it; the restore
 * testing plan and selection.
 */
import { expect } from "chai";
import { FRAMEWORK_CONTROL_NAMES } from "../../../components/backup-auditor/framework/controls";
import { backupReportsServiceRole } from "../../../components/backup-auditor/reports/policies";
import { RecordedResource } from "../../harness/offline-mocks";
import {
    auditorArgs,
    BACKUP,
    declareAuditor,
    doc,
    HOME,
    named,
    ofType,
    SOURCE_REGION,
    vaultArn,
} from "./fixtures";

type Control = { name: string; inputParameters: Array<{ name: string; value: string }>; scope?: unknown };

describe("BackupAuditor framework, reports and restore testing", () => {
    let rs: RecordedResource[];
    before(async () => {
        rs = await declareAuditor();
    });
    const controls = (region: string) =>
        named(rs, "aws:backup/framework:Framework", `audit-framework-${region}`).inputs.controls as Control[];
    const params = (region: string, control: string) =>
        Object.fromEntries(
            controls(region)
                .find((c) => c.name === control)!
                .inputParameters.map((p) => [p.name, p.value]),
        );

    it("declares the framework in every vault region (Config judges recovery points where they are)", () => {
        const frameworks = ofType(rs, "aws:backup/framework:Framework");
        expect(frameworks.map((f) => f.inputs.region).sort()).to.deep.equal([HOME, SOURCE_REGION].sort());
        for (const f of frameworks) expect(f.inputs.name).to.equal("strongbox_test_backups");
    });

    it("has every control, each with its parameters from the args and the vault lock", () => {
        expect(controls(HOME).map((c) => c.name)).to.deep.equal([...FRAMEWORK_CONTROL_NAMES]);
        expect(params(HOME, "BACKUP_RECOVERY_POINT_ENCRYPTED")).to.deep.equal({});
        expect(params(HOME, "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK")).to.deep.equal({
            requiredRetentionDays: "35",
        });
        expect(params(HOME, "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK")).to.deep.equal({
            requiredFrequencyUnit: "hours",
            requiredFrequencyValue: "24",
            requiredRetentionDays: "35",
        });
        expect(params(HOME, "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED")).to.deep.equal({});
        expect(params(HOME, "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK")).to.deep.equal({
            minRetentionDays: "35",
            maxRetentionDays: "400",
        });
        expect(params(HOME, "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT")).to.deep.equal({
            crossAccountList: BACKUP,
        });
        expect(params(HOME, "BACKUP_LAST_RECOVERY_POINT_CREATED")).to.deep.equal({
            recoveryPointAgeUnit: "hours",
            recoveryPointAgeValue: "26",
        });
        expect(params(HOME, "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET")).to.deep.equal({
            maxRestoreTime: "240",
        });
        expect(
            controls(HOME).find((c) => c.name === "BACKUP_LAST_RECOVERY_POINT_CREATED")!.scope,
        ).to.deep.equal({
            complianceResourceTypes: ["RDS", "Aurora"],
        });
        expect(controls(SOURCE_REGION)).to.deep.equal(controls(HOME));
    });

    it("reports control compliance over every framework and jobs over every vault region, into the report bucket", () => {
        const plans = ofType(rs, "aws:backup/reportPlan:ReportPlan");
        const bucket = named(rs, "aws:s3/bucket:Bucket", "audit-reports-bucket").inputs.bucket;
        const setting = (template: string) =>
            plans.find(
                (p) => (p.inputs.reportSetting as { reportTemplate: string }).reportTemplate === template,
            )!.inputs.reportSetting as Record<string, unknown>;
        expect(
            plans.map((p) => (p.inputs.reportSetting as { reportTemplate: string }).reportTemplate).sort(),
        ).to.deep.equal([
            "BACKUP_JOB_REPORT",
            "CONTROL_COMPLIANCE_REPORT",
            "COPY_JOB_REPORT",
            "RESTORE_JOB_REPORT",
        ]);
        expect(setting("CONTROL_COMPLIANCE_REPORT").frameworkArns).to.have.members(
            ofType(rs, "aws:backup/framework:Framework").map((f) => f.state.arn),
        );
        for (const t of ["BACKUP_JOB_REPORT", "COPY_JOB_REPORT", "RESTORE_JOB_REPORT"])
            expect(setting(t).regions, t).to.have.members([HOME, SOURCE_REGION]);
        for (const p of plans) {
            expect(p.inputs.reportDeliveryChannel).to.deep.include({
                s3BucketName: bucket,
                formats: ["CSV", "JSON"],
            });
            expect(p.inputs.region).to.equal(HOME);
        }
    });

    it("keeps reports in a bucket locked in COMPLIANCE mode and encrypted with its own key, both protected", () => {
        expect(
            named(
                rs,
                "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
                "audit-reports-object-lock",
            ).inputs.rule,
        ).to.deep.equal({
            defaultRetention: { mode: "COMPLIANCE", days: 365 },
        });
        const key = named(rs, "aws:kms/key:Key", "audit-reports-key");
        const sse = named(
            rs,
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "audit-reports-encryption",
        );
        expect(JSON.stringify(sse.inputs.rules))
            .to.contain(key.state.arn as string)
            .and.contain('"aws:kms"');
        const bucket = named(rs, "aws:s3/bucket:Bucket", "audit-reports-bucket");
        expect(bucket.protect && key.protect).to.equal(true);
        expect(bucket.inputs.tags).to.deep.include({
            "strongbox:backup-bucket": "false",
            "strongbox:bucket-role": "audit-reports",
        });
    });

    it("lets only AWS Backup's report role write reports (with the owner ACL) and use the report key", () => {
        const reportsRole = backupReportsServiceRole("aws", BACKUP);
        const policy = doc(named(rs, "aws:s3/bucketPolicy:BucketPolicy", "audit-reports-policy"));
        const sid = (id: string) => policy.Statement.find((s) => s.Sid === id)!;
        expect(sid("AllowBackupReportsWrite").Condition).to.deep.equal({
            ArnEquals: { "aws:PrincipalArn": reportsRole },
            StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" },
        });
        expect(sid("DenyWritesExceptBackupReports").Condition).to.deep.equal({
            ArnNotEquals: { "aws:PrincipalArn": reportsRole },
        });
        expect(JSON.stringify(sid("DenyObjectDeletion").Action)).to.contain("s3:DeleteObjectVersion");
        const key = doc(named(rs, "aws:kms/key:Key", "audit-reports-key"));
        expect(key.Statement.find((s) => s.Sid === "AllowBackupReportsEncrypt")!.Action).to.deep.equal([
            "kms:GenerateDataKey",
            "kms:Decrypt",
        ]);
        // Named by account and aws:PrincipalArn: the role does not exist before the first report.
        expect(JSON.stringify(key)).to.not.contain(`"AWS":"${reportsRole}"`);
    });

    it("restore-tests the general vault's RDS copies only where the config says how, into its network", () => {
        const plans = ofType(rs, "aws:backup/restoreTestingPlan:RestoreTestingPlan");
        expect(plans.map((p) => p.inputs.region)).to.deep.equal([SOURCE_REGION]);
        expect(plans[0].inputs).to.deep.include({
            scheduleExpression: "cron(0 8 ? * SAT *)",
            startWindowHours: 8,
            recoveryPointSelection: {
                algorithm: "LATEST_WITHIN_WINDOW",
                includeVaults: [vaultArn(SOURCE_REGION, "strongbox-test-vault")],
                recoveryPointTypes: ["SNAPSHOT"],
                selectionWindowDays: 7,
            },
        });
        const selection = named(
            rs,
            "aws:backup/restoreTestingSelection:RestoreTestingSelection",
            `audit-restore-selection-${SOURCE_REGION}`,
        );
        expect(selection.inputs).to.deep.include({
            protectedResourceType: "RDS",
            protectedResourceArns: ["*"],
            validationWindowHours: 1,
            restoreMetadataOverrides: {
                dbsubnetgroupname: "restore-tests",
                vpcsecuritygroupids: '["sg-0123456789abcdef0"]',
                dbinstanceclass: "db.t4g.medium",
            },
        });
        expect(selection.inputs.iamRoleArn).to.equal(
            named(rs, "aws:iam/role:Role", "audit-restore-role").state.arn,
        );
        expect(JSON.stringify(plans[0].inputs)).to.not.contain("sensitive");
    });

    it("takes every restore testing field from the config: schedule, windows, resource type and network", async () => {
        const configured = await declareAuditor(
            auditorArgs({
                restoreTesting: {
                    regions: {
                        [SOURCE_REGION]: {
                            dbSubnetGroupName: "aurora-restore-tests",
                            securityGroupIds: ["sg-0aaaaaaaaaaaaaaaa", "sg-0bbbbbbbbbbbbbbbb"],
                        },
                    },
                    schedule: "cron(30 2 ? * MON *)",
                    startWindowHours: 3,
                    selectionWindowDays: 14,
                    validationWindowHours: 6,
                    resourceType: "Aurora",
                },
            }),
        );
        const plan = named(
            configured,
            "aws:backup/restoreTestingPlan:RestoreTestingPlan",
            `audit-restore-testing-${SOURCE_REGION}`,
        ).inputs;
        expect(plan).to.deep.include({ scheduleExpression: "cron(30 2 ? * MON *)", startWindowHours: 3 });
        expect(plan.recoveryPointSelection).to.deep.include({ selectionWindowDays: 14 });
        const selection = named(
            configured,
            "aws:backup/restoreTestingSelection:RestoreTestingSelection",
            `audit-restore-selection-${SOURCE_REGION}`,
        ).inputs;
        expect(selection).to.deep.include({
            protectedResourceType: "Aurora",
            validationWindowHours: 6,
            restoreTestingPlanName: plan.name,
            // No instance class configured: the recovery point's own is restored.
            restoreMetadataOverrides: {
                dbsubnetgroupname: "aurora-restore-tests",
                vpcsecuritygroupids: '["sg-0aaaaaaaaaaaaaaaa","sg-0bbbbbbbbbbbbbbbb"]',
            },
        });
    });

    it("declares no restore testing, and no role for it, when the config asks for none", async () => {
        const none = await declareAuditor(auditorArgs({ restoreTesting: undefined }));
        expect(ofType(none, "aws:backup/restoreTestingPlan:RestoreTestingPlan")).to.deep.equal([]);
        expect(ofType(none, "aws:backup/restoreTestingSelection:RestoreTestingSelection")).to.deep.equal([]);
        expect(none.filter((r) => r.name === "audit-restore-role")).to.deep.equal([]);
    });
});
