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
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as limits from "./limits";
import {
    JobDatabase,
    projectEnvironment,
    renderBuildspec,
    startBuildInput,
} from "./pg-dump-runner-buildspec";
import { runnerBundleFromBuild } from "./pg-dump-runner-bundle";
import {
    failureTopicPolicy,
    runnerPolicy,
    runnerSecretsPolicies,
    runnerTrustPolicy,
    schedulerPolicy,
    schedulerTrustPolicy,
} from "./pg-dump-runner-iam";
import { validatePgDumpRunnerArgs } from "./pg-dump-runner-validate";

export { PgDumpRunnerArgsError, validatePgDumpRunnerArgs } from "./pg-dump-runner-validate";

/** EventBridge Scheduler's universal target for CodeBuild StartBuild. */
export const START_BUILD_TARGET_ARN = "arn:aws:scheduler:::aws-sdk:codebuild:startBuild";
/** The build states that page someone: anything that did not produce a dump. */
export const FAILURE_BUILD_STATES = ["FAILED", "TIMED_OUT", "STOPPED"] as const;
/** Key of the runner bundle in the artifact bucket. */
export const RUNNER_BUNDLE_KEY = "runner/strongbox-runner.zip";

/** One database to back up. */
export interface PgDumpDatabase {
    /** PostgreSQL database name; also the S3 key segment and the schedule name suffix. */
    readonly name: string;
    /** Hostname of the RDS instance or cluster endpoint. */
    readonly endpoint: string;
    /** Port. Default 5432. */
    readonly port?: number;
    /** RDS secret (JSON with `username`/`password`) in the source account and region. */
    readonly secretArn: string;
    /** Schedule for this database. Default: `defaultSchedule`. */
    readonly schedule?: string;
    /** Major version of the server; the job installs this `pg_dump`. Default 15. */
    readonly pgMajorVersion?: number;
}

/** Where the dumps go: the backup stack's outputs. */
export interface PgDumpTarget {
    readonly bucketName: pulumi.Input<string>;
    readonly bucketArn: pulumi.Input<string>;
    /** Region of the bucket and its key (the backup region, not the source region). */
    readonly bucketRegion: pulumi.Input<string>;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly keyPrefix: pulumi.Input<string>;
    readonly retentionDays: pulumi.Input<number>;
}

