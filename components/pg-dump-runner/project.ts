/**
 * The one CodeBuild project every schedule starts: it runs `strongbox dump` in
 * the VPC with the target and bundle in its environment; the schedule's
 * overrides choose the database.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RUNNER_BUNDLE_KEY } from "../common/job/artifacts";
import type { PgDumpTarget } from "./args";
import { JobDatabase, projectEnvironment, renderBuildspec } from "./buildspec";

export interface RunnerProjectArgs {
    readonly projectName: string;
    /** The source region, where the bundle's bucket is. */
    readonly region: string;
    readonly serviceRoleArn: pulumi.Input<string>;
    /** What the role needs before the project exists (see the `dependsOn` comment). */
    readonly rolePolicies: ReadonlyArray<pulumi.Resource>;
    readonly target: PgDumpTarget;
    readonly bundleBucket: pulumi.Input<string>;
    readonly bundleVersion: pulumi.Input<string>;
    readonly logGroupName: pulumi.Input<string>;
    readonly vpcId: string;
    readonly subnetIds: ReadonlyArray<string>;
    readonly securityGroupId: pulumi.Input<string>;
    /** Every database; the newest major version is the job's default `pg_dump`. */
    readonly databases: ReadonlyArray<JobDatabase>;
    readonly buildTimeoutMinutes: number;
    readonly computeType: string;
    readonly image: string;
    readonly tags: Record<string, string>;
}

/** Declares `${name}-project`. */
export function declareRunnerProject(
    name: string,
    args: RunnerProjectArgs,
    parent: pulumi.Resource,
): aws.codebuild.Project {
    const { target } = args;
    return new aws.codebuild.Project(
        `${name}-project`,
        {
            name: args.projectName,
            description:
                "Strongbox: pg_dump one database (chosen by the schedule's overrides) into the locked backup bucket",
            serviceRole: args.serviceRoleArn,
            buildTimeout: args.buildTimeoutMinutes,
            artifacts: { type: "NO_ARTIFACTS" },
            source: { type: "NO_SOURCE", buildspec: renderBuildspec() },
            environment: {
                type: "LINUX_CONTAINER",
                computeType: args.computeType,
                image: args.image,
                imagePullCredentialsType: "CODEBUILD",
                // An object, not a tuple, so each resolved value keeps the name projectEnvironment expects.
                environmentVariables: pulumi
                    .output({
                        bucketName: target.bucketName,
                        bucketRegion: target.bucketRegion,
                        kmsKeyArn: target.kmsKeyArn,
                        retentionDays: target.retentionDays,
                        keyPrefix: target.keyPrefix,
                        bundleBucket: args.bundleBucket,
                        bundleVersion: args.bundleVersion,
                    })
                    .apply((resolved) =>
                        projectEnvironment({
                            ...resolved,
                            bundleRegion: args.region,
                            bundleKey: RUNNER_BUNDLE_KEY,
                            defaultPgMajorVersion: Math.max(...args.databases.map((d) => d.pgMajorVersion)),
                        }),
                    ),
            },
            logsConfig: {
                cloudwatchLogs: { status: "ENABLED", groupName: args.logGroupName },
                s3Logs: { status: "DISABLED" },
            },
            vpcConfig: {
                vpcId: args.vpcId,
                subnets: [...args.subnetIds],
                securityGroupIds: [args.securityGroupId],
            },
            tags: args.tags,
        },
        // CodeBuild checks the role's EC2 permissions when a VPC project is created.
        { parent, dependsOn: [...args.rolePolicies] },
    );
}
