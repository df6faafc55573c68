/**
 * Pure validation of BackupAuditor arguments: every problem, with the field in backticks and the fix, before a
 * single child resource is declared. The stack config runs it on its own values and reports the same problems
 * under its keys (`strongbox:backup.auditor.*`).
 */
import { awsIdPattern, REGION } from "../../shared/aws-identifiers";
import * as check from "../common/checks";
import { scheduleExpressionProblem } from "../common/job/schedule-expression";
import { CLOUDWATCH_RETENTION_DAYS } from "../pg-dump-runner/args";
import {
    BACKUP_AUDITOR_DEFAULTS,
    BACKUP_AUDITOR_RANGES as R,
    BackupAuditorArgs,
    RESTORE_TESTING_RESOURCE_TYPES,
    receiptRetentionRange,
    RestoreTestingArgs,
} from "./args";
import { drillScheduleName } from "./jobs/names";

/** The plain (non-Output) part of the args validation can see, picked rather than restated. */
export type BackupAuditorPlainArgs = Omit<
    BackupAuditorArgs,
    "bucket" | "vaults" | "watched" | "runnerBundle"
> & {
    readonly bucket: Pick<BackupAuditorArgs["bucket"], "retentionDays" | "maxRetentionDays">;
    readonly vaults: ReadonlyArray<{ readonly region: string; readonly sensitive: boolean }>;
};

/** `namePrefix` plus the longest suffix (`-audit-scheduler`) must fit IAM's 64-character role names. */
const NAME_PREFIX = /^[a-z][a-z0-9-]{1,39}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** RDS: "1 to 255 letters, numbers, periods, underscores, spaces, or hyphens". */
const SUBNET_GROUP = /^[a-zA-Z0-9._ -]{1,255}$/;
const INSTANCE_CLASS = /^db\.[a-z0-9]+\.[a-z0-9]+$/;
const SECURITY_GROUP = awsIdPattern("sg");

export class BackupAuditorArgsError extends check.ArgsError {
    constructor(problems: readonly check.Problem[]) {
        super("BackupAuditor arguments", problems);
        this.name = "BackupAuditorArgsError";
    }
}

const got = (v: unknown) => `(got ${JSON.stringify(v)})`;
const optionalInt = (field: string, value: number | undefined, r: check.Range) =>
    value === undefined ? undefined : check.intInRange(field, value, r);

/** Every problem with `args`, in the order of the fields. */
export function backupAuditorProblems(a: BackupAuditorPlainArgs): check.Problem[] {
    const p: check.MaybeProblem[] = [
        NAME_PREFIX.test(a.namePrefix)
            ? undefined
            : check.problem(
                  "namePrefix",
                  `must be 2-40 lowercase letters, digits or "-", starting with a letter ${got(a.namePrefix)}`,
              ),
        check.accountId("accountId", a.accountId),
        check.region("region", a.region),
        optionalInt("rpoHours", a.rpoHours, R.rpoHours),
        optionalInt("rtoSeconds", a.rtoSeconds, R.rtoSeconds),
        optionalInt("pgMajorVersion", a.pgMajorVersion, R.pgMajorVersion),
        ...writerProblems(a),
        ...overrideProblems(a),
        ...scheduleProblems(a),
        optionalInt("verifyMissingAfterHours", a.verifyMissingAfterHours, R.verifyMissingAfterHours),
        optionalInt("canaryMissingAfterHours", a.canaryMissingAfterHours, R.canaryMissingAfterHours),
        optionalInt("drillMissingAfterDays", a.drillMissingAfterDays, R.drillMissingAfterDays),
        optionalInt("receiptsMissingAfterDays", a.receiptsMissingAfterDays, R.receiptsMissingAfterDays),
        // The default too: a bucket whose maximum retention is below 400 days needs a shorter one set.
        check.intInRange(
            "receiptRetentionDays",
            a.receiptRetentionDays ?? BACKUP_AUDITOR_DEFAULTS.receiptRetentionDays,
            receiptRetentionRange(a.bucket),
        ),
        ...(a.notificationEmails ?? []).map((e, i) =>
            EMAIL.test(e)
                ? undefined
                : check.problem(`notificationEmails[${i}]`, `must be an e-mail address ${got(e)}`),
        ),
        a.logRetentionDays === undefined || CLOUDWATCH_RETENTION_DAYS.includes(a.logRetentionDays)
            ? undefined
            : check.problem(
                  "logRetentionDays",
                  `must be one of CloudWatch's retention values ${CLOUDWATCH_RETENTION_DAYS.join(", ")} ${got(a.logRetentionDays)}`,
              ),
        optionalInt("buildTimeoutMinutes", a.buildTimeoutMinutes, R.buildTimeoutMinutes),
        ...vaultProblems(a),
        ...frameworkProblems(a),
        ...reportProblems(a),
        ...(a.restoreTesting === undefined ? [] : restoreTestingProblems(a.restoreTesting, a)),
    ];
    return check.present(p);
}

