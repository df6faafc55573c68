/**
 * The three audit projects and their schedules. Verify and the canary run once per schedule for the whole
 * estate; the drill runs once per database (its own schedule, its own build), so one long restore neither
 * delays the others nor hides their results behind one build's timeout.
 *
 * The projects run without a VPC: they reach nothing but AWS APIs and the PGDG repository over HTTPS, and no
 * database (the drill restores into a cluster inside its own build).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RUNNER_BUNDLE_KEY } from "../../common/job/artifacts";
import { declareScheduler, declareStartBuildSchedule } from "../../common/job/scheduler";
import { ExpectedDatabase } from "../expected";
import { AuditJobRole, AuditRoles } from "../iam/roles";
import { auditProjectEnvironment, drillOverrides, renderAuditBuildspec } from "./buildspec";
import { AuditJob, auditProjectName, auditScheduleGroupName, drillScheduleName } from "./names";

export interface AuditJobsArgs {
    readonly partition: string;
    readonly accountId: string;
    readonly region: string;
    readonly namePrefix: string;
    readonly roles: AuditRoles;
    readonly bucket: {
        readonly name: pulumi.Input<string>;
        readonly kmsKeyArn: pulumi.Input<string>;
        readonly retentionDays: number;
    };
    /** Each verify and drill receipt's own lock, in days (resolved). */
    readonly receiptRetentionDays: number;
    readonly expected: readonly ExpectedDatabase[];
    readonly rtoSeconds: number;
    readonly pgMajorVersion: number;
    readonly bundleBucket: pulumi.Input<string>;
    readonly bundleVersion: pulumi.Input<string>;
    readonly logGroupName: pulumi.Input<string>;
    readonly schedules: Readonly<Record<AuditJob, string>>;
    readonly scheduleTimezone: string;
    readonly flexibleWindowMinutes: number;
    readonly buildTimeoutMinutes: number;
    readonly computeType: string;
    readonly drillComputeType: string;
    readonly image: string;
    readonly tags: Record<string, string>;
}

export interface AuditJobs {
    readonly projects: Readonly<Record<AuditJob, aws.codebuild.Project>>;
    readonly scheduleGroup: aws.scheduler.ScheduleGroup;
    /** Drill schedule name per database. */
    readonly drillSchedules: Record<string, pulumi.Output<string>>;
}

/**
 * Declares `${name}-verify`, `${name}-drill`, `${name}-canary` (projects), the scheduler (`${name}-schedules`,
 * `${name}-scheduler-role`, `${name}-scheduler-policy`), `${name}-verify-schedule`, `${name}-canary-schedule` and
 * `${name}-drill-<prefix>-<database>` per drilled database.
 */
export function declareAuditJobs(name: string, a: AuditJobsArgs, parent: pulumi.Resource): AuditJobs {
    const environment = (job: AuditJob) =>
        pulumi
            .all([a.bucket.name, a.bucket.kmsKeyArn, a.bundleBucket, a.bundleVersion])
            .apply(([bucketName, kmsKeyArn, bundleBucket, bundleVersion]) =>
                auditProjectEnvironment(job, {
                    bucketName,
                    bucketRegion: a.region,
                    kmsKeyArn,
                    retentionDays: a.bucket.retentionDays,
                    receiptRetentionDays: a.receiptRetentionDays,
                    expected: a.expected,
                    rtoSeconds: a.rtoSeconds,
                    pgMajorVersion: a.pgMajorVersion,
                    bundleBucket,
                    bundleRegion: a.region,
                    bundleKey: RUNNER_BUNDLE_KEY,
                    bundleVersion,
                }),
            );
    const project = (job: AuditJob, role: AuditJobRole, computeType: string, description: string) =>
        new aws.codebuild.Project(
            `${name}-${job}`,
            {
                name: auditProjectName(a.namePrefix, job),
                description,
                serviceRole: role.role.arn,
                buildTimeout: a.buildTimeoutMinutes,
                artifacts: { type: "NO_ARTIFACTS" },
                source: { type: "NO_SOURCE", buildspec: renderAuditBuildspec(job) },
                environment: {
                    type: "LINUX_CONTAINER",
                    computeType,
                    image: a.image,
                    imagePullCredentialsType: "CODEBUILD",
                    environmentVariables: environment(job),
                },
                logsConfig: {
                    cloudwatchLogs: { status: "ENABLED", groupName: a.logGroupName, streamName: job },
                    s3Logs: { status: "DISABLED" },
                },
                tags: a.tags,
            },
            { parent, dependsOn: [role.policy] },
        );
    const projects = {
        verify: project(
            "verify",
            a.roles.auditor,
            a.computeType,
            "Strongbox: verify every expected database's newest dump; metrics and a locked receipt",
        ),
        drill: project(
            "drill",
            a.roles.auditor,
            a.drillComputeType,
            "Strongbox: restore one database's newest dump into a throwaway cluster and time it (RTO)",
        ),
        canary: project(
            "canary",
            a.roles.canary,
            a.computeType,
            "Strongbox: the immutability canary (Object Lock must refuse to delete or shorten its object)",
        ),
    };
    const scheduler = declareScheduler(
        name,
        {
            partition: a.partition,
            accountId: a.accountId,
            region: a.region,
            scheduleGroupName: auditScheduleGroupName(a.namePrefix),
            roleName: `${a.namePrefix}-audit-scheduler`,
            roleDescription: "Strongbox: lets EventBridge Scheduler start the audit projects",
            policyName: "start-audit-builds",
            policySid: "StartAuditBuilds",
            projectArns: [projects.verify.arn, projects.drill.arn, projects.canary.arn],
            tags: a.tags,
        },
        parent,
    );
    const common = {
        group: scheduler.group,
        timezone: a.scheduleTimezone,
        flexibleWindowMinutes: a.flexibleWindowMinutes,
        scheduler,
    };
    for (const job of ["verify", "canary"] as const) {
        declareStartBuildSchedule(
            `${name}-${job}-schedule`,
            {
                ...common,
                scheduleName: `${job}-all`,
                description: `Strongbox: ${job} (every database)`,
                expression: a.schedules[job],
                projectName: projects[job].name,
                overrides: [],
            },
            parent,
        );
    }
    const drillSchedules: Record<string, pulumi.Output<string>> = {};
    for (const db of a.expected.filter((e) => e.drill)) {
        const scheduleName = drillScheduleName(db.keyPrefix, db.database);
        drillSchedules[db.database] = declareStartBuildSchedule(
            `${name}-${scheduleName}`,
            {
                ...common,
                scheduleName,
                description: `Strongbox: drill ${db.keyPrefix}/${db.database}`,
                expression: a.schedules.drill,
                projectName: projects.drill.name,
                overrides: drillOverrides(db),
            },
            parent,
        ).name;
    }
    return { projects, scheduleGroup: scheduler.group, drillSchedules };
}
