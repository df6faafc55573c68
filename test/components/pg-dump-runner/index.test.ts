import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, promiseOf, RecordedResource, settle } from "../../harness/offline-mocks";
import type { PgDumpRunner as PgDumpRunnerType, PgDumpRunnerArgs } from "../../../components/pg-dump-runner";
import {
    asList,
    BACKUP_OUTPUTS,
    byType,
    one,
    policyOf,
    SECRET_APPDB,
    SECRET_BILLING,
    SOURCE_ACCOUNT,
    SOURCE_REGION,
    statement,
    STUB_BUNDLE,
} from "./fixtures";

const NAME = "runner";

function baseArgs(): PgDumpRunnerArgs {
    return {
        namePrefix: "strongbox-prod",
        accountId: SOURCE_ACCOUNT,
        region: SOURCE_REGION,
        runnerRoleName: "strongbox-pgdump-runner-prod",
        databases: [
            {
                name: "appdb",
                endpoint: "db-1.cluster-abc.us-east-1.rds.amazonaws.com",
                secretArn: SECRET_APPDB,
                pgMajorVersion: 15,
            },
            {
                name: "billing",
                endpoint: "billing.cluster-abc.us-east-1.rds.amazonaws.com",
                secretArn: SECRET_BILLING,
                schedule: "rate(6 hours)",
                pgMajorVersion: 16,
            },
        ],
        defaultSchedule: "cron(30 1 * * ? *)",
        scheduleTimezone: "Australia/Melbourne",
        network: {
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
            databaseSecurityGroupId: "sg-0123456789abcdef0",
        },
        // Outputs, as they arrive from a StackReference.
        target: {
            bucketName: pulumi.output(BACKUP_OUTPUTS.bucketName),
            bucketArn: pulumi.output(BACKUP_OUTPUTS.bucketArn),
            bucketRegion: pulumi.output(BACKUP_OUTPUTS.bucketRegion),
            kmsKeyArn: pulumi.output(BACKUP_OUTPUTS.kmsKeyArn),
            keyPrefix: pulumi.output(BACKUP_OUTPUTS.keyPrefix),
            retentionDays: pulumi.output(BACKUP_OUTPUTS.retentionDays),
        },
        logRetentionDays: 90,
        notificationEmails: ["oncall@example.com", "dba@example.com"],
        buildTimeoutMinutes: 240,
        runnerBundle: STUB_BUNDLE,
    };
}

