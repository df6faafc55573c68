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
import { PgDumpRunnerArgs, resolvePgDumpRunnerArgs } from "./args";
import { declareRunnerArtifacts } from "../common/job/artifacts";
import { JobDatabase } from "./buildspec";
import { declareRunnerNetwork } from "./network";
import { declareFailureNotifications } from "./notifications";
import { declareRunnerProject } from "./project";
import { declareRunnerRole } from "./role";
import { declareRunnerSchedules } from "./schedules";
import { validatePgDumpRunnerArgs } from "./validate";

// Re-exported so importers (stacks/, tests) keep one entry point while each concern has its own file.
export type { DumpCompression, PgDumpDatabase, PgDumpRunnerArgs, PgDumpTarget } from "./args";
export { RUNNER_BUNDLE_KEY } from "../common/job/artifacts";
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
        // Before super: a bad argument must not leave even an empty component in the state.
        validatePgDumpRunnerArgs(args);
        super("strongbox:runner:PgDumpRunner", name, {}, opts);
        const a = resolvePgDumpRunnerArgs(args);

        const { partition, tags } = a;
        const prefix = a.namePrefix;
        const projectName = `${prefix}-pgdump`;
        const scheduleGroupName = `${prefix}-pgdump`;
        const databases: JobDatabase[] = a.databases.map((db) => ({
            name: db.name,
            endpoint: db.endpoint,
            port: db.port,
            secretArn: db.secretArn,
            pgMajorVersion: db.pgMajorVersion,
            compression: db.compression,
        }));

        const artifacts = declareRunnerArtifacts(
            name,
            {
                runnerBundle: a.runnerBundle,
                runnerBuildDir: a.runnerBuildDir,
                tags,
            },
            this,
        );
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: `/aws/codebuild/${projectName}`,
                retentionInDays: a.logRetentionDays,
                tags,
            },
            { parent: this },
        );
        const sg = declareRunnerNetwork(
            name,
            {
                namePrefix: prefix,
                vpcId: a.network.vpcId,
                databaseSecurityGroupId: a.network.databaseSecurityGroupId,
                ports: databases.map((d) => d.port),
                httpsEgressCidrBlocks: a.httpsEgressCidrBlocks,
                httpEgress: databases.some((d) => d.compression?.algorithm === "zstd"),
                tags,
            },
            this,
        );
        const runner = declareRunnerRole(
            name,
            {
                partition,
                accountId: a.accountId,
                region: a.region,
                runnerRoleName: a.runnerRoleName,
                projectName,
                target: a.target,
                logGroupArn: logGroup.arn,
                artifactBucketArn: artifacts.bucket.arn,
                subnetIds: a.network.subnetIds,
                secretArns: databases.map((d) => d.secretArn),
                databases: databases.map((d) => d.name),
                tags,
            },
            this,
        );
        const project = declareRunnerProject(
            name,
            {
                projectName,
                region: a.region,
                serviceRoleArn: runner.role.arn,
                rolePolicies: runner.policies,
                target: a.target,
                bundleBucket: artifacts.bucket.bucket,
                bundleVersion: artifacts.bundle.versionId,
                logGroupName: logGroup.name,
                vpcId: a.network.vpcId,
                subnetIds: a.network.subnetIds,
                securityGroupId: sg.id,
                databases,
                buildTimeoutMinutes: a.buildTimeoutMinutes,
                computeType: a.computeType,
                image: a.image,
                tags,
            },
            this,
        );
        const schedules = declareRunnerSchedules(
            name,
            {
                partition,
                accountId: a.accountId,
                region: a.region,
                namePrefix: prefix,
                scheduleGroupName,
                project,
                databases: databases.map((job, i) => ({ job, schedule: a.databases[i].schedule })),
                defaultSchedule: a.defaultSchedule,
                scheduleTimezone: a.scheduleTimezone,
                flexibleWindowMinutes: a.flexibleWindowMinutes,
                tags,
            },
            this,
        );
        const topic = declareFailureNotifications(
            name,
            {
                namePrefix: prefix,
                accountId: a.accountId,
                projectName: project.name,
                notificationEmails: a.notificationEmails,
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
