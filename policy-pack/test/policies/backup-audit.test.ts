/**
 * The BackupAuditor's rules: the framework and its controls, the report bucket, alarm actions, and the canary's
 * exemption from the writer rule. Each on the real backup stack (which passes) and one mutation per rule.
 */
import { expect } from "chai";
import { backupAlarmActions } from "../../policies/backup-alarm-actions";
import { backupAuditFramework } from "../../policies/backup-audit-framework";
import { backupAuditReportBucket } from "../../policies/backup-audit-report-bucket";
import { backupWriterIamLeastPrivilege } from "../../policies/backup-writer-iam-least-privilege";
import { T } from "../../lib/types";
import {
    addStatement,
    backupStack,
    bucket,
    childOf,
    COMPONENT,
    editDocument,
    settingOf,
    sourceStack,
    without,
} from "../fixtures";
import { runResourcePolicy, runStackPolicy, Spec } from "../harness";

const AUDITOR = COMPONENT.auditor;
const frameworks = (specs: readonly Spec[]) => specs.filter((s) => s.type === T.framework);
type Control = { name: string; inputParameters: Array<{ name: string; value: string }> };
const controlsOf = (s: Spec) => s.props.controls as Control[];

describe("backup-audit-framework", () => {
    it("passes the backup stack (a framework in both vault regions) and the source stack (no vault copied into)", async () => {
        for (const specs of [await backupStack(), await sourceStack()])
            expect((await runStackPolicy(backupAuditFramework, specs)).mandatory).to.deep.equal([]);
    });

    it("fails a vault region without a framework", async () => {
        const specs = await backupStack();
        const east = frameworks(specs).find((f) => f.props.region === "us-east-1")!;
        const report = await runStackPolicy(backupAuditFramework, without(specs, east));
        expect(report.mandatory).to.have.length(1);
        expect(report.mandatory[0]).to.match(
            /^us-east-1 holds backup vault ".*", which other accounts copy into, and must have an AWS Backup Audit Manager framework$/,
        );
    });

    it("fails a framework without a required control", async () => {
        const specs = await backupStack();
        for (const f of frameworks(specs))
            f.props.controls = controlsOf(f).filter((c) => c.name !== "BACKUP_RECOVERY_POINT_ENCRYPTED");
        const report = await runStackPolicy(backupAuditFramework, specs);
        expect(report.mandatory).to.have.length(2);
        expect(report.mandatory[0]).to.match(/must have the control\(s\) BACKUP_RECOVERY_POINT_ENCRYPTED$/);
    });

    it("fails a role exempt from manual deletion, and a retention below the minimum", async () => {
        const specs = await backupStack();
        const f = frameworks(specs)[0];
        for (const c of controlsOf(f)) {
            if (c.name === "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED")
                c.inputParameters = [{ name: "principalArnList", value: "arn:aws:iam::111111111111:role/x" }];
            if (c.name === "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK")
                c.inputParameters = [{ name: "requiredRetentionDays", value: "7" }];
        }
        expect((await runStackPolicy(backupAuditFramework, specs)).mandatory).to.deep.equal([
            `framework "${f.name}" must require at least 30 days of retention in BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK (got 7)`,
            `framework "${f.name}" must not exempt roles from BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED (principalArnList)`,
        ]);
    });
});

describe("backup-audit-report-bucket", () => {
    const reports = (specs: readonly Spec[]) => `"${bucket(specs, "audit-reports").name}"`;

    it("passes the backup stack: its report bucket is locked, versioned and encrypted with its own key", async () => {
        const specs = await backupStack();
        expect(specs.filter((s) => s.type === T.reportPlan)).to.have.length(4);
        expect((await runStackPolicy(backupAuditReportBucket, specs)).mandatory).to.deep.equal([]);
    });

    it("fails a report bucket locked in GOVERNANCE mode", async () => {
        const specs = await backupStack();
        const lock = settingOf(specs, T.objectLock, "audit-reports");
        (lock.props.rule as { defaultRetention: { mode: string } }).defaultRetention.mode = "GOVERNANCE";
        expect((await runStackPolicy(backupAuditReportBucket, specs)).mandatory).to.deep.equal([
            `report bucket ${reports(specs)} must lock every report in COMPLIANCE mode for at least 30 days (got "GOVERNANCE", 400 days)`,
        ]);
    });

    it("fails a report bucket encrypted with the AWS managed key", async () => {
        const specs = await backupStack();
        const sse = settingOf(specs, T.encryption, "audit-reports");
        const rule = (
            sse.props.rules as Array<{ applyServerSideEncryptionByDefault: Record<string, unknown> }>
        )[0];
        rule.applyServerSideEncryptionByDefault.kmsMasterKeyId = "alias/aws/s3";
        expect((await runStackPolicy(backupAuditReportBucket, specs)).mandatory).to.deep.equal([
            `report bucket ${reports(specs)} must be encrypted with SSE-KMS under a customer key`,
        ]);
    });

    it("fails a report plan that delivers to a bucket outside the stack", async () => {
        const specs = await backupStack();
        const plan = specs.find((s) => s.type === T.reportPlan)!;
        plan.propertyDependencies = {};
        (plan.props.reportDeliveryChannel as { s3BucketName: string }).s3BucketName = "someone-elses-bucket";
        expect((await runStackPolicy(backupAuditReportBucket, specs)).mandatory).to.deep.equal([
            `report plan "${plan.name}" must deliver to a bucket this stack declares, so its lock can be checked`,
        ]);
    });
});

