/** PgDumpRunner argument validation: pure, no Pulumi engine. */
import { expect } from "chai";
import {
    PgDumpRunnerArgsError,
    PgDumpRunnerPlainArgs,
    validatePgDumpRunnerArgs,
} from "../../../components/pg-dump-runner/validate";
import { SECRET_APPDB, SOURCE_ACCOUNT, SOURCE_REGION, secretArn } from "./fixtures";

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
            "`databases[0].pgMajorVersion` must be at least 12 (PostgreSQL 12 to 17) (got 9)",
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
            "a subnet listed twice",
            (a) => ({
                ...a,
                network: { ...a.network, subnetIds: [a.network.subnetIds[0], a.network.subnetIds[0]] },
            }),
            '`network.subnetIds` lists "subnet-0123456789abcdef0" twice; remove the duplicate',
        ],
        [
            "an empty time zone",
            (a) => ({ ...a, scheduleTimezone: "" }),
            '`scheduleTimezone` must be an IANA time zone such as "UTC" or "Australia/Melbourne"',
        ],
        [
            "an endpoint that is no hostname",
            (a) => ({ ...a, databases: [{ ...a.databases[0], endpoint: "db 1.example.internal" }] }),
            '`databases[0].endpoint` must be the database\'s hostname, such as "db-1.cluster-xxx.us-east-1.rds.amazonaws.com" (got "db 1.example.internal")',
        ],
        [
            "a port out of range",
            (a) => ({ ...a, databases: [{ ...a.databases[0], port: 70000 }] }),
            "`databases[0].port` must be at most 65535 (got 70000)",
        ],
        [
            "a compression the runner does not know",
            (a) => ({ ...a, compression: { algorithm: "brotli" } }),
            '`compression.algorithm` must be one of gzip, zstd (got "brotli")',
        ],
        [
            "a zstd level beyond zstd's range, on one database",
            (a) => ({
                ...a,
                databases: [{ ...a.databases[0], compression: { algorithm: "zstd", level: 22 } }],
            }),
            "`databases[0].compression.level` must be a whole number from 1 to 19 for zstd (got 22)",
        ],
        [
            "a gzip level that only zstd has",
            (a) => ({ ...a, compression: { algorithm: "gzip", level: 12 } }),
            "`compression.level` must be a whole number from 1 to 9 for gzip (got 12)",
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
            /^`databases` has too many databases for one runner role \(\d+ secret and \d+ dump-prefix policies, AWS attaches at most 10\); split/,
        );
    });
});