/** Throws `BackupAuditorArgsError` listing every problem. */
export function validateBackupAuditorArgs(a: BackupAuditorPlainArgs): void {
    const problems = backupAuditorProblems(a);
    if (problems.length > 0) throw new BackupAuditorArgsError(problems);
}

/** Each drill schedule's name must fit EventBridge Scheduler's 64 characters. */
function writerProblems(a: BackupAuditorPlainArgs): check.MaybeProblem[] {
    if (a.writers.length === 0) return [check.problem("writers", "must list the databases to audit")];
    return a.writers.flatMap((w, i) =>
        w.databases.map((db, j) => {
            const name = drillScheduleName(w.keyPrefix, db);
            return name.length > 64
                ? check.problem(
                      `writers[${i}].databases[${j}]`,
                      `gives the drill schedule name ${JSON.stringify(name)}, over EventBridge Scheduler's 64 characters; ` +
                          "shorten the key prefix or the database name",
                  )
                : undefined;
        }),
    );
}

function overrideProblems(a: BackupAuditorPlainArgs): check.MaybeProblem[] {
    const known = new Set(a.writers.flatMap((w) => w.databases));
    return Object.entries(a.databases ?? {}).flatMap(([db, o]) => {
        const field = `databases.${db}`;
        if (!known.has(db))
            return [
                check.problem(
                    field,
                    `names a database no writer backs up (${[...known].join(", ")}); fix the name or remove the override`,
                ),
            ];
        return [
            optionalInt(`${field}.rpoHours`, o.rpoHours, R.rpoHours),
            optionalInt(`${field}.rtoSeconds`, o.rtoSeconds, R.rtoSeconds),
            optionalInt(`${field}.pgMajorVersion`, o.pgMajorVersion, R.pgMajorVersion),
        ];
    });
}

function scheduleProblems(a: BackupAuditorPlainArgs): check.MaybeProblem[] {
    const schedules = a.schedules ?? {};
    return [
        ...(["verify", "drill", "canary"] as const).map((job) => {
            const expression = schedules[job];
            const problem = expression === undefined ? undefined : scheduleExpressionProblem(expression);
            return problem === undefined ? undefined : check.problem(`schedules.${job}`, problem);
        }),
        a.scheduleTimezone !== undefined && a.scheduleTimezone.length === 0
            ? check.problem(
                  "scheduleTimezone",
                  'must be an IANA time zone such as "UTC" or "Australia/Melbourne"',
              )
            : undefined,
        optionalInt("flexibleWindowMinutes", a.flexibleWindowMinutes, R.flexibleWindowMinutes),
    ];
}

/** The vaults' own rules (names, lock bounds) are CrossAccountVault's; here only what the auditor needs of them. */
function vaultProblems(a: BackupAuditorPlainArgs): check.MaybeProblem[] {
    return [
        a.vaults.some((v) => !v.sensitive)
            ? undefined
            : check.problem("vaults", "must include the stack's general vault: the framework audits it"),
        ...a.vaults.map((v, i) =>
            REGION.test(v.region) ? undefined : check.region(`vaults[${i}].region`, v.region),
        ),
    ];
}