describe("backup-alarm-actions", () => {
    it("passes every alarm of the backup stack", async () => {
        const alarms = (await backupStack()).filter((s) => s.type === T.metricAlarm);
        expect(alarms.length).to.be.greaterThan(10);
        for (const a of alarms)
            expect((await runResourcePolicy(backupAlarmActions, a)).mandatory).to.deep.equal([]);
    });

    it("fails an alarm that tells nobody, or whose actions are off", async () => {
        const alarm = (await backupStack()).find((s) => s.type === T.metricAlarm)!;
        alarm.props.alarmActions = [];
        alarm.props.actionsEnabled = false;
        expect((await runResourcePolicy(backupAlarmActions, alarm)).mandatory).to.deep.equal([
            `alarm "${alarm.name}" must keep its actions enabled (\`actionsEnabled\` is false)`,
            `alarm "${alarm.name}" must have at least one alarm action (e.g. the audit topic)`,
        ]);
    });
});

describe("backup-writer-iam-least-privilege and the immutability canary", () => {
    it("lets the canary hold DeleteObjectVersion and PutObjectRetention on its own prefix", async () => {
        const specs = await backupStack();
        expect(childOf(specs, AUDITOR, "-canary-policy").type).to.equal(T.rolePolicy);
        expect((await runStackPolicy(backupWriterIamLeastPrivilege, specs)).mandatory).to.deep.equal([]);
    });

    it("fails the same grants on a dump prefix, or by wildcard", async () => {
        const specs = await backupStack();
        const policy = childOf(specs, AUDITOR, "-canary-policy");
        const role = childOf(specs, AUDITOR, "-canary-role");
        editDocument(
            policy,
            addStatement({
                Effect: "Allow",
                Action: "s3:DeleteObjectVersion",
                Resource: "arn:aws:s3:::b/layer3/*",
            }),
        );
        editDocument(
            policy,
            addStatement({
                Effect: "Allow",
                Action: "s3:Delete*",
                Resource: "arn:aws:s3:::b/strongbox-canary/*",
            }),
        );
        expect((await runStackPolicy(backupWriterIamLeastPrivilege, specs)).mandatory).to.deep.equal([
            `backup writer role "${role.name}" must not be granted s3:DeleteObject* (RolePolicy "${policy.name}" allows "s3:DeleteObjectVersion")`,
            `backup writer role "${role.name}" must not be granted s3:DeleteObject* (RolePolicy "${policy.name}" allows "s3:Delete*")`,
        ]);
    });
});

describe("backup-writer-iam-least-privilege and the auditor's receipt locks", () => {
    it("lets the auditor hold PutObjectRetention on its receipts prefix alone", async () => {
        const specs = await backupStack();
        const policy = childOf(specs, AUDITOR, "-auditor-policy");
        expect(JSON.stringify(policy.props.policy)).to.contain("s3:PutObjectRetention");
        expect((await runStackPolicy(backupWriterIamLeastPrivilege, specs)).mandatory).to.deep.equal([]);
    });

    it("fails PutObjectRetention outside the receipts prefix, by wildcard, and any other lock action there", async () => {
        const specs = await backupStack();
        const policy = childOf(specs, AUDITOR, "-auditor-policy");
        const role = childOf(specs, AUDITOR, "-auditor-role");
        const grant = (Action: string, Resource: string | string[]) =>
            editDocument(policy, addStatement({ Effect: "Allow", Action, Resource }));
        grant("s3:PutObjectRetention", "arn:aws:s3:::b/layer3/*");
        grant("s3:PutObjectRetention", ["arn:aws:s3:::b/strongbox-receipts/*", "arn:aws:s3:::b/*"]);
        grant("s3:PutObject*", "arn:aws:s3:::b/strongbox-receipts/*");
        grant("s3:PutObjectLegalHold", "arn:aws:s3:::b/strongbox-receipts/*");
        grant("s3:DeleteObjectVersion", "arn:aws:s3:::b/strongbox-receipts/*");
        const who = `backup writer role "${role.name}" must not be granted`;
        expect((await runStackPolicy(backupWriterIamLeastPrivilege, specs)).mandatory).to.deep.equal([
            `${who} s3:PutObjectRetention (RolePolicy "${policy.name}" allows "s3:PutObjectRetention")`,
            `${who} s3:PutObjectRetention (RolePolicy "${policy.name}" allows "s3:PutObjectRetention")`,
            `${who} s3:PutObjectRetention, s3:PutObjectLegalHold (RolePolicy "${policy.name}" allows "s3:PutObject*")`,
            `${who} s3:PutObjectLegalHold (RolePolicy "${policy.name}" allows "s3:PutObjectLegalHold")`,
            `${who} s3:DeleteObject* (RolePolicy "${policy.name}" allows "s3:DeleteObjectVersion")`,
        ]);
    });
});
