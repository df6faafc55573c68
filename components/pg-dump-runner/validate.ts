/**
 * Pure validation of PgDumpRunner arguments: every problem, with the field in
 * backticks and the fix, before a single child resource is declared. The stack
 * config runs it on its own values too, and reports the same problems under its keys.
 */
import { awsIdPattern, IPV4_CIDR, parseSecretArn, ROLE_NAME } from "../../shared/aws-identifiers";
import { asCompression, COMPRESSION_NAMES, compressionLevelProblem } from "../../shared/compression";
import { DATABASE_NAME } from "../../shared/object-key";
import * as check from "../common/checks";
import {
    CLOUDWATCH_RETENTION_DAYS,
    PG_DUMP_RUNNER_DEFAULTS,
    PG_DUMP_RUNNER_RANGES,
    DumpCompression,
    PgDumpRunnerArgs,
} from "./args";
import { chunkDatabases } from "./dump-policies";
import { chunkSecretArns, MAX_SECRETS_POLICIES } from "./iam";
import { scheduleExpressionProblem } from "../common/job/schedule-expression";

/**
 * The plain (non-Output) part of the args that validation can see: picked from
 * `PgDumpRunnerArgs` rather than restated, so the checked types cannot drift from the declared ones.
 */
export type PgDumpRunnerPlainArgs = Pick<
    PgDumpRunnerArgs,
    | "namePrefix"
    | "partition"
    | "accountId"
    | "region"
    | "runnerRoleName"
    | "databases"
    | "compression"
    | "defaultSchedule"
    | "scheduleTimezone"
    | "flexibleWindowMinutes"
    | "network"
    | "httpsEgressCidrBlocks"
    | "logRetentionDays"
    | "notificationEmails"
    | "buildTimeoutMinutes"
>;

/** `namePrefix` plus the longest suffix (`-pgdump-scheduler`) must fit IAM's 64-character role names. */
const NAME_PREFIX = /^[a-z][a-z0-9-]{1,39}$/;
/** DNS labels joined by dots: what an RDS instance or cluster endpoint looks like. */
const HOSTNAME = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export class PgDumpRunnerArgsError extends check.ArgsError {
    constructor(problems: readonly check.Problem[]) {
        super("PgDumpRunner arguments", problems);
        this.name = "PgDumpRunnerArgsError";
    }
}

const got = (v: unknown) => `(got ${JSON.stringify(v)})`;

/** Every problem with `args`, in the order of the fields. */
export function pgDumpRunnerProblems(args: PgDumpRunnerPlainArgs): check.Problem[] {
    const p: check.MaybeProblem[] = [];
    const add = (field: string, message: string) => p.push(check.problem(field, message));

    if (!NAME_PREFIX.test(args.namePrefix)) {
        add(
            "namePrefix",
            `must be 2-40 lowercase letters, digits or "-", starting with a letter, e.g. "strongbox-prod" ${got(args.namePrefix)}`,
        );
    }
    p.push(check.accountId("accountId", args.accountId), check.region("region", args.region));
    if (!ROLE_NAME.test(args.runnerRoleName)) {
        add(
            "runnerRoleName",
            `must be an IAM role name of 1-64 characters from [A-Za-z0-9+=,.@_-] ${got(args.runnerRoleName)}`,
        );
    }
    if (args.defaultSchedule !== undefined) {
        const problem = scheduleExpressionProblem(args.defaultSchedule);
        if (problem) add("defaultSchedule", problem);
    }
    if (args.scheduleTimezone !== undefined && args.scheduleTimezone.length === 0)
        add("scheduleTimezone", 'must be an IANA time zone such as "UTC" or "Australia/Melbourne"');
    const window = args.flexibleWindowMinutes;
    const windows = PG_DUMP_RUNNER_RANGES.flexibleWindowMinutes;
    if (window !== undefined && !check.isWholeNumberIn(window, windows)) {
        add(
            "flexibleWindowMinutes",
            `must be a whole number from ${windows.min} (exact time) to ${windows.max} ${got(window)}`,
        );
    }

    if (args.compression !== undefined) p.push(...compressionProblems("compression", args.compression));
    p.push(...databaseProblems(args));
    p.push(...networkProblems(args));

    if (args.logRetentionDays !== undefined && !CLOUDWATCH_RETENTION_DAYS.includes(args.logRetentionDays)) {
        add(
            "logRetentionDays",
            `must be one of CloudWatch's retention values ${CLOUDWATCH_RETENTION_DAYS.join(", ")} ${got(args.logRetentionDays)}`,
        );
    }
    (args.notificationEmails ?? []).forEach((e, i) => {
        if (!EMAIL.test(e)) add(`notificationEmails[${i}]`, `must be an e-mail address ${got(e)}`);
    });
    const timeout = args.buildTimeoutMinutes;
    const timeouts = PG_DUMP_RUNNER_RANGES.buildTimeoutMinutes;
    if (timeout !== undefined && !check.isWholeNumberIn(timeout, timeouts)) {
        add(
            "buildTimeoutMinutes",
            `must be a whole number from ${timeouts.min} to ${timeouts.max} (CodeBuild's limits) ${got(timeout)}`,
        );
    }
    return check.present(p);
}