describe("PgDumpRunner", () => {
    let recorded: RecordedResource[];
    let runner: PgDumpRunnerType;
    let mod: typeof import("../../../components/pg-dump-runner");

    before(async () => {
        recorded = await installMocks({ accountId: SOURCE_ACCOUNT, region: SOURCE_REGION });
        mod = await import("../../../components/pg-dump-runner");
        runner = new mod.PgDumpRunner(NAME, baseArgs());
        await promiseOf(runner.projectName);
        await settle();
    });

    const custom = () => recorded.filter((r) => r.custom);
    const runnerPolicyDoc = () =>
        policyOf(one(recorded, "aws:iam/rolePolicy:RolePolicy", `${NAME}-role-policy`));

    it("uses the documented type token and parents every child to the component", () => {
        const component = one(recorded, "strongbox:runner:PgDumpRunner", NAME);
        const children = recorded.filter((r) => r !== component);
        expect(children.length).to.be.greaterThan(20);
        for (const child of children) {
            expect(child.parentUrn, `${child.type} ${child.name}`).to.equal(component.urn);
            expect(child.name.startsWith(`${NAME}-`), child.name).to.equal(true);
        }
    });

    it("creates exactly one schedule per database and nothing else per database", () => {
        const schedules = byType(recorded, "aws:scheduler/schedule:Schedule");
        expect(schedules.map((s) => s.name).sort()).to.deep.equal([
            `${NAME}-schedule-appdb`,
            `${NAME}-schedule-billing`,
        ]);
        expect(byType(recorded, "aws:codebuild/project:Project")).to.have.length(1);
        expect(byType(recorded, "aws:iam/role:Role")).to.have.length(2); // runner + scheduler
    });

    it("schedules each database with its own expression or the default, in the configured time zone", () => {
        const appdb = one(recorded, "aws:scheduler/schedule:Schedule", `${NAME}-schedule-appdb`).inputs;
        const billing = one(recorded, "aws:scheduler/schedule:Schedule", `${NAME}-schedule-billing`).inputs;
        expect(appdb.scheduleExpression).to.equal("cron(30 1 * * ? *)");
        expect(billing.scheduleExpression).to.equal("rate(6 hours)");
        expect(appdb.scheduleExpressionTimezone).to.equal("Australia/Melbourne");
        expect(appdb.name).to.equal("pgdump-appdb");
        expect(appdb.groupName).to.equal("strongbox-prod-pgdump");
        expect(appdb.flexibleTimeWindow).to.deep.equal({ mode: "FLEXIBLE", maximumWindowInMinutes: 30 });
    });

    it("targets CodeBuild StartBuild on the one project with the database's overrides", () => {
        const target = one(recorded, "aws:scheduler/schedule:Schedule", `${NAME}-schedule-billing`).inputs
            .target as Record<string, unknown>;
        expect(target.arn).to.equal("arn:aws:scheduler:::aws-sdk:codebuild:startBuild");
        expect(target.roleArn).to.equal("arn:aws:iam::222222222222:role/strongbox-prod-pgdump-scheduler");
        expect(JSON.parse(target.input as string)).to.deep.equal({
            ProjectName: "strongbox-prod-pgdump",
            EnvironmentVariablesOverride: [
                {
                    Name: "PGHOST",
                    Value: "billing.cluster-abc.us-east-1.rds.amazonaws.com",
                    Type: "PLAINTEXT",
                },
                { Name: "PGPORT", Value: "5432", Type: "PLAINTEXT" },
                { Name: "PGDATABASE", Value: "billing", Type: "PLAINTEXT" },
                { Name: "DB_SECRET_ARN", Value: SECRET_BILLING, Type: "PLAINTEXT" },
                { Name: "PG_MAJOR_VERSION", Value: "16", Type: "PLAINTEXT" },
            ],
        });
    });

    it("passes the backup stack's bucket, region, key, prefix and retention to the job", () => {
        const project = one(recorded, "aws:codebuild/project:Project").inputs;
        const env = (
            project.environment as {
                environmentVariables: Array<{ name: string; value: string; type: string }>;
            }
        ).environmentVariables;
        const byName = Object.fromEntries(env.map((v) => [v.name, v.value]));
        expect(byName).to.include({
            BACKUP_BUCKET: BACKUP_OUTPUTS.bucketName,
            BACKUP_BUCKET_REGION: BACKUP_OUTPUTS.bucketRegion,
            BACKUP_KMS_KEY_ID: BACKUP_OUTPUTS.kmsKeyArn,
            BACKUP_RETENTION_DAYS: "35",
            BACKUP_KEY_PREFIX: "layer3",
            RUNNER_BUNDLE_KEY: "runner/strongbox-runner.zip",
            RUNNER_BUNDLE_REGION: SOURCE_REGION,
            PG_MAJOR_VERSION: "16",
        });
        expect(env.every((v) => v.type === "PLAINTEXT")).to.equal(true);
        // No credentials in the project: the password stays in Secrets Manager.
        expect(env.map((v) => v.name)).to.not.include.members(["PGPASSWORD", "PGUSER"]);
        expect(project.name).to.equal("strongbox-prod-pgdump");
        expect(project.buildTimeout).to.equal(240);
        expect(project.serviceRole).to.equal("arn:aws:iam::222222222222:role/strongbox-pgdump-runner-prod");
        expect(project.vpcConfig).to.deep.equal({
            vpcId: "vpc-0123456789abcdef0",
            subnets: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
            securityGroupIds: ["strongbox-prod-pgdump-runner"],
        });
        expect((project.source as { type: string; buildspec: string }).buildspec).to.contain(
            "strongbox dump",
        );
    });

    it("logs to its own log group with the configured retention", () => {
        const logs = one(recorded, "aws:cloudwatch/logGroup:LogGroup").inputs;
        expect(logs).to.include({ name: "/aws/codebuild/strongbox-prod-pgdump", retentionInDays: 90 });
        const project = one(recorded, "aws:codebuild/project:Project").inputs;
        expect(project.logsConfig).to.deep.include({
            cloudwatchLogs: { status: "ENABLED", groupName: "/aws/codebuild/strongbox-prod-pgdump" },
        });
    });

    it("lets the runner security group reach only the database port of the database group, and HTTPS", () => {
        const sgId = "strongbox-prod-pgdump-runner"; // the mock answers a group's id with its name
        const egress = byType(recorded, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map(
            (r) => r.inputs,
        );
        expect(egress).to.have.length(2);
        const pg = egress.find((e) => e.fromPort === 5432)!;
        expect(pg).to.include({
            securityGroupId: sgId,
            ipProtocol: "tcp",
            fromPort: 5432,
            toPort: 5432,
            referencedSecurityGroupId: "sg-0123456789abcdef0",
        });
        expect(pg.cidrIpv4).to.equal(undefined);
        const https = egress.find((e) => e.fromPort === 443)!;
        expect(https).to.include({
            securityGroupId: sgId,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: "0.0.0.0/0",
        });
        const ingress = byType(recorded, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map(
            (r) => r.inputs,
        );
        expect(ingress).to.deep.equal([
            {
                securityGroupId: "sg-0123456789abcdef0",
                description: "Strongbox pg_dump runner",
                ipProtocol: "tcp",
                fromPort: 5432,
                toPort: 5432,
                referencedSecurityGroupId: sgId,
                tags: {},
            },
        ]);
        // No inline rules on the group itself (they would fight the standalone rules).
        const sg = one(recorded, "aws:ec2/securityGroup:SecurityGroup").inputs;
        expect(sg.ingress).to.equal(undefined);
        expect(sg.egress).to.equal(undefined);
    });

    it("writes only under its own databases' prefixes, reads the lock configuration, uses only the backup key", () => {
        const doc = runnerPolicyDoc();
        expect(statement(doc, "ReadBucketLockConfiguration")).to.deep.include({
            Action: ["s3:GetBucketObjectLockConfiguration"],
            Resource: BACKUP_OUTPUTS.bucketArn,
        });
        const dumps = byType(recorded, "aws:iam/policy:Policy").filter((p) =>
            p.name.startsWith(`${NAME}-dumps-`),
        );
        expect(dumps.map((p) => p.name)).to.deep.equal([`${NAME}-dumps-0`]);
        const s3 = statement(policyOf(dumps[0]), "WriteAndReadBackOwnDumps0");
        expect(s3.Resource).to.deep.equal([
            "arn:aws:s3:::acme-strongbox-prod-pg-backups/layer3/appdb/*",
            "arn:aws:s3:::acme-strongbox-prod-pg-backups/layer3/billing/*",
        ]);
        // No PutObjectRetention (the lock is the bucket's default) and no DeleteObject.
        expect(asList(s3.Action)).to.have.members([
            "s3:PutObject",
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts",
            "s3:GetObject",
            "s3:GetObjectVersion",
            "s3:GetObjectRetention",
        ]);
        const attached = byType(recorded, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").find(
            (a) => a.name === `${NAME}-dumps-0`,
        )!;
        expect(attached.inputs).to.include({
            role: "strongbox-pgdump-runner-prod",
            policyArn: dumps[0].state.arn,
        });
        const kms = statement(doc, "EncryptWithBackupKey");
        expect(kms.Resource).to.equal(BACKUP_OUTPUTS.kmsKeyArn);
        expect(asList(kms.Action)).to.have.members(["kms:GenerateDataKey", "kms:Encrypt", "kms:DescribeKey"]);
        const decrypt = statement(doc, "DecryptOnlyThroughS3");
        expect(decrypt.Resource).to.equal(BACKUP_OUTPUTS.kmsKeyArn);
        expect(decrypt.Condition).to.deep.equal({
            StringEquals: { "kms:ViaService": "s3.ap-southeast-4.amazonaws.com" },
        });
        // Nothing else may touch the backup bucket or key.
        const touchingBackup = doc.Statement.filter((s) =>
            asList(s.Resource).some(
                (r) => r.includes("acme-strongbox-prod-pg-backups") || r.includes(":kms:"),
            ),
        );
        expect(touchingBackup.map((s) => s.Sid)).to.have.members([
            "ReadBucketLockConfiguration",
            "EncryptWithBackupKey",
            "DecryptOnlyThroughS3",
        ]);
    });

    it("reads exactly the configured databases' secrets", () => {
        const policies = byType(recorded, "aws:iam/policy:Policy").filter((p) =>
            p.name.includes("-secrets-"),
        );
        expect(policies).to.have.length(1);
        const doc = policyOf(policies[0]);
        expect(doc.Statement).to.deep.equal([
            {
                Sid: "ReadDatabaseSecrets0",
                Effect: "Allow",
                Action: "secretsmanager:GetSecretValue",
                Resource: [SECRET_APPDB, SECRET_BILLING],
            },
        ]);
        const attachment = one(
            recorded,
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            `${NAME}-secrets-0`,
        ).inputs;
        expect(attachment.role).to.equal("strongbox-pgdump-runner-prod");
        // The main policy grants no Secrets Manager access at all.
        expect(
            runnerPolicyDoc()
                .Statement.flatMap((s) => asList(s.Action))
                .filter((a) => a.startsWith("secretsmanager:")),
        ).to.deep.equal([]);
    });

    it("logs only to its log group, reads only the runner bundle, and scopes ENI permissions to its subnets", () => {
        const doc = runnerPolicyDoc();
        const logGroupArn =
            "arn:aws:logs:us-east-1:222222222222:log-group:/aws/codebuild/strongbox-prod-pgdump";
        expect(statement(doc, "WriteOwnLogGroup").Resource).to.deep.equal([logGroupArn, `${logGroupArn}:*`]);
        expect(statement(doc, "ReadRunnerBundle").Resource).to.equal(
            `arn:aws:s3:::${NAME}-artifacts-physical/runner/strongbox-runner.zip`,
        );
        const eni = statement(doc, "CodeBuildVpcNetworkInterfacePermission");
        expect(eni.Resource).to.equal("arn:aws:ec2:us-east-1:222222222222:network-interface/*");
        expect(eni.Condition).to.deep.equal({
            StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
            ArnEquals: {
                "ec2:Subnet": [
                    "arn:aws:ec2:us-east-1:222222222222:subnet/subnet-0123456789abcdef0",
                    "arn:aws:ec2:us-east-1:222222222222:subnet/subnet-0fedcba9876543210",
                ],
            },
        });
    });

    it('grants no wildcard action anywhere, and Resource "*" only for the justified EC2 calls', () => {
        const docs = [
            runnerPolicyDoc(),
            ...byType(recorded, "aws:iam/policy:Policy").map((p) => policyOf(p)),
            policyOf(one(recorded, "aws:iam/rolePolicy:RolePolicy", `${NAME}-scheduler-policy`)),
            policyOf(one(recorded, "aws:sns/topicPolicy:TopicPolicy")),
        ];
        const statements = docs.flatMap((d) => d.Statement);
        for (const s of statements) {
            for (const action of asList(s.Action)) expect(action, s.Sid).to.not.contain("*");
            expect(s.NotAction, s.Sid).to.equal(undefined);
            expect(s.NotResource, s.Sid).to.equal(undefined);
        }
        const wildcard = statements.filter((s) => asList(s.Resource).includes("*"));
        expect(wildcard.map((s) => s.Sid)).to.deep.equal(["CodeBuildVpcNetworkInterfaces"]);
        expect(asList(wildcard[0].Action)).to.deep.equal([
            "ec2:CreateNetworkInterface",
            "ec2:DeleteNetworkInterface",
            "ec2:DescribeDhcpOptions",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSubnets",
            "ec2:DescribeVpcs",
        ]);
    });

    it("names the runner role deterministically and lets only our CodeBuild project assume it", () => {
        const role = one(recorded, "aws:iam/role:Role", `${NAME}-role`).inputs;
        expect(role.name).to.equal("strongbox-pgdump-runner-prod");
        const trust = policyOf(one(recorded, "aws:iam/role:Role", `${NAME}-role`), "assumeRolePolicy");
        expect(trust.Statement).to.deep.equal([
            {
                Sid: "AssumedByServiceForThisAccountOnly",
                Effect: "Allow",
                Principal: { Service: "codebuild.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": SOURCE_ACCOUNT },
                    ArnEquals: {
                        "aws:SourceArn":
                            "arn:aws:codebuild:us-east-1:222222222222:project/strongbox-prod-pgdump",
                    },
                },
            },
        ]);
    });

    it("lets the scheduler start builds of the one project only", () => {
        const doc = policyOf(one(recorded, "aws:iam/rolePolicy:RolePolicy", `${NAME}-scheduler-policy`));
        expect(doc.Statement).to.deep.equal([
            {
                Sid: "StartRunnerBuilds",
                Effect: "Allow",
                Action: "codebuild:StartBuild",
                Resource: "arn:aws:codebuild:us-east-1:222222222222:project/strongbox-prod-pgdump",
            },
        ]);
        const trust = policyOf(
            one(recorded, "aws:iam/role:Role", `${NAME}-scheduler-role`),
            "assumeRolePolicy",
        );
        expect(trust.Statement[0].Principal).to.deep.equal({ Service: "scheduler.amazonaws.com" });
        expect(trust.Statement[0].Condition?.ArnEquals).to.deep.equal({
            "aws:SourceArn": "arn:aws:scheduler:us-east-1:222222222222:schedule-group/strongbox-prod-pgdump",
        });
    });

    it("notifies the topic of FAILED, TIMED_OUT and STOPPED builds of the project, and mails the subscribers", () => {
        const rule = one(recorded, "aws:cloudwatch/eventRule:EventRule").inputs;
        expect(JSON.parse(rule.eventPattern as string)).to.deep.equal({
            source: ["aws.codebuild"],
            "detail-type": ["CodeBuild Build State Change"],
            detail: {
                "build-status": ["FAILED", "TIMED_OUT", "STOPPED"],
                "project-name": ["strongbox-prod-pgdump"],
            },
        });
        const target = one(recorded, "aws:cloudwatch/eventTarget:EventTarget").inputs;
        const topicArn = "arn:aws:sns:us-east-1:222222222222:strongbox-prod-pgdump-failures";
        expect(target).to.include({ arn: topicArn, rule: "strongbox-prod-pgdump-failures" });
        const policy = policyOf(one(recorded, "aws:sns/topicPolicy:TopicPolicy"));
        expect(policy.Statement).to.deep.equal([
            {
                Sid: "EventBridgeFailureRulePublishes",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: {
                    ArnEquals: {
                        "aws:SourceArn": `arn:aws:mock:us-east-1:222222222222:eventrule/strongbox-prod-pgdump-failures`,
                    },
                    StringEquals: { "aws:SourceAccount": SOURCE_ACCOUNT },
                },
            },
        ]);
        const subs = byType(recorded, "aws:sns/topicSubscription:TopicSubscription").map((s) => s.inputs);
        expect(subs.map((s) => [s.protocol, s.endpoint, s.topic])).to.deep.equal([
            ["email", "oncall@example.com", topicArn],
            ["email", "dba@example.com", topicArn],
        ]);
    });

    it("keeps the runner bundle in a private, versioned, encrypted bucket", () => {
        const bucket = `${NAME}-artifacts-physical`;
        expect(one(recorded, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).to.include({
            bucket,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        expect(
            one(recorded, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration,
        ).to.deep.equal({ status: "Enabled" });
        const sse = one(
            recorded,
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        ).inputs;
        expect(sse.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true },
        ]);
        expect(
            one(recorded, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule,
        ).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
        const bundle = one(recorded, "aws:s3/bucketObjectv2:BucketObjectv2").inputs;
        expect(bundle).to.include({
            bucket,
            key: "runner/strongbox-runner.zip",
            serverSideEncryption: "AES256",
        });
    });

    it("exposes its outputs", async () => {
        expect(await promiseOf(runner.runnerRoleArn)).to.equal(
            "arn:aws:iam::222222222222:role/strongbox-pgdump-runner-prod",
        );
        expect(await promiseOf(runner.failureTopicArn)).to.equal(
            "arn:aws:sns:us-east-1:222222222222:strongbox-prod-pgdump-failures",
        );
        expect(await promiseOf(runner.scheduleNames.billing)).to.equal("pgdump-billing");
        expect(custom().length).to.equal(recorded.length - 1);
    });

    it("throws from the constructor before declaring anything, even the component itself", async () => {
        const before = recorded.length;
        expect(() => new mod.PgDumpRunner("invalid-runner", { ...baseArgs(), databases: [] })).to.throw(
            mod.PgDumpRunnerArgsError,
            "`databases` must list at least one database",
        );
        await settle();
        expect(recorded.slice(before).map((r) => r.name)).to.deep.equal([]);
    });
});
