/**
 * Pure validation of PgDumpRunner arguments: every problem, with the field in
 * backticks and the fix, before a single child resource is declared.
 */
import * as f from "../../stacks/config-formats";
import { CLOUDWATCH_RETENTION_DAYS } from "../../stacks/config";
import { scheduleExpressionProblem } from "./schedule-expression";
import type { PgDumpRunnerArgs } from "./args";
import { chunkSecretArns, MAX_SECRETS_POLICIES } from "./iam";

/**
 * The plain (non-Output) part of the args that validation can see: picked from
 * `PgDumpRunnerArgs` rather than restated, so the checked types cannot drift from the declared ones.
 */
export type PgDumpRunnerPlainArgs = Pick<
    PgDumpRunnerArgs,
    | "namePrefix"
    | "accountId"
    | "region"
    | "runnerRoleName"
    | "databases"
    | "defaultSchedule"
    | "flexibleWindowMinutes"
    | "network"
    | "httpsEgressCidrBlocks"
    | "logRetentionDays"
    | "notificationEmails"
    | "buildTimeoutMinutes"
>;

/** `namePrefix` plus the longest suffix (`-pgdump-scheduler`) must fit IAM's 64-character role names. */
const NAME_PREFIX = /^[a-z][a-z0-9-]{1,39}$/;
const CIDR = /^(\d{1,3})(\.\d{1,3}){3}\/(\d|[12]\d|3[0-2])$/;

export class PgDumpRunnerArgsError extends Error {
    constructor(public readonly problems: string[]) {
        super(`Invalid PgDumpRunner arguments:\n  - ${problems.join("\n  - ")}`);
        this.name = "PgDumpRunnerArgsError";
    }
}

