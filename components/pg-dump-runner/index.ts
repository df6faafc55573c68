/**
 * PgDumpRunner: scheduled, logical PostgreSQL backups from the source account
 * into the backup account's locked bucket.
 *
 * One CodeBuild project runs the `strongbox dump` runner for every database; each
 * database adds exactly one EventBridge Scheduler schedule that starts that
 * project with the database's environment overrides. Scheduler (not EventBridge
 * rules) because rules are capped at 300 per bus and a source account can hold
 * hundreds of databases; one shared project because a project per database would
 * multiply projects, log groups and policies by hundreds for no isolation gain
 * (they would share the one deterministic runner role anyway).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as limits from "../../shared/limits";
import type { PgDumpRunnerArgs } from "./args";
import { declareRunnerArtifacts } from "./artifacts";
import { JobDatabase } from "./buildspec";
import { declareRunnerNetwork } from "./network";
import { declareFailureNotifications } from "./notifications";
import { declareRunnerProject } from "./project";
import { declareRunnerRole } from "./role";
import { declareRunnerSchedules } from "./schedules";
import { validatePgDumpRunnerArgs } from "./validate";

// Re-exported so importers (stacks/, tests) keep one entry point while each concern has its own file.
export type { PgDumpDatabase, PgDumpRunnerArgs, PgDumpTarget } from "./args";
export { RUNNER_BUNDLE_KEY } from "./artifacts";
export { FAILURE_BUILD_STATES } from "./notifications";
export { START_BUILD_TARGET_ARN } from "./schedules";
export { PgDumpRunnerArgsError, validatePgDumpRunnerArgs } from "./validate";

export class PgDumpRunner extends pulumi.ComponentResource {
    /** The shared CodeBuild project. */
    public readonly projectName: pulumi.Output<string>;
    public readonly projectArn: pulumi.Output<string>;
    /** The runner role (deterministic name `runnerRoleName`). */
    public readonly runnerRoleArn: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;
    public readonly failureTopicArn: pulumi.Output<string>;
    public readonly artifactBucketName: pulumi.Output<string>;
    public readonly scheduleGroupName: pulumi.Output<string>;
    /** Schedule name per database name. */
    public readonly scheduleNames: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: PgDumpRunnerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongbox:runner:PgDumpRunner", name, {}, opts);
        validatePgDumpRunnerArgs(args);

        const partition = args.partition ?? "aws";
        const tags = args.tags ?? {};
        const prefix = args.namePrefix;
        const projectName = `${prefix}-pgdump`;
        const scheduleGroupName = `${prefix}-pgdump`;
        const databases: JobDatabase[] = args.databases.map((db) => ({
            name: db.name,
            endpoint: db.endpoint,
            port: db.port ?? 5432,
            secretArn: db.secretArn,
            pgMajorVersion: db.pgMajorVersion ?? limits.DEFAULT_PG_MAJOR_VERSION,
        }));

        const artifacts = declareRunnerArtifacts(
            name,
            {
                runnerBundle: args.runnerBundle,
                runnerBuildDir: args.runnerBuildDir,
                tags,
            },
            this,
        );
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: `/aws/codebuild/${projectName}`,
                retentionInDays: args.logRetentionDays ?? limits.DEFAULT_LOG_RETENTION_DAYS,
                tags,
            },
            { parent: this },
        );
        const sg = declareRunnerNetwork(
            name,
            {
                namePrefix: prefix,
                vpcId: args.network.vpcId,
                databaseSecurityGroupId: args.network.databaseSecurityGroupId,
                ports: databases.map((d) => d.port),
                httpsEgressCidrBlocks: args.httpsEgressCidrBlocks,
                tags,
            },
            this,
        );
        const runner = declareRunnerRole(
            name,
            {
                partition,
                accountId: args.accountId,
                region: args.region,
                runnerRoleName: args.runnerRoleName,
                projectName,
                target: args.target,
                logGroupArn: logGroup.arn,
                artifactBucketArn: artifacts.bucket.arn,
                subnetIds: args.network.subnetIds,
                secretArns: databases.map((d) => d.secretArn),
                tags,
            },
            this,
        );
        const project = declareRunnerProject(
            name,
            {
                projectName,
                region: args.region,
                serviceRoleArn: runner.role.arn,
                rolePolicies: runner.policies,
                target: args.target,
                bundleBucket: artifacts.bucket.bucket,
                bundleVersion: artifacts.bundle.versionId,
                logGroupName: logGroup.name,
                vpcId: args.network.vpcId,
                subnetIds: args.network.subnetIds,
                securityGroupId: sg.id,
                databases,
                buildTimeoutMinutes: args.buildTimeoutMinutes,
                computeType: args.computeType,
                image: args.image,
                tags,
            },
            this,
        );
        const schedules = declareRunnerSchedules(
            name,
            {
                partition,
                accountId: args.accountId,
                region: args.region,
                namePrefix: prefix,
                scheduleGroupName,
                project,
                databases: databases.map((job, i) => ({ job, schedule: args.databases[i].schedule })),
                defaultSchedule: args.defaultSchedule,
                scheduleTimezone: args.scheduleTimezone,
                flexibleWindowMinutes: args.flexibleWindowMinutes,
                tags,
            },
            this,
        );
        const topic = declareFailureNotifications(
            name,
            {
                namePrefix: prefix,
                accountId: args.accountId,
                projectName: project.name,
                notificationEmails: args.notificationEmails,
                tags,
            },
            this,
        );

        this.projectName = project.name;
        this.projectArn = project.arn;
        this.runnerRoleArn = runner.role.arn;
        this.securityGroupId = sg.id;
        this.logGroupName = logGroup.name;
        this.failureTopicArn = topic.arn;
        this.artifactBucketName = artifacts.bucket.bucket;
        this.scheduleGroupName = schedules.group.name;
        this.scheduleNames = schedules.scheduleNames;
        this.registerOutputs({
            projectName: this.projectName,
            projectArn: this.projectArn,
            runnerRoleArn: this.runnerRoleArn,
            securityGroupId: this.securityGroupId,
            logGroupName: this.logGroupName,
            failureTopicArn: this.failureTopicArn,
            artifactBucketName: this.artifactBucketName,
            scheduleGroupName: this.scheduleGroupName,
            scheduleNames: this.scheduleNames,
        });
    }
}