/** Throws `PgDumpRunnerArgsError` listing every problem; returns nothing when the args are usable. */
export function validatePgDumpRunnerArgs(args: PgDumpRunnerPlainArgs): void {
    const problems = pgDumpRunnerProblems(args);
    if (problems.length > 0) throw new PgDumpRunnerArgsError(problems);
}

function databaseProblems(args: PgDumpRunnerPlainArgs): check.MaybeProblem[] {
    const p: check.MaybeProblem[] = [];
    const add = (field: string, message: string) => p.push(check.problem(field, message));
    if (args.databases.length === 0)
        add("databases", "must list at least one database; add one or do not create a PgDumpRunner");
    const seen = new Set<string>();
    args.databases.forEach((db, i) => {
        const field = `databases[${i}]`;
        if (!DATABASE_NAME.test(db.name)) {
            add(
                `${field}.name`,
                `must start with a lowercase letter and use only lowercase letters, digits, "_" or "-", at most 40 characters ${got(db.name)}`,
            );
        }
        if (seen.has(db.name))
            add(
                `${field}.name`,
                `repeats database ${JSON.stringify(db.name)}; each database may appear once`,
            );
        seen.add(db.name);
        if (!HOSTNAME.test(db.endpoint)) {
            add(
                `${field}.endpoint`,
                `must be the database's hostname, such as "db-1.cluster-xxx.us-east-1.rds.amazonaws.com" ${got(db.endpoint)}`,
            );
        }
        if (db.port !== undefined)
            p.push(check.intInRange(`${field}.port`, db.port, PG_DUMP_RUNNER_RANGES.port));
        const secret = parseSecretArn(db.secretArn);
        if (!secret) {
            add(
                `${field}.secretArn`,
                `must be a Secrets Manager ARN such as "arn:aws:secretsmanager:<region>:<account>:secret:<name>" ${got(db.secretArn)}`,
            );
        } else if (secret.accountId !== args.accountId || secret.region !== args.region) {
            add(
                `${field}.secretArn`,
                `must be in the source account ${args.accountId} and region ${args.region} (got ${secret.accountId} in ${secret.region})`,
            );
        }
        if (db.schedule !== undefined) {
            const problem = scheduleExpressionProblem(db.schedule);
            if (problem) add(`${field}.schedule`, problem);
        }
        if (db.compression !== undefined)
            p.push(...compressionProblems(`${field}.compression`, db.compression));
        if (db.pgMajorVersion !== undefined) {
            p.push(
                check.intInRange(
                    `${field}.pgMajorVersion`,
                    db.pgMajorVersion,
                    PG_DUMP_RUNNER_RANGES.pgMajorVersion,
                ),
            );
        }
    });
    const secrets = chunkSecretArns(args.databases.map((d) => d.secretArn)).length;
    const dumps = chunkDatabases(
        PG_DUMP_RUNNER_DEFAULTS.partition,
        args.databases.map((d) => d.name),
    ).length;
    if (secrets + dumps > MAX_SECRETS_POLICIES) {
        add(
            "databases",
            `has too many databases for one runner role (${secrets} secret and ${dumps} dump-prefix policies, ` +
                `AWS attaches at most ${MAX_SECRETS_POLICIES}); ` +
                "split the databases across two source stacks with different `runnerRoleName`s",
        );
    }
    return p;
}

/** The algorithm must be one the runner knows, and the level within that algorithm's range. */
function compressionProblems(field: string, c: DumpCompression): check.MaybeProblem[] {
    const algorithm = asCompression(c.algorithm);
    if (algorithm === undefined) {
        return [
            check.problem(
                `${field}.algorithm`,
                `must be one of ${COMPRESSION_NAMES.join(", ")} ${got(c.algorithm)}`,
            ),
        ];
    }
    const problem = c.level === undefined ? undefined : compressionLevelProblem(algorithm, c.level);
    return problem ? [check.problem(`${field}.level`, problem)] : [];
}

function networkProblems(args: PgDumpRunnerPlainArgs): check.MaybeProblem[] {
    const p: check.MaybeProblem[] = [];
    const add = (field: string, message: string) => p.push(check.problem(field, message));
    const awsId = (field: string, prefix: string, value: string) => {
        if (!awsIdPattern(prefix).test(value))
            add(field, `must be an ID such as "${prefix}-0123456789abcdef0" ${got(value)}`);
    };
    const net = args.network;
    awsId("network.vpcId", "vpc", net.vpcId);
    if (net.subnetIds.length === 0)
        add("network.subnetIds", "must list at least one private subnet with a route to the databases");
    const seen = new Set<string>();
    net.subnetIds.forEach((s, i) => {
        if (seen.has(s)) add("network.subnetIds", `lists ${JSON.stringify(s)} twice; remove the duplicate`);
        else awsId(`network.subnetIds[${i}]`, "subnet", s);
        seen.add(s);
    });
    awsId("network.databaseSecurityGroupId", "sg", net.databaseSecurityGroupId);
    const cidrs = args.httpsEgressCidrBlocks;
    if (cidrs !== undefined) {
        if (cidrs.length === 0)
            add(
                "httpsEgressCidrBlocks",
                "must list at least one CIDR: the job reaches S3, KMS and Secrets Manager over HTTPS",
            );
        cidrs.forEach((c, i) => {
            if (!IPV4_CIDR.test(c))
                add(`httpsEgressCidrBlocks[${i}]`, `must be an IPv4 CIDR such as "10.0.0.0/16" ${got(c)}`);
        });
    }
    return p;
}