/** Throws `PgDumpRunnerArgsError` listing every problem; returns nothing when the args are usable. */
export function validatePgDumpRunnerArgs(args: PgDumpRunnerPlainArgs): void {
    const problems: string[] = [];
    const add = (problem: string | undefined) => {
        if (problem) problems.push(problem);
    };
    const got = (v: unknown) => `(got ${JSON.stringify(v)})`;

    if (!NAME_PREFIX.test(args.namePrefix)) {
        add(
            `\`namePrefix\` must be 2-40 lowercase letters, digits or "-", starting with a letter, e.g. "strongbox-prod" ${got(args.namePrefix)}`,
        );
    }
    if (!f.ACCOUNT_ID.test(args.accountId))
        add(`\`accountId\` must be the 12-digit source account ID ${got(args.accountId)}`);
    if (!f.REGION.test(args.region))
        add(`\`region\` must be an AWS region such as "us-east-1" ${got(args.region)}`);
    if (!/^[\w+=,.@-]{1,64}$/.test(args.runnerRoleName)) {
        add(
            `\`runnerRoleName\` must be an IAM role name of 1-64 characters from [A-Za-z0-9+=,.@_-] ${got(args.runnerRoleName)}`,
        );
    }
    if (args.defaultSchedule !== undefined) {
        const problem = scheduleExpressionProblem(args.defaultSchedule);
        if (problem) add(`\`defaultSchedule\` ${problem}`);
    }
    const window = args.flexibleWindowMinutes;
    if (window !== undefined && !(Number.isInteger(window) && window >= 0 && window <= 1440)) {
        add(`\`flexibleWindowMinutes\` must be a whole number from 0 (exact time) to 1440 ${got(window)}`);
    }

    if (args.databases.length === 0)
        add("`databases` must list at least one database; add one or do not create a PgDumpRunner");
    const seen = new Set<string>();
    args.databases.forEach((db, i) => {
        const field = `databases[${i}]`;
        if (!/^[a-z][a-z0-9_-]{0,39}$/.test(db.name)) {
            add(
                `\`${field}.name\` must start with a lowercase letter and use only lowercase letters, digits, "_" or "-", at most 40 characters ${got(db.name)}`,
            );
        }
        if (seen.has(db.name))
            add(
                `\`${field}.name\` repeats database ${JSON.stringify(db.name)}; each database may appear once`,
            );
        seen.add(db.name);
        if (db.endpoint.length === 0) add(`\`${field}.endpoint\` must be the database's hostname`);
        if (db.port !== undefined && !(Number.isInteger(db.port) && db.port >= 1 && db.port <= 65535)) {
            add(`\`${field}.port\` must be a TCP port from 1 to 65535 ${got(db.port)}`);
        }
        const secret = f.parseSecretArn(db.secretArn);
        if (!secret) {
            add(
                `\`${field}.secretArn\` must be a Secrets Manager ARN such as "arn:aws:secretsmanager:<region>:<account>:secret:<name>" ${got(db.secretArn)}`,
            );
        } else if (secret.accountId !== args.accountId || secret.region !== args.region) {
            add(
                `\`${field}.secretArn\` must be in the source account ${args.accountId} and region ${args.region} (got ${secret.accountId} in ${secret.region})`,
            );
        }
        if (db.schedule !== undefined) {
            const problem = scheduleExpressionProblem(db.schedule);
            if (problem) add(`\`${field}.schedule\` ${problem}`);
        }
        const major = db.pgMajorVersion;
        if (major !== undefined && !(Number.isInteger(major) && major >= 12 && major <= 17)) {
            add(`\`${field}.pgMajorVersion\` must be a PostgreSQL major version from 12 to 17 ${got(major)}`);
        }
    });
    const chunks = chunkSecretArns(args.databases.map((d) => d.secretArn)).length;
    if (chunks > MAX_SECRETS_POLICIES) {
        add(
            `\`databases\` has too many secrets for one runner role (${chunks} secret policies, AWS attaches at most ${MAX_SECRETS_POLICIES}); ` +
                "split the databases across two source stacks with different `runnerRoleName`s",
        );
    }

    const net = args.network;
    if (!/^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/.test(net.vpcId))
        add(`\`network.vpcId\` must be an ID such as "vpc-0123456789abcdef0" ${got(net.vpcId)}`);
    if (net.subnetIds.length === 0)
        add("`network.subnetIds` must list at least one private subnet with a route to the databases");
    net.subnetIds.forEach((s, i) => {
        if (!/^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/.test(s))
            add(`\`network.subnetIds[${i}]\` must be an ID such as "subnet-0123456789abcdef0" ${got(s)}`);
    });
    if (!/^sg-[0-9a-f]{8}([0-9a-f]{9})?$/.test(net.databaseSecurityGroupId)) {
        add(
            `\`network.databaseSecurityGroupId\` must be an ID such as "sg-0123456789abcdef0" ${got(net.databaseSecurityGroupId)}`,
        );
    }
    const cidrs = args.httpsEgressCidrBlocks;
    if (cidrs !== undefined) {
        if (cidrs.length === 0)
            add(
                "`httpsEgressCidrBlocks` must list at least one CIDR: the job reaches S3, KMS and Secrets Manager over HTTPS",
            );
        cidrs.forEach((c, i) => {
            if (!CIDR.test(c))
                add(`\`httpsEgressCidrBlocks[${i}]\` must be an IPv4 CIDR such as "10.0.0.0/16" ${got(c)}`);
        });
    }

    if (args.logRetentionDays !== undefined && !CLOUDWATCH_RETENTION_DAYS.includes(args.logRetentionDays)) {
        add(
            `\`logRetentionDays\` must be one of CloudWatch's retention values ${CLOUDWATCH_RETENTION_DAYS.join(", ")} ${got(args.logRetentionDays)}`,
        );
    }
    (args.notificationEmails ?? []).forEach((e, i) => {
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e))
            add(`\`notificationEmails[${i}]\` must be an e-mail address ${got(e)}`);
    });
    const timeout = args.buildTimeoutMinutes;
    if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 5 && timeout <= 2160)) {
        add(
            `\`buildTimeoutMinutes\` must be a whole number from 5 to 2160 (CodeBuild's limits) ${got(timeout)}`,
        );
    }

    if (problems.length > 0) throw new PgDumpRunnerArgsError(problems);
}
