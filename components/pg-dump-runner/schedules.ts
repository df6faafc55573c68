/**
 * The schedules: one EventBridge Scheduler schedule per database, all starting
 * the one shared project with that database's overrides, plus the group and the
 * role Scheduler uses to call StartBuild (common/job/scheduler.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { declareScheduler, declareStartBuildSchedule } from "../common/job/scheduler";
import { databaseOverrides, JobDatabase } from "./buildspec";
import { SCHEDULER_POLICY_SID } from "./iam";

export { START_BUILD_TARGET_ARN } from "../common/job/scheduler";

export interface RunnerSchedulesArgs {
    readonly partition: string;
    readonly accountId: string;
    readonly region: string;
    /** Prefix of the scheduler role's physical name. */
    readonly namePrefix: string;
    readonly scheduleGroupName: string;
    readonly project: aws.codebuild.Project;
    /** Each database with its own schedule, if it has one. */
    readonly databases: ReadonlyArray<{ readonly job: JobDatabase; readonly schedule?: string }>;
    /** Schedule of databases without their own. */
    readonly defaultSchedule: string;
    /** IANA time zone. */
    readonly scheduleTimezone: string;
    /** Minutes a build may start late; 0 is exact. */
    readonly flexibleWindowMinutes: number;
    readonly tags: Record<string, string>;
}

export interface RunnerSchedules {
    readonly group: aws.scheduler.ScheduleGroup;
    /** Schedule name per database name. */
    readonly scheduleNames: Record<string, pulumi.Output<string>>;
}

/**
 * Declares `${name}-schedules` (the group), `${name}-scheduler-role`, `${name}-scheduler-policy`
 * and `${name}-schedule-<database>` per database.
 */
export function declareRunnerSchedules(
    name: string,
    args: RunnerSchedulesArgs,
    parent: pulumi.Resource,
): RunnerSchedules {
    const { project } = args;
    const scheduler = declareScheduler(
        name,
        {
            partition: args.partition,
            accountId: args.accountId,
            region: args.region,
            scheduleGroupName: args.scheduleGroupName,
            roleName: `${args.namePrefix}-pgdump-scheduler`,
            roleDescription: "Strongbox: lets EventBridge Scheduler start the pg_dump project",
            policyName: "start-pgdump-builds",
            policySid: SCHEDULER_POLICY_SID,
            projectArns: [project.arn],
            tags: args.tags,
        },
        parent,
    );
    const scheduleNames: Record<string, pulumi.Output<string>> = {};
    for (const { job: db, schedule: own } of args.databases) {
        const schedule = declareStartBuildSchedule(
            `${name}-schedule-${db.name}`,
            {
                scheduleName: `pgdump-${db.name}`,
                group: scheduler.group,
                description: `Strongbox: pg_dump ${db.name}`,
                expression: own ?? args.defaultSchedule,
                timezone: args.scheduleTimezone,
                flexibleWindowMinutes: args.flexibleWindowMinutes,
                scheduler,
                projectName: project.name,
                overrides: databaseOverrides(db),
            },
            parent,
        );
        scheduleNames[db.name] = schedule.name;
    }
    return { group: scheduler.group, scheduleNames };
}
