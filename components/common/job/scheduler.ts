/**
 * EventBridge Scheduler starting CodeBuild builds: the schedule group, the role Scheduler assumes (allowed
 * to start builds of named projects only), and one schedule per job with its environment overrides.
 * Scheduler rather than EventBridge rules because rules are capped at 300 per bus and a stack can hold
 * hundreds of databases, each with its own schedule.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EnvironmentVariable } from "./install";
import { schedulerTrustPolicy, startBuildPolicy } from "./trust";

/** EventBridge Scheduler's universal target for CodeBuild StartBuild. */
export const START_BUILD_TARGET_ARN = "arn:aws:scheduler:::aws-sdk:codebuild:startBuild";

export interface SchedulerArgs {
    readonly partition: string;
    readonly accountId: string;
    readonly region: string;
    readonly scheduleGroupName: string;
    /** Physical name of the scheduler's role. */
    readonly roleName: string;
    readonly roleDescription: string;
    /** Name of the role's inline policy and Sid of its one statement. */
    readonly policyName: string;
    readonly policySid: string;
    /** The projects the schedules may start. */
    readonly projectArns: ReadonlyArray<pulumi.Input<string>>;
    readonly tags: Record<string, string>;
}

export interface Scheduler {
    readonly group: aws.scheduler.ScheduleGroup;
    readonly role: aws.iam.Role;
    /** The schedules must wait for it: Scheduler checks the role when a schedule is created. */
    readonly policy: aws.iam.RolePolicy;
}

/** Declares `${name}-schedules` (the group), `${name}-scheduler-role` and `${name}-scheduler-policy`. */
export function declareScheduler(name: string, args: SchedulerArgs, parent: pulumi.Resource): Scheduler {
    const { tags } = args;
    const group = new aws.scheduler.ScheduleGroup(
        `${name}-schedules`,
        { name: args.scheduleGroupName, tags },
        { parent },
    );
    const role = new aws.iam.Role(
        `${name}-scheduler-role`,
        {
            name: args.roleName,
            description: args.roleDescription,
            assumeRolePolicy: JSON.stringify(
                schedulerTrustPolicy(args.partition, args.accountId, args.region, args.scheduleGroupName),
            ),
            tags,
        },
        { parent },
    );
    const policy = new aws.iam.RolePolicy(
        `${name}-scheduler-policy`,
        {
            role: role.name,
            name: args.policyName,
            policy: pulumi
                .all([...args.projectArns])
                .apply((arns) => JSON.stringify(startBuildPolicy(args.policySid, arns))),
        },
        { parent },
    );
    return { group, role, policy };
}

/** The StartBuild request body for Scheduler's universal target, in the API's own PascalCase names. */
export function startBuildInput(
    projectName: string,
    overrides: readonly EnvironmentVariable[],
): Record<string, unknown> {
    return {
        ProjectName: projectName,
        EnvironmentVariablesOverride: overrides.map((v) => ({ Name: v.name, Value: v.value, Type: v.type })),
    };
}

export interface StartBuildScheduleArgs {
    /** The schedule's physical name (at most 64 characters). */
    readonly scheduleName: string;
    readonly group: aws.scheduler.ScheduleGroup;
    readonly description: string;
    readonly expression: string;
    readonly timezone: string;
    /** Minutes a build may start late (spreads same-time schedules); 0 is exact. */
    readonly flexibleWindowMinutes: number;
    readonly scheduler: Scheduler;
    readonly projectName: pulumi.Input<string>;
    readonly overrides: readonly EnvironmentVariable[];
}

/** Declares one schedule `resourceName` that starts `projectName` with `overrides`. */
export function declareStartBuildSchedule(
    resourceName: string,
    args: StartBuildScheduleArgs,
    parent: pulumi.Resource,
): aws.scheduler.Schedule {
    const window = args.flexibleWindowMinutes;
    return new aws.scheduler.Schedule(
        resourceName,
        {
            name: args.scheduleName,
            groupName: args.group.name,
            description: args.description,
            scheduleExpression: args.expression,
            scheduleExpressionTimezone: args.timezone,
            flexibleTimeWindow:
                window === 0 ? { mode: "OFF" } : { mode: "FLEXIBLE", maximumWindowInMinutes: window },
            state: "ENABLED",
            target: {
                arn: START_BUILD_TARGET_ARN,
                roleArn: args.scheduler.role.arn,
                input: pulumi
                    .output(args.projectName)
                    .apply((n) => JSON.stringify(startBuildInput(n, args.overrides))),
                // StartBuild is throttled when hundreds of schedules fire together; keep retrying for an hour.
                retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 20 },
            },
        },
        { parent, dependsOn: [args.scheduler.policy] },
    );
}
