/** The PgDumpRunner's pure parts: validation, secret-policy chunking, the bundle's package.json. No Pulumi engine. */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import {
    PgDumpRunnerArgsError,
    PgDumpRunnerPlainArgs,
    validatePgDumpRunnerArgs,
} from "../../components/pg-dump-runner-validate";
import {
    chunkSecretArns,
    MAX_SECRETS_POLICIES,
    runnerSecretsPolicies,
} from "../../components/pg-dump-runner-iam";
import { runnerBundleFromBuild, runnerPackageJson } from "../../components/pg-dump-runner-bundle";
import {
    databaseOverrides,
    projectEnvironment,
    renderBuildspec,
} from "../../components/pg-dump-runner-buildspec";
import { SECRET_APPDB, SOURCE_ACCOUNT, SOURCE_REGION } from "./pg-dump-runner.fixtures";

function valid(): PgDumpRunnerPlainArgs {
    return {
        namePrefix: "strongbox-prod",
        accountId: SOURCE_ACCOUNT,
        region: SOURCE_REGION,
        runnerRoleName: "strongbox-pgdump-runner-prod",
        databases: [{ name: "appdb", endpoint: "db-1.example.internal", secretArn: SECRET_APPDB }],
        network: {
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: ["subnet-0123456789abcdef0"],
            databaseSecurityGroupId: "sg-0123456789abcdef0",
        },
    };
}

function problemsOf(args: PgDumpRunnerPlainArgs): string[] {
    try {
        validatePgDumpRunnerArgs(args);
    } catch (e) {
        expect(e).to.be.instanceOf(PgDumpRunnerArgsError);
        return (e as PgDumpRunnerArgsError).problems;
    }
    return [];
}

const secretArn = (i: number) =>
    `arn:aws:secretsmanager:${SOURCE_REGION}:${SOURCE_ACCOUNT}:secret:rds!cluster-db${String(i).padStart(3, "0")}-AbCdEf`;

describe("validatePgDumpRunnerArgs", () => {
    it("accepts a minimal valid set of args", () => {
        expect(problemsOf(valid())).to.deep.equal([]);
    });

    const cases: Array<[string, (a: PgDumpRunnerPlainArgs) => PgDumpRunnerPlainArgs, string]> = [
        [
            "an override schedule AWS would refuse",
            (a) => ({ ...a, databases: [{ ...a.databases[0], schedule: "cron(30 1 * * *)" }] }),
            '`databases[0].schedule` cron needs 6 fields (minutes hours day-of-month month day-of-week year), got 5 in "cron(30 1 * * *)"; e.g. "cron(30 1 * * ? *)"',
        ],
        [
            "a secret in another account",
            (a) => ({
                ...a,
                databases: [
                    {
                        ...a.databases[0],
                        secretArn: "arn:aws:secretsmanager:us-east-1:999999999999:secret:x-AbCdEf",
                    },
                ],
            }),
            "`databases[0].secretArn` must be in the source account 222222222222 and region us-east-1 (got 999999999999 in us-east-1)",
        ],
        [
            "a database listed twice",
            (a) => ({ ...a, databases: [a.databases[0], a.databases[0]] }),
            '`databases[1].name` repeats database "appdb"; each database may appear once',
        ],
        [
            "no databases",
            (a) => ({ ...a, databases: [] }),
            "`databases` must list at least one database; add one or do not create a PgDumpRunner",
        ],
        [
            "an unsupported server version",
            (a) => ({ ...a, databases: [{ ...a.databases[0], pgMajorVersion: 9 }] }),
            "`databases[0].pgMajorVersion` must be a PostgreSQL major version from 12 to 17 (got 9)",
        ],
        [
            "a log retention CloudWatch does not accept",
            (a) => ({ ...a, logRetentionDays: 45 }),
            "`logRetentionDays` must be one of CloudWatch's retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 45)",
        ],
        [
            "a security group ID that is not one",
            (a) => ({ ...a, network: { ...a.network, databaseSecurityGroupId: "default" } }),
            '`network.databaseSecurityGroupId` must be an ID such as "sg-0123456789abcdef0" (got "default")',
        ],
        [
            "a build timeout over CodeBuild's maximum",
            (a) => ({ ...a, buildTimeoutMinutes: 3000 }),
            "`buildTimeoutMinutes` must be a whole number from 5 to 2160 (CodeBuild's limits) (got 3000)",
        ],
        [
            "a name prefix too long for the scheduler role name",
            (a) => ({ ...a, namePrefix: "x".repeat(41) }),
            `\`namePrefix\` must be 2-40 lowercase letters, digits or "-", starting with a letter, e.g. "strongbox-prod" (got "${"x".repeat(41)}")`,
        ],
        [
            "an empty HTTPS egress list",
            (a) => ({ ...a, httpsEgressCidrBlocks: [] }),
            "`httpsEgressCidrBlocks` must list at least one CIDR: the job reaches S3, KMS and Secrets Manager over HTTPS",
        ],
    ];
    for (const [what, mutate, message] of cases) {
        it(`refuses ${what} with a message naming the field and the fix`, () => {
            expect(problemsOf(mutate(valid()))).to.deep.equal([message]);
        });
    }

    it("reports every problem at once", () => {
        const problems = problemsOf({ ...valid(), logRetentionDays: 45, buildTimeoutMinutes: 1 });
        expect(problems).to.have.length(2);
    });

    it("refuses more databases than one role's managed-policy quota can hold, and accepts 200", () => {
        const many = (n: number): PgDumpRunnerPlainArgs => ({
            ...valid(),
            databases: Array.from({ length: n }, (_, i) => ({
                name: `db${i}`,
                endpoint: "h.example",
                secretArn: secretArn(i),
            })),
        });
        expect(problemsOf(many(200))).to.deep.equal([]);
        const problems = problemsOf(many(1000));
        expect(problems).to.have.length(1);
        expect(problems[0]).to.match(
            /^`databases` has too many secrets for one runner role \(\d+ secret policies, AWS attaches at most 10\); split/,
        );
    });
});

