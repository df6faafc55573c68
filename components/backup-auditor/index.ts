/**
 * BackupAuditor: the backup account proves, every day, that each backup exists, is locked, is intact and
 * restores, and says so when it is not.
 *
 * - Scheduled CodeBuild jobs run the runner's `verify` (the whole estate), `drill --ephemeral` (one database per
 *   build, in a throwaway cluster) and the immutability canary, from the same pinned bundle the dump job runs;
 *   each publishes metrics and writes a COMPLIANCE-locked receipt.
 * - Alarms on those metrics (a failure, and a silence, for each), on the canary, and on receipts S3 saw written;
 *   a dashboard; one topic for alarms, tamper events and failed audit builds.
 * - EventBridge rules on CloudTrail's record of calls that could weaken the backups, in every region that holds
 *   one of the stack's buckets, keys or vaults.
 * - An AWS Backup Audit Manager framework in every vault region, report plans into a locked report bucket, and
 *   restore testing of the vaults' RDS copies where the config says how to restore them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { declareRunnerArtifacts } from "../common/job/artifacts";
import { RECEIPTS_METRICS_FILTER, declareAuditAlarms } from "./alarms/declare";
import { BACKUP_AUDITOR_DEFAULTS, BackupAuditorArgs } from "./args";
import { dashboardBody } from "./dashboard";
import { expectedDatabases } from "./expected";
import { declareFrameworkAndReports } from "./framework/declare";
import { declareAuditRoles } from "./iam/roles";
import { declareAuditJobs } from "./jobs/projects";
import { auditProjectName } from "./jobs/names";
import {
    alarmArnPattern,
    declareAuditTopic,
    declareJobFailureRule,
    declareTopicPolicy,
} from "./notifications";
import { declareReportBucket } from "./reports/bucket";
import { declareRestoreTesting } from "./restore-testing";
import { declareTamperRules } from "./tamper/rules";
import { validateBackupAuditorArgs } from "./validate";

export type { BackupAuditorArgs } from "./args";
export { auditRoleArns, BACKUP_AUDITOR_DEFAULTS } from "./args";
export { backupAuditorProblems, BackupAuditorArgsError, validateBackupAuditorArgs } from "./validate";

export class BackupAuditor extends pulumi.ComponentResource {
    public readonly topicArn: pulumi.Output<string>;
    public readonly dashboardName: pulumi.Output<string>;
    public readonly reportBucketName: pulumi.Output<string>;
    public readonly auditorRoleArn: pulumi.Output<string>;
    public readonly canaryRoleArn: pulumi.Output<string>;
    public readonly projectNames: Record<"verify" | "drill" | "canary", pulumi.Output<string>>;
    public readonly scheduleGroupName: pulumi.Output<string>;
    /** Framework ARN per vault region. */
    public readonly frameworkArns: Record<string, pulumi.Output<string>>;
    /** Restore testing plan ARN per region that is restore-tested. */
    public readonly restoreTestingPlanArns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: BackupAuditorArgs, opts?: pulumi.ComponentResourceOptions) {
        // Before super: a bad argument must not leave even an empty component in the state.
        validateBackupAuditorArgs(args);
        super("strongbox:audit:BackupAuditor", name, {}, opts);
        const d = BACKUP_AUDITOR_DEFAULTS;
        const tags = args.tags ?? {};
        const partition = args.partition ?? d.partition;
        const prefix = args.namePrefix;
        const expected = expectedDatabases(args);
        const vaultRegions = [...new Set(args.vaults.filter((v) => !v.sensitive).map((v) => v.region))];

        const artifacts = declareRunnerArtifacts(
            name,
            {
                runnerBundle: args.runnerBundle,
                runnerBuildDir: args.runnerBuildDir ?? d.runnerBuildDir,
                tags,
            },
            this,
        );
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: `/aws/codebuild/${prefix}-audit`,
                retentionInDays: args.logRetentionDays ?? d.logRetentionDays,
                tags,
            },
            { parent: this },
        );
        const roles = declareAuditRoles(
            name,
            {
                partition,
                accountId: args.accountId,
                region: args.region,
                namePrefix: prefix,
                auditorProjects: [auditProjectName(prefix, "verify"), auditProjectName(prefix, "drill")],
                canaryProject: auditProjectName(prefix, "canary"),
                bucketArn: args.bucket.arn,
                kmsKeyArn: args.bucket.kmsKeyArn,
                dumpPrefixes: args.writers.map((w) => w.keyPrefix),
                logGroupArn: logGroup.arn,
                artifactBucketArn: artifacts.bucket.arn,
                tags,
            },
            this,
        );
        const jobs = declareAuditJobs(
            name,
            {
                partition,
                accountId: args.accountId,
                region: args.region,
                namePrefix: prefix,
                roles,
                bucket: args.bucket,
                receiptRetentionDays: args.receiptRetentionDays ?? d.receiptRetentionDays,
                expected,
                rtoSeconds: args.rtoSeconds ?? d.rtoSeconds,
                pgMajorVersion: args.pgMajorVersion ?? d.pgMajorVersion,
                bundleBucket: artifacts.bucket.bucket,
                bundleVersion: artifacts.bundle.versionId,
                logGroupName: logGroup.name,
                schedules: { ...d.schedules, ...args.schedules },
                scheduleTimezone: args.scheduleTimezone ?? d.scheduleTimezone,
                flexibleWindowMinutes: args.flexibleWindowMinutes ?? d.flexibleWindowMinutes,
                buildTimeoutMinutes: args.buildTimeoutMinutes ?? d.buildTimeoutMinutes,
                computeType: args.computeType ?? d.computeType,
                drillComputeType: args.drillComputeType ?? d.drillComputeType,
                image: args.image ?? d.image,
                tags,
            },
            this,
        );
        const topic = declareAuditTopic(
            name,
            { namePrefix: prefix, notificationEmails: args.notificationEmails ?? [], tags },
            this,
        );
        const { alarms } = declareAuditAlarms(
            name,
            {
                namePrefix: prefix,
                expected,
                verifyMissingAfterHours: args.verifyMissingAfterHours ?? d.verifyMissingAfterHours,
                canaryMissingAfterHours: args.canaryMissingAfterHours ?? d.canaryMissingAfterHours,
                drillMissingAfterDays: args.drillMissingAfterDays ?? d.drillMissingAfterDays,
                receiptsMissingAfterDays: args.receiptsMissingAfterDays ?? d.receiptsMissingAfterDays,
                bucketName: args.bucket.name,
                topicArn: topic.arn,
                tags,
            },
            this,
        );
        const dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName: `${prefix}-audit`,
                dashboardBody: pulumi
                    .all([pulumi.output(args.bucket.name), ...alarms.map((a) => a.arn)])
                    .apply(([bucketName, ...alarmArns]) =>
                        JSON.stringify(
                            dashboardBody({
                                region: args.region,
                                bucketName,
                                receiptsFilterId: RECEIPTS_METRICS_FILTER,
                                expected,
                                alarmArns,
                            }),
                        ),
                    ),
            },
            { parent: this },
        );

        const reports = declareReportBucket(
            `${name}-reports`,
            {
                partition,
                accountId: args.accountId,
                region: args.region,
                bucketName: args.reports.bucketName,
                retentionDays: args.reports.retentionDays ?? d.reportRetentionDays,
                keyAdminRoleArns: args.reports.keyAdminRoleArns,
                breakGlassRoleArn: args.reports.breakGlassRoleArn,
                deployerRoleArns: args.reports.deployerRoleArns,
                tags,
                protect: args.protect ?? d.protect,
            },
            this,
        );
        const f = args.framework ?? {};
        const { frameworks } = declareFrameworkAndReports(
            name,
            {
                namePrefix: prefix,
                homeRegion: args.region,
                regions: vaultRegions,
                parameters: {
                    requiredRetentionDays: f.requiredRetentionDays ?? args.vaultLock.minRetentionDays,
                    backupFrequencyHours: f.backupFrequencyHours ?? d.framework.backupFrequencyHours,
                    lastRecoveryPointMaxAgeHours:
                        f.lastRecoveryPointMaxAgeHours ?? d.framework.lastRecoveryPointMaxAgeHours,
                    maxRestoreTimeMinutes: f.maxRestoreTimeMinutes ?? d.framework.maxRestoreTimeMinutes,
                    vaultMinRetentionDays: args.vaultLock.minRetentionDays,
                    vaultMaxRetentionDays: args.vaultLock.maxRetentionDays,
                    backupAccountId: args.accountId,
                },
                reportBucketName: reports.bucket.bucket.bucket,
                reportBucketReady: [reports.policy, reports.bucket.encryption],
                tags,
            },
            this,
        );
        const restoreTesting =
            args.restoreTesting === undefined
                ? undefined
                : declareRestoreTesting(
                      name,
                      {
                          partition,
                          accountId: args.accountId,
                          namePrefix: prefix,
                          testing: args.restoreTesting,
                          vaultArnByRegion: Object.fromEntries(
                              args.vaults.filter((v) => !v.sensitive).map((v) => [v.region, v.vaultArn]),
                          ),
                          tags,
                      },
                      this,
                  );

        const tamperRules = declareTamperRules(
            name,
            {
                partition,
                accountId: args.accountId,
                homeRegion: args.region,
                namePrefix: prefix,
                buckets: [
                    ...args.watched.buckets,
                    { region: args.region, name: reports.bucket.bucket.bucket },
                ],
                keys: [...args.watched.keys, { region: args.region, arn: reports.key.arn }],
                vaults: args.vaults,
                topic,
                tags,
            },
            this,
        );
        const jobFailures = declareJobFailureRule(
            name,
            [jobs.projects.verify.name, jobs.projects.drill.name, jobs.projects.canary.name],
            prefix,
            topic,
            tags,
            this,
        );
        declareTopicPolicy(
            name,
            topic,
            [...tamperRules, jobFailures],
            alarmArnPattern(partition, args.region, args.accountId, prefix),
            args.accountId,
            this,
        );

        this.topicArn = topic.arn;
        this.dashboardName = dashboard.dashboardName;
        this.reportBucketName = reports.bucket.bucket.bucket;
        this.auditorRoleArn = roles.auditor.role.arn;
        this.canaryRoleArn = roles.canary.role.arn;
        this.projectNames = {
            verify: jobs.projects.verify.name,
            drill: jobs.projects.drill.name,
            canary: jobs.projects.canary.name,
        };
        this.scheduleGroupName = jobs.scheduleGroup.name;
        this.frameworkArns = Object.fromEntries(vaultRegions.map((r, i) => [r, frameworks[i].arn]));
        this.restoreTestingPlanArns = Object.fromEntries(
            Object.entries(restoreTesting?.plans ?? {}).map(([region, plan]) => [region, plan.arn]),
        );
        this.registerOutputs({
            topicArn: this.topicArn,
            dashboardName: this.dashboardName,
            reportBucketName: this.reportBucketName,
            auditorRoleArn: this.auditorRoleArn,
            canaryRoleArn: this.canaryRoleArn,
            projectNames: this.projectNames,
            scheduleGroupName: this.scheduleGroupName,
            frameworkArns: this.frameworkArns,
            restoreTestingPlanArns: this.restoreTestingPlanArns,
        });
    }
}
