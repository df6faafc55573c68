/**
 * The schedules: one EventBridge Scheduler schedule per database, all starting
 * the one shared project with that database's overrides, plus the group and the
 * role Scheduler uses to call StartBuild.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { JobDatabase, startBuildInput } from "./buildspec";
import { schedulerPolicy, schedulerTrustPolicy } from "./iam";

/** EventBridge Scheduler's universal target for CodeBuild StartBuild. */
export const START_BUILD_TARGET_ARN = "arn:aws:scheduler:::aws-sdk:codebuild:startBuild";

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
    const { tags, project } = args;
    const group = new aws.scheduler.ScheduleGroup(
        `${name}-schedules`,
        { name: args.scheduleGroupName, tags },
        { parent },
    );
    const schedulerRole = new aws.iam.Role(
        `${name}-scheduler-role`,
        {
            name: `${args.namePrefix}-pgdump-scheduler`,
            description: "Strongbox: lets EventBridge Scheduler start the pg_dump project",
            assumeRolePolicy: JSON.stringify(
                schedulerTrustPolicy(args.partition, args.accountId, args.region, args.scheduleGroupName),
            ),
            tags,
        },
        { parent },
    );
    const schedulerRolePolicy = new aws.iam.RolePolicy(
        `${name}-scheduler-policy`,
        {
            role: schedulerRole.name,
            name: "start-pgdump-builds",
            policy: project.arn.apply((arn) => JSON.stringify(schedulerPolicy(arn))),
        },
        { parent },
    );
    const window = args.flexibleWindowMinutes;
    const scheduleNames: Record<string, pulumi.Output<string>> = {};
    for (const { job: db, schedule: own } of args.databases) {
        const schedule = new aws.scheduler.Schedule(
            `${name}-schedule-${db.name}`,
            {
                name: `pgdump-${db.name}`,
                groupName: group.name,
                description: `Strongbox: pg_dump ${db.name}`,
                scheduleExpression: own ?? args.defaultSchedule,
                scheduleExpressionTimezone: args.scheduleTimezone,
                flexibleTimeWindow:
                    window === 0 ? { mode: "OFF" } : { mode: "FLEXIBLE", maximumWindowInMinutes: window },
                state: "ENABLED",
                target: {
                    arn: START_BUILD_TARGET_ARN,
                    roleArn: schedulerRole.arn,
                    input: project.name.apply((n) => JSON.stringify(startBuildInput(n, db))),
                    // StartBuild is throttled when hundreds of schedules fire together; keep retrying for an hour.
                    retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 20 },
                },
            },
            { parent, dependsOn: [schedulerRolePolicy] },
        );
        scheduleNames[db.name] = schedule.name;
    }
    return { group, scheduleNames };
}
