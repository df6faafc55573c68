import { expect } from "chai";
import { installMocks, RecordedResource, resolveDeep, settle } from "../harness/offline-mocks";
import { parseStackConfig, SourceStackConfig } from "../../stacks/config";
import { chunkDatabases } from "../../components/pg-dump-runner/dump-policies";
import { chunkSecretArns } from "../../components/pg-dump-runner/iam";
import {
    asList,
    BACKUP_OUTPUTS,
    byType,
    countByType,
    one,
    PER_DATABASE_TYPES,
    policyOf,
    SOURCE_ACCOUNT,
    SOURCE_REGION,
    statement,
    STUB_BUNDLE,
} from "../components/pg-dump-runner/fixtures";

const BACKUP_STACK = "acme/strongbox/prod-backup";
const RUNNER_ROLE_ARN = `arn:aws:iam::${SOURCE_ACCOUNT}:role/strongbox-pgdump-runner-prod`;

/** The prod-source YAML's shape, with `n` databases. */
function sourceConfig(n: number): SourceStackConfig {
    const databases = Array.from({ length: n }, (_, i) => ({
        name: i === 0 ? "appdb" : `db${String(i).padStart(3, "0")}`,
        endpoint: `db${i}.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com`,
        secretArn: `arn:aws:secretsmanager:${SOURCE_REGION}:${SOURCE_ACCOUNT}:secret:rds!cluster-db${String(i).padStart(3, "0")}-AbCdEf`,
        ...(i === 1 ? { schedule: "rate(6 hours)" } : {}),
        pgMajorVersion: 15,
    }));
    const raw = {
        role: "source",
        environment: "prod",
        tags: { owner: "platform" },
        source: {
            accountId: SOURCE_ACCOUNT,
            backupStack: BACKUP_STACK,
            runnerRoleName: "strongbox-pgdump-runner-prod",
            network: {
                vpcId: "vpc-0123456789abcdef0",
                subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
                databaseSecurityGroupId: "sg-0123456789abcdef0",
            },
            logRetentionDays: 90,
            notificationEmails: ["oncall@example.com"],
            databases,
        },
    };
    return parseStackConfig(raw, SOURCE_REGION) as SourceStackConfig;
}

/** The backup stack's `writers`: the runner role of `sourceConfig(n)`, granted its databases under `keyPrefix`. */
function writersFor(n: number, keyPrefix = BACKUP_OUTPUTS.keyPrefix, granted = n): Record<string, unknown> {
    const names = sourceConfig(n).source.databases.map((d) => d.name);
    return { [RUNNER_ROLE_ARN]: { keyPrefix, databases: names.slice(0, granted) } };
}

async function build(
    n: number,
    writers: Record<string, unknown> = writersFor(n),
): Promise<{ recorded: RecordedResource[]; outputs: Record<string, unknown>; ms: number }> {
    const recorded = await installMocks({
        accountId: SOURCE_ACCOUNT,
        region: SOURCE_REGION,
        stackReferences: { [BACKUP_STACK]: { ...BACKUP_OUTPUTS, writers } },
    });
    const { buildSourceStack } = await import("../../stacks/source-stack");
    const started = Date.now();
    const stack = buildSourceStack(sourceConfig(n), { runnerBundle: STUB_BUNDLE });
    const outputs = (await resolveDeep(stack)) as Record<string, unknown>;
    await settle();
    return { recorded, outputs, ms: Date.now() - started };
}