describe("runner secret policies", () => {
    it("keep every policy under IAM's 6,144-character managed-policy limit and lose no ARN", () => {
        const arns = Array.from({ length: 200 }, (_, i) => secretArn(i));
        const docs = runnerSecretsPolicies(arns);
        expect(docs.length).to.equal(chunkSecretArns(arns).length);
        expect(docs.length).to.be.within(2, MAX_SECRETS_POLICIES);
        for (const doc of docs) expect(JSON.stringify(doc).length).to.be.at.most(6144);
        expect(docs.flatMap((d) => d.Statement.flatMap((s) => s.Resource as string[]))).to.deep.equal(arns);
    });

    it("put a handful of secrets in one policy", () => {
        expect(chunkSecretArns([secretArn(1), secretArn(2)])).to.deep.equal([[secretArn(1), secretArn(2)]]);
    });
});

describe("runner bundle", () => {
    it("ships the runner's dependencies without the Pulumi SDKs", () => {
        const pkg = runnerPackageJson({
            name: "strongbox",
            version: "0.1.0",
            dependencies: {
                "@pulumi/aws": "^7",
                "@pulumi/pulumi": "^3",
                pg: "^8.23.1",
                "@aws-sdk/client-s3": "^3",
            },
        });
        expect(pkg.dependencies).to.deep.equal({ pg: "^8.23.1", "@aws-sdk/client-s3": "^3" });
        expect(pkg.bin).to.deep.equal({ strongbox: "dist/runner/cli.js" });
    });

    it("refuses a build directory without the CLI and says to build first", () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "strongbox-nobuild-"));
        try {
            expect(() => runnerBundleFromBuild(empty, "package.json")).to.throw(
                `\`runnerBuildDir\` has no runner/cli.js (looked for ${path.join(empty, "runner", "cli.js")}); run \`npm run build\` before \`pulumi up\``,
            );
        } finally {
            fs.rmSync(empty, { recursive: true, force: true });
        }
    });
});

describe("the job's TLS to the database", () => {
    const env = projectEnvironment({
        bucketName: "b",
        bucketRegion: "ap-southeast-4",
        kmsKeyArn: "arn:aws:kms:ap-southeast-4:111111111111:key/k",
        retentionDays: 35,
        keyPrefix: "layer3",
        bundleBucket: "artifacts",
        bundleRegion: SOURCE_REGION,
        bundleKey: "runner/strongbox-runner.zip",
        bundleVersion: "v1",
        defaultPgMajorVersion: 16,
    });
    const byName = Object.fromEntries(env.map((v) => [v.name, v.value]));

    it("downloads the RDS global CA bundle in the install phase, to the file PGSSLROOTCERT names", () => {
        const spec = parse(renderBuildspec()) as { phases: { install: { commands: string[] } } };
        expect(spec.phases.install.commands).to.include(
            "curl -fsSL --create-dirs -o /usr/local/share/strongbox/rds-global-bundle.pem " +
                "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
        );
        expect(byName.PGSSLROOTCERT).to.equal("/usr/local/share/strongbox/rds-global-bundle.pem");
    });

    it("makes pg_dump and the runner verify the server's certificate and host name", () => {
        expect(byName.PGSSLMODE).to.equal("verify-full");
    });

    it("sends the same per-database overrides as before: TLS is set once, for the whole project", () => {
        const names = databaseOverrides({
            name: "appdb",
            endpoint: "db-1.example.internal",
            port: 5432,
            secretArn: SECRET_APPDB,
            pgMajorVersion: 16,
        }).map((v) => v.name);
        expect(names).to.deep.equal(["PGHOST", "PGPORT", "PGDATABASE", "DB_SECRET_ARN", "PG_MAJOR_VERSION"]);
    });
});