export interface PgDumpRunnerArgs {
    /** Prefix of every physical name (project, topic, schedule group, roles), e.g. `strongbox-prod`. 2-40 characters. */
    readonly namePrefix: string;
    /** The source account the runner deploys into. */
    readonly accountId: string;
    /** The source region (where CodeBuild runs and the secrets live). */
    readonly region: string;
    /** IAM partition. Default `aws`. */
    readonly partition?: string;
    /** Exact name of the runner role: the backup stack allows it by name before it exists. */
    readonly runnerRoleName: string;
    /** The databases; each adds one schedule. At least one. */
    readonly databases: ReadonlyArray<PgDumpDatabase>;
    /** Schedule of databases without their own. Default `cron(30 1 * * ? *)` (daily 01:30). */
    readonly defaultSchedule?: string;
    /** IANA time zone of the schedules. Default `UTC`. */
    readonly scheduleTimezone?: string;
    /**
     * Scheduler may start each build up to this many minutes late, which spreads
     * hundreds of same-time schedules across the window instead of queueing them.
     * 0 means exactly on time. Default 30.
     */
    readonly flexibleWindowMinutes?: number;
    /** Where builds run: subnets with a route to the databases (and NAT or endpoints for AWS APIs). */
    readonly network: {
        readonly vpcId: string;
        readonly subnetIds: ReadonlyArray<string>;
        /** The databases' security group; the runner may reach only its port, and it gets a matching ingress rule. */
        readonly databaseSecurityGroupId: string;
    };
    /** Destinations of the HTTPS egress rule. Default `["0.0.0.0/0"]` (see the rule's comment). */
    readonly httpsEgressCidrBlocks?: ReadonlyArray<string>;
    /** The backup bucket and key, from the backup stack. */
    readonly target: PgDumpTarget;
    /** Log retention in days (a CloudWatch value). Default 90. */
    readonly logRetentionDays?: number;
    /** E-mail addresses subscribed to failure notifications. Default none. */
    readonly notificationEmails?: ReadonlyArray<string>;
    /** Build timeout in minutes (5-2160). Default 480. */
    readonly buildTimeoutMinutes?: number;
    /** CodeBuild compute type. Default `BUILD_GENERAL1_SMALL`: pg_dump and gzip are single-threaded and memory is bounded. */
    readonly computeType?: string;
    /** Build image. Default `aws/codebuild/standard:7.0` (Ubuntu 22.04, Node 20, AWS CLI). */
    readonly image?: string;
    /**
     * The runner bundle (a `dist/` tree and a `package.json`). Default: built from
     * `runnerBuildDir` and the project's package.json; tests pass a stub.
     */
    readonly runnerBundle?: pulumi.asset.Archive;
    /** Compiled runner tree for the default bundle. Default `dist` (relative to the Pulumi project). */
    readonly runnerBuildDir?: string;
    /** Tags on every taggable child. Default none. */
    readonly tags?: Record<string, string>;
}

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

        const parent = { parent: this };
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

        // --- Runner bundle: private, versioned, encrypted; builds fetch the exact version deployed.
        const artifacts = new aws.s3.Bucket(`${name}-artifacts`, { forceDestroy: true, tags }, parent);
        new aws.s3.BucketPublicAccessBlock(
            `${name}-artifacts-public-access`,
            {
                bucket: artifacts.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            parent,
        );
        new aws.s3.BucketOwnershipControls(
            `${name}-artifacts-ownership`,
            { bucket: artifacts.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            parent,
        );
        const versioning = new aws.s3.BucketVersioning(
            `${name}-artifacts-versioning`,
            { bucket: artifacts.id, versioningConfiguration: { status: "Enabled" } },
            parent,
        );
        // SSE-S3: the backup CMK lives in another account and region, and the bundle is
        // code, not data; a source-account CMK would add a key and grants for nothing.
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-artifacts-encryption`,
            {
                bucket: artifacts.id,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" },
                        bucketKeyEnabled: true,
                    },
                ],
            },
            parent,
        );
        const bundle = new aws.s3.BucketObjectv2(
            `${name}-bundle`,
            {
                bucket: artifacts.id,
                key: RUNNER_BUNDLE_KEY,
                source:
                    args.runnerBundle ??
                    runnerBundleFromBuild(args.runnerBuildDir ?? "dist", path.resolve("package.json")),
                serverSideEncryption: "AES256",
                tags,
            },
            // Versioning first, so the object has a version ID the job can pin.
            { parent: this, dependsOn: [versioning, encryption] },
        );

        // --- Logs.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: `/aws/codebuild/${projectName}`,
                retentionInDays: args.logRetentionDays ?? limits.DEFAULT_LOG_RETENTION_DAYS,
                tags,
            },
            parent,
        );

        // --- Network: the job may talk to the databases' port and to HTTPS, nothing else.
        const sg = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                name: `${prefix}-pgdump-runner`,
                description: "Strongbox pg_dump runner: PostgreSQL to the databases, HTTPS to AWS APIs",
                vpcId: args.network.vpcId,
                tags,
            },
            parent,
        );
        const ports = [...new Set(databases.map((d) => d.port))].sort((a, b) => a - b);
        for (const port of ports) {
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-egress-postgres-${port}`,
                {
                    securityGroupId: sg.id,
                    description: "PostgreSQL to the databases' security group only",
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    referencedSecurityGroupId: args.network.databaseSecurityGroupId,
                    tags,
                },
                parent,
            );
            // The other half of the same path: without it the egress rule reaches a closed door.
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-db-ingress-${port}`,
                {
                    securityGroupId: args.network.databaseSecurityGroupId,
                    description: "Strongbox pg_dump runner",
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    referencedSecurityGroupId: sg.id,
                    tags,
                },
                parent,
            );
        }
        // HTTPS to any address by default: the backup bucket and key are in another
        // region (an S3 gateway endpoint serves only its own region), and Secrets
        // Manager, CloudWatch Logs, the PGDG apt repository and the npm registry sit
        // behind public, changing IP ranges. Accounts with interface endpoints and a
        // proxy narrow it with `httpsEgressCidrBlocks`. DNS needs no rule: security
        // groups do not filter the VPC resolver.
        (args.httpsEgressCidrBlocks ?? ["0.0.0.0/0"]).forEach((cidr, i) => {
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-egress-https${i === 0 ? "" : `-${i}`}`,
                {
                    securityGroupId: sg.id,
                    description: "HTTPS to AWS APIs and package repositories",
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrIpv4: cidr,
                    tags,
                },
                parent,
            );
        });

        // --- Runner role.
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                name: args.runnerRoleName,
                description:
                    "Strongbox pg_dump runner (CodeBuild): reads its databases' secrets, writes locked dumps",
                assumeRolePolicy: JSON.stringify(
                    runnerTrustPolicy(partition, args.accountId, args.region, projectName),
                ),
                tags,
            },
            parent,
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            {
                role: role.name,
                name: "strongbox-pgdump-runner",
                policy: pulumi
                    .all([
                        args.target.bucketArn,
                        args.target.bucketRegion,
                        args.target.keyPrefix,
                        args.target.kmsKeyArn,
                        logGroup.arn,
                        artifacts.arn,
                    ])
                    .apply(
                        ([bucketArn, bucketRegion, keyPrefix, kmsKeyArn, logGroupArn, artifactBucketArn]) =>
                            JSON.stringify(
                                runnerPolicy({
                                    partition,
                                    accountId: args.accountId,
                                    region: args.region,
                                    bucketArn,
                                    bucketRegion,
                                    keyPrefix,
                                    kmsKeyArn,
                                    logGroupArn,
                                    artifactBucketArn,
                                    bundleKey: RUNNER_BUNDLE_KEY,
                                    subnetIds: args.network.subnetIds,
                                }),
                            ),
                    ),
            },
            parent,
        );
        // Managed, not inline: hundreds of secret ARNs exceed a role's 10,240 characters
        // of inline policy; each managed policy holds as many as fit in 6,144.
        const secretAttachments = runnerSecretsPolicies(databases.map((d) => d.secretArn)).map((doc, i) => {
            const secretsPolicy = new aws.iam.Policy(
                `${name}-secrets-${i}`,
                {
                    description: `Strongbox runner: read database secrets (part ${i + 1})`,
                    policy: JSON.stringify(doc),
                    tags,
                },
                parent,
            );
            return new aws.iam.RolePolicyAttachment(
                `${name}-secrets-${i}`,
                { role: role.name, policyArn: secretsPolicy.arn },
                parent,
            );
        });

        // --- The one project.
        const project = new aws.codebuild.Project(
            `${name}-project`,
            {
                name: projectName,
                description:
                    "Strongbox: pg_dump one database (chosen by the schedule's overrides) into the locked backup bucket",
                serviceRole: role.arn,
                buildTimeout: args.buildTimeoutMinutes ?? 480,
                artifacts: { type: "NO_ARTIFACTS" },
                source: { type: "NO_SOURCE", buildspec: renderBuildspec() },
                environment: {
                    type: "LINUX_CONTAINER",
                    computeType: args.computeType ?? "BUILD_GENERAL1_SMALL",
                    image: args.image ?? "aws/codebuild/standard:7.0",
                    imagePullCredentialsType: "CODEBUILD",
                    environmentVariables: pulumi
                        .all([
                            args.target.bucketName,
                            args.target.bucketRegion,
                            args.target.kmsKeyArn,
                            args.target.retentionDays,
                            args.target.keyPrefix,
                            artifacts.bucket,
                            bundle.versionId,
                        ])
                        .apply(
                            ([
                                bucketName,
                                bucketRegion,
                                kmsKeyArn,
                                retentionDays,
                                keyPrefix,
                                bundleBucket,
                                bundleVersion,
                            ]) =>
                                projectEnvironment({
                                    bucketName,
                                    bucketRegion,
                                    kmsKeyArn,
                                    retentionDays,
                                    keyPrefix,
                                    bundleBucket,
                                    bundleRegion: args.region,
                                    bundleKey: RUNNER_BUNDLE_KEY,
                                    bundleVersion,
                                    defaultPgMajorVersion: Math.max(
                                        ...databases.map((d) => d.pgMajorVersion),
                                    ),
                                }),
                        ),
                },
                logsConfig: {
                    cloudwatchLogs: { status: "ENABLED", groupName: logGroup.name },
                    s3Logs: { status: "DISABLED" },
                },
                vpcConfig: {
                    vpcId: args.network.vpcId,
                    subnets: [...args.network.subnetIds],
                    securityGroupIds: [sg.id],
                },
                tags,
            },
            // CodeBuild checks the role's EC2 permissions when a VPC project is created.
            { parent: this, dependsOn: [policy, ...secretAttachments] },
        );

        // --- Schedules: one per database, all against the same project.
        const group = new aws.scheduler.ScheduleGroup(
            `${name}-schedules`,
            { name: scheduleGroupName, tags },
            parent,
        );
        const schedulerRole = new aws.iam.Role(
            `${name}-scheduler-role`,
            {
                name: `${prefix}-pgdump-scheduler`,
                description: "Strongbox: lets EventBridge Scheduler start the pg_dump project",
                assumeRolePolicy: JSON.stringify(
                    schedulerTrustPolicy(partition, args.accountId, args.region, scheduleGroupName),
                ),
                tags,
            },
            parent,
        );
        const schedulerRolePolicy = new aws.iam.RolePolicy(
            `${name}-scheduler-policy`,
            {
                role: schedulerRole.name,
                name: "start-pgdump-builds",
                policy: project.arn.apply((arn) => JSON.stringify(schedulerPolicy(arn))),
            },
            parent,
        );
        const window = args.flexibleWindowMinutes ?? 30;
        const scheduleNames: Record<string, pulumi.Output<string>> = {};
        databases.forEach((db, i) => {
            const schedule = new aws.scheduler.Schedule(
                `${name}-schedule-${db.name}`,
                {
                    name: `pgdump-${db.name}`,
                    groupName: group.name,
                    description: `Strongbox: pg_dump ${db.name}`,
                    scheduleExpression:
                        args.databases[i].schedule ?? args.defaultSchedule ?? limits.DEFAULT_SCHEDULE,
                    scheduleExpressionTimezone: args.scheduleTimezone ?? "UTC",
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
                { parent: this, dependsOn: [schedulerRolePolicy] },
            );
            scheduleNames[db.name] = schedule.name;
        });

        // --- Failure notifications: build state change -> rule -> topic -> e-mail.
        const topic = new aws.sns.Topic(
            `${name}-failures`,
            { name: `${prefix}-pgdump-failures`, tags },
            parent,
        );
        const rule = new aws.cloudwatch.EventRule(
            `${name}-failure-rule`,
            {
                name: `${prefix}-pgdump-failures`,
                description: "Strongbox: a pg_dump build did not succeed",
                eventPattern: project.name.apply((n) =>
                    JSON.stringify({
                        source: ["aws.codebuild"],
                        "detail-type": ["CodeBuild Build State Change"],
                        detail: { "build-status": [...FAILURE_BUILD_STATES], "project-name": [n] },
                    }),
                ),
                tags,
            },
            parent,
        );
        new aws.sns.TopicPolicy(
            `${name}-failures-policy`,
            {
                arn: topic.arn,
                policy: pulumi
                    .all([topic.arn, rule.arn])
                    .apply(([t, r]) => JSON.stringify(failureTopicPolicy(t, r, args.accountId))),
            },
            parent,
        );
        // The whole event goes out: it names the build and carries the database's overrides (no credentials).
        new aws.cloudwatch.EventTarget(`${name}-failure-target`, { rule: rule.name, arn: topic.arn }, parent);
        // Named by address, so removing one e-mail from the list does not re-subscribe the others.
        (args.notificationEmails ?? []).forEach((email) => {
            new aws.sns.TopicSubscription(
                `${name}-failures-email-${email}`,
                { topic: topic.arn, protocol: "email", endpoint: email },
                parent,
            );
        });

        this.projectName = project.name;
        this.projectArn = project.arn;
        this.runnerRoleArn = role.arn;
        this.securityGroupId = sg.id;
        this.logGroupName = logGroup.name;
        this.failureTopicArn = topic.arn;
        this.artifactBucketName = artifacts.bucket;
        this.scheduleGroupName = group.name;
        this.scheduleNames = scheduleNames;
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