function frameworkProblems(a: BackupAuditorPlainArgs): check.MaybeProblem[] {
    const f = a.framework ?? {};
    return [
        optionalInt("framework.requiredRetentionDays", f.requiredRetentionDays, R.requiredRetentionDays),
        optionalInt("framework.backupFrequencyHours", f.backupFrequencyHours, R.backupFrequencyHours),
        optionalInt(
            "framework.lastRecoveryPointMaxAgeHours",
            f.lastRecoveryPointMaxAgeHours,
            R.lastRecoveryPointMaxAgeHours,
        ),
        optionalInt("framework.maxRestoreTimeMinutes", f.maxRestoreTimeMinutes, R.maxRestoreTimeMinutes),
    ];
}

function reportProblems(a: BackupAuditorPlainArgs): check.MaybeProblem[] {
    const r = a.reports;
    return [
        check.bucketName("reports.bucketName", r.bucketName),
        optionalInt("reports.retentionDays", r.retentionDays, R.reportRetentionDays),
        ...r.keyAdminRoleArns.map((arn, i) =>
            check.backupAccountRole(`reports.keyAdminRoleArns[${i}]`, arn, a.accountId),
        ),
        check.backupAccountRole("reports.breakGlassRoleArn", r.breakGlassRoleArn, a.accountId),
        ...check.nonEmptyUniqueList(
            "reports.deployerRoleArns",
            r.deployerRoleArns,
            "deployer role ARN",
            (field, arn) => check.backupAccountRole(field, arn, a.accountId),
        ),
    ];
}

/** Restore testing is regional and restores into a VPC: each region must hold a vault and say where to restore. */
function restoreTestingProblems(t: RestoreTestingArgs, a: BackupAuditorPlainArgs): check.MaybeProblem[] {
    const regions = [...new Set(a.vaults.filter((v) => !v.sensitive).map((v) => v.region))];
    const entries = Object.entries(t.regions);
    return [
        entries.length === 0
            ? check.problem(
                  "restoreTesting.regions",
                  `must name at least one vault region (${regions.join(", ")}) with its subnet group and security groups`,
              )
            : undefined,
        ...entries.flatMap(([region, r]) => {
            const field = `restoreTesting.regions.${region}`;
            if (!regions.includes(region))
                return [
                    check.problem(
                        field,
                        `is not a region of the stack's vaults (${regions.join(", ")}): there is nothing to restore there`,
                    ),
                ];
            return [
                SUBNET_GROUP.test(r.dbSubnetGroupName)
                    ? undefined
                    : check.problem(
                          `${field}.dbSubnetGroupName`,
                          `must be a DB subnet group name ${got(r.dbSubnetGroupName)}`,
                      ),
                r.securityGroupIds.length === 0
                    ? check.problem(
                          `${field}.securityGroupIds`,
                          "must list at least one security group: without one the restored instance gets the VPC's default group",
                      )
                    : undefined,
                ...r.securityGroupIds.map((sg, i) =>
                    SECURITY_GROUP.test(sg)
                        ? undefined
                        : check.problem(
                              `${field}.securityGroupIds[${i}]`,
                              `must be a security group ID like sg-0123456789abcdef0 ${got(sg)}`,
                          ),
                ),
                r.dbInstanceClass === undefined || INSTANCE_CLASS.test(r.dbInstanceClass)
                    ? undefined
                    : check.problem(
                          `${field}.dbInstanceClass`,
                          `must be an RDS instance class like db.t4g.medium ${got(r.dbInstanceClass)}`,
                      ),
            ];
        }),
        t.schedule === undefined
            ? undefined
            : ((problem) =>
                  problem === undefined ? undefined : check.problem("restoreTesting.schedule", problem))(
                  scheduleExpressionProblem(t.schedule),
              ),
        optionalInt("restoreTesting.startWindowHours", t.startWindowHours, R.startWindowHours),
        optionalInt("restoreTesting.selectionWindowDays", t.selectionWindowDays, R.selectionWindowDays),
        optionalInt("restoreTesting.validationWindowHours", t.validationWindowHours, R.validationWindowHours),
        t.resourceType === undefined || RESTORE_TESTING_RESOURCE_TYPES.includes(t.resourceType)
            ? undefined
            : check.problem(
                  "restoreTesting.resourceType",
                  `must be one of ${RESTORE_TESTING_RESOURCE_TYPES.join(", ")} ${got(t.resourceType)}`,
              ),
    ];
}