describe("source stack", () => {
    describe("with the prod-source databases", () => {
        let recorded: RecordedResource[];
        let outputs: Record<string, unknown>;

        before(async () => {
            ({ recorded, outputs } = await build(2));
        });

        it("feeds the backup stack's bucket, region, key, prefix and retention into the job", () => {
            const env = (
                one(recorded, "aws:codebuild/project:Project").inputs.environment as {
                    environmentVariables: Array<{ name: string; value: string }>;
                }
            ).environmentVariables;
            expect(Object.fromEntries(env.map((v) => [v.name, v.value]))).to.include({
                BACKUP_BUCKET: "acme-strongbox-prod-pg-backups",
                BACKUP_BUCKET_REGION: "ap-southeast-4",
                BACKUP_KMS_KEY_ID:
                    "arn:aws:kms:ap-southeast-4:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                BACKUP_RETENTION_DAYS: "35",
                BACKUP_KEY_PREFIX: "layer3",
            });
        });

        it("feeds them into the runner's IAM policy, with the exact secret ARNs", () => {
            const doc = policyOf(
                one(recorded, "aws:iam/rolePolicy:RolePolicy", "strongbox-prod-pgdump-role-policy"),
            );
            expect(statement(doc, "ReadBucketLockConfiguration").Resource).to.equal(BACKUP_OUTPUTS.bucketArn);
            const dumps = policyOf(one(recorded, "aws:iam/policy:Policy", "strongbox-prod-pgdump-dumps-0"));
            expect(statement(dumps, "WriteAndReadBackOwnDumps0").Resource).to.deep.equal([
                "arn:aws:s3:::acme-strongbox-prod-pg-backups/layer3/appdb/*",
                "arn:aws:s3:::acme-strongbox-prod-pg-backups/layer3/db001/*",
            ]);
            expect(statement(doc, "EncryptWithBackupKey").Resource).to.equal(BACKUP_OUTPUTS.kmsKeyArn);
            expect(statement(doc, "DecryptOnlyThroughS3").Condition).to.deep.equal({
                StringEquals: { "kms:ViaService": "s3.ap-southeast-4.amazonaws.com" },
            });
            const secrets = byType(recorded, "aws:iam/policy:Policy")
                .filter((p) => p.name.includes("-secrets-"))
                .flatMap((p) => policyOf(p).Statement.flatMap((s) => asList(s.Resource)));
            expect(secrets).to.deep.equal([
                "arn:aws:secretsmanager:us-east-1:222222222222:secret:rds!cluster-db000-AbCdEf",
                "arn:aws:secretsmanager:us-east-1:222222222222:secret:rds!cluster-db001-AbCdEf",
            ]);
        });

        it("schedules the default and the override", () => {
            const byName = Object.fromEntries(
                byType(recorded, "aws:scheduler/schedule:Schedule").map((s) => [
                    s.inputs.name,
                    s.inputs.scheduleExpression,
                ]),
            );
            expect(byName).to.deep.equal({
                "pgdump-appdb": "cron(30 1 * * ? *)",
                "pgdump-db001": "rate(6 hours)",
            });
        });

        it("exports the project, role, topic and schedule names", () => {
            expect(outputs).to.deep.include({
                runnerProjectName: "strongbox-prod-pgdump",
                runnerRoleArn: "arn:aws:iam::222222222222:role/strongbox-pgdump-runner-prod",
                failureTopicArn: "arn:aws:sns:us-east-1:222222222222:strongbox-prod-pgdump-failures",
                scheduleGroupName: "strongbox-prod-pgdump",
                scheduleNames: { appdb: "pgdump-appdb", db001: "pgdump-db001" },
                backupVaultArn: BACKUP_OUTPUTS.vaultArn,
            });
        });

        it("parents every resource under the runner component", () => {
            const component = one(recorded, "strongbox:runner:PgDumpRunner");
            for (const r of recorded.filter((x) => x !== component))
                expect(r.parentUrn, r.name).to.equal(component.urn);
        });
    });

    describe("scaling to 200 databases", () => {
        /** Fixed per runner: 6 artifact-bucket resources, log group, SG + 3 rules, 2 roles, 2 inline policies, project, schedule group, topic, rule, topic policy, target. */
        const FIXED_CUSTOM = 21;
        const EMAILS = 1;
        let small: Awaited<ReturnType<typeof build>>;
        let large: Awaited<ReturnType<typeof build>>;

        before(async function () {
            this.timeout(120000);
            small = await build(1);
            large = await build(200);
        });

        const secretChunks = (n: number) =>
            chunkSecretArns(sourceConfig(n).source.databases.map((d) => d.secretArn)).length;
        const dumpChunks = (n: number) =>
            chunkDatabases(
                "aws",
                sourceConfig(n).source.databases.map((d) => d.name),
            ).length;
        /** Managed policies, each with its attachment: the secrets' and the dump prefixes'. */
        const policyChunks = (n: number) => secretChunks(n) + dumpChunks(n);

        it("builds offline in reasonable time", () => {
            expect(large.ms, `${large.ms} ms`).to.be.below(60000);
        });

        it("adds exactly one resource (a Schedule) per database; everything else is fixed except policy chunks", () => {
            const a = countByType(small.recorded);
            const b = countByType(large.recorded);
            expect(a["aws:scheduler/schedule:Schedule"]).to.equal(1);
            expect(b["aws:scheduler/schedule:Schedule"]).to.equal(200);
            expect(secretChunks(1)).to.equal(1);
            expect(secretChunks(200)).to.equal(3); // 67 of these 78-character ARNs per policy
            expect(dumpChunks(1)).to.equal(1);
            expect(dumpChunks(200)).to.equal(6); // 36 at most per policy with the longest bucket and prefix
            expect(b["aws:iam/policy:Policy"]).to.equal(9);
            expect(b["aws:iam/rolePolicyAttachment:RolePolicyAttachment"]).to.equal(9);
            const perDatabase = new Set<string>([
                ...PER_DATABASE_TYPES,
                "aws:iam/policy:Policy",
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            ]);
            for (const type of Object.keys(b).filter((t) => !perDatabase.has(t)))
                expect(b[type], type).to.equal(a[type]);
        });

        it("totals fixed + 1 per database + 2 per managed policy, for N=1 and N=200", () => {
            const total = (r: RecordedResource[]) => r.filter((x) => x.custom).length;
            expect(total(small.recorded)).to.equal(FIXED_CUSTOM + EMAILS + 1 * 1 + 2 * policyChunks(1));
            expect(total(large.recorded)).to.equal(FIXED_CUSTOM + EMAILS + 1 * 200 + 2 * policyChunks(200));
            expect(total(large.recorded) - total(small.recorded)).to.equal(
                199 * 1 + 2 * (policyChunks(200) - policyChunks(1)),
            );
        });
    });
});
