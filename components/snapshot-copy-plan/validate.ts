/**
 * Pure validation of `SnapshotCopyPlan`'s arguments: every problem, with the field and the fix, before
 * a single resource is declared. The stack config runs it on its own values too and reports the same
 * problems under its keys. What depends on the backup stack's outputs (the destination vault's lock)
 * is checked by `destination-check.ts` as soon as those are known.
 */
import { parseRoleArn } from "../../shared/aws-identifiers";
import * as check from "../common/checks";
import { scheduleExpressionProblem } from "../pg-dump-runner/schedule-expression";
import {
    ResolvedRule,
    resolveRules,
    resolveSnapshotCopyPlanArgs,
    SNAPSHOT_COPY_PLAN_RANGES as R,
    SnapshotCopyPlanArgs,
    SnapshotSelectionArgs,
} from "./args";
import { parseRdsArn } from "./arns";
import { ENVIRONMENTS, isEnvironment } from "./environments";
import { MIN_DAYS_IN_COLD_STORAGE, shorterThanDailyProblems } from "./retention-rules";

/** The longest name, the sensitive tag selection `<prefix>-snapshots-sensitive-tags`, must fit AWS Backup's 50. */
const NAME_PREFIX = /^[a-z][a-z0-9-]{1,24}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** AWS tag keys and values (1-128 and 0-256 characters; `aws:` is reserved). */
const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

const got = (v: unknown) => `(got ${JSON.stringify(v)})`;

/** An AWS Backup schedule: EventBridge's cron grammar, cron only, at most hourly. */
export function backupScheduleProblem(expr: string): string | undefined {
    if (!expr.startsWith("cron(")) {
        return `must be a cron expression such as "cron(0 1 * * ? *)": AWS Backup takes no rate() ${got(expr)}`;
    }
    const problem = scheduleExpressionProblem(expr);
    if (problem !== undefined) return problem;
    const minutes = expr.slice(5, -1).trim().split(/\s+/)[0];
    return /^\d{1,2}$/.test(minutes)
        ? undefined
        : `must run at most hourly (one minute value, e.g. "0"), as AWS Backup requires ${got(expr)}`;
}

function selectionProblems(
    field: string,
    s: SnapshotSelectionArgs,
    accountId: string,
    region: string,
): check.MaybeProblem[] {
    const p: check.MaybeProblem[] = [];
    const arns = s.resourceArns ?? [];
    const tags = Object.entries(s.resourceTags ?? {});
    if (arns.length === 0 && tags.length === 0) {
        // AWS Backup selects every supported resource of the account for an empty selection.
        p.push(
            check.problem(
                field,
                "must name at least one RDS ARN (`resourceArns`) or tag (`resourceTags`): AWS Backup would select every supported resource of the account",
            ),
        );
    }
    const seen = new Set<string>();
    arns.forEach((arn, i) => {
        const f = `${field}.resourceArns[${i}]`;
        const rds = parseRdsArn(arn);
        if (seen.has(arn)) p.push(check.problem(f, `repeats ${JSON.stringify(arn)}; remove the duplicate`));
        seen.add(arn);
        if (!rds) {
            p.push(
                check.problem(
                    f,
                    `must be an RDS instance or cluster ARN such as "arn:aws:rds:${region}:${accountId}:cluster:appdb" ${got(arn)}`,
                ),
            );
        } else if (rds.accountId !== accountId || rds.region !== region) {
            p.push(
                check.problem(
                    f,
                    `is in ${rds.region}/${rds.accountId}; a backup plan selects only its own account and region (${region}/${accountId})`,
                ),
            );
        }
    });
    for (const [key, value] of tags) {
        if (!TAG_KEY.test(key) || !TAG_VALUE.test(value)) {
            p.push(
                check.problem(
                    `${field}.resourceTags`,
                    `has an invalid tag ${JSON.stringify(key)}: ${JSON.stringify(value)} (keys 1-128, values 1-256 characters, no "aws:" prefix)`,
                ),
            );
        }
    }
    return p;
}

function ruleProblems(r: ResolvedRule, lockLocalVault: boolean): check.MaybeProblem[] {
    const f = (name: string) => `rules.${r.name}.${name}`;
    const p: check.MaybeProblem[] = [];
    const schedule = backupScheduleProblem(r.schedule);
    if (schedule) p.push(check.problem(f("schedule"), schedule));
    const local = lockLocalVault ? R.lockedRetentionDays : R.retentionDays;
    const localWhy = lockLocalVault ? { minWhy: " while the local vault is locked (`lockLocalVault`)" } : {};
    p.push(check.intInRange(f("retentionDays"), r.retentionDays, { ...local, ...localWhy }));
    p.push(check.intInRange(f("copyRetentionDays"), r.copyRetentionDays, R.retentionDays));
    for (const [cold, keep, coldField, keepField] of [
        [r.coldStorageAfterDays, r.retentionDays, "coldStorageAfterDays", "retentionDays"],
        [r.copyColdStorageAfterDays, r.copyRetentionDays, "copyColdStorageAfterDays", "copyRetentionDays"],
    ] as const) {
        if (cold === undefined) continue;
        const range = check.intInRange(f(coldField), cold, R.coldStorageAfterDays);
        if (range) p.push(range);
        else if (keep - cold < MIN_DAYS_IN_COLD_STORAGE) {
            p.push(
                check.problem(
                    f(coldField),
                    `(${cold}) must leave at least ${MIN_DAYS_IN_COLD_STORAGE} days in cold storage before \`${keepField}\` (${keep}), as AWS Backup requires: at most ${keep - MIN_DAYS_IN_COLD_STORAGE}, or remove it`,
                ),
            );
        }
    }
    const start = check.intInRange(f("startWindowMinutes"), r.startWindowMinutes, R.startWindowMinutes);
    p.push(
        start,
        check.intInRange(f("completionWindowMinutes"), r.completionWindowMinutes, R.completionWindowMinutes),
    );
    if (start === undefined && r.completionWindowMinutes <= r.startWindowMinutes) {
        p.push(
            check.problem(
                f("completionWindowMinutes"),
                `(${r.completionWindowMinutes}) must be more than \`startWindowMinutes\` (${r.startWindowMinutes}): AWS counts it from the scheduled time`,
            ),
        );
    }
    return p;
}

/** Every problem with `args` that does not depend on the destination vault, in the order of the fields. */
export function snapshotCopyPlanProblems(args: Omit<SnapshotCopyPlanArgs, "destination">): check.Problem[] {
    const p: check.MaybeProblem[] = [];
    const add = (field: string, message: string) => p.push(check.problem(field, message));
    if (!NAME_PREFIX.test(args.namePrefix))
        add(
            "namePrefix",
            `must be 2-25 lowercase letters, digits or "-", starting with a letter (AWS Backup names end in "-snapshots-sensitive-tags" and take 50 characters) ${got(args.namePrefix)}`,
        );
    p.push(check.accountId("accountId", args.accountId), check.region("region", args.region));
    if (!isEnvironment(args.environment)) {
        add("environment", `must be one of ${ENVIRONMENTS.join(", ")} ${got(args.environment)}`);
        return check.present(p);
    }
    const a = resolveSnapshotCopyPlanArgs({ ...args, destination: undefined as never });
    p.push(...selectionProblems("selection", args.selection, args.accountId, args.region));
    if (args.sensitive !== undefined) {
        p.push(...selectionProblems("sensitive", args.sensitive, args.accountId, args.region));
        if (Object.keys(args.sensitive.resourceTags ?? {}).length > 1) {
            // The general selection excludes sensitive resources with one StringNotEquals per tag (ANDed),
            // which matches "carries none of the tags", not "lacks one of them": a resource with some of
            // several sensitive tags would be backed up by neither plan.
            add(
                "sensitive.resourceTags",
                "may name one tag: the general plan can exclude only one tag exactly",
            );
        }
        if (args.sensitiveDestination === undefined)
            add(
                "sensitiveDestination",
                "must be given when `sensitive` selects databases: the backup stack's sensitive vault",
            );
        const general = new Set(args.selection.resourceArns ?? []);
        (args.sensitive.resourceArns ?? []).forEach((arn, i) => {
            if (general.has(arn))
                add(
                    `sensitive.resourceArns[${i}]`,
                    `is also in \`selection.resourceArns\`; a database is sensitive or not`,
                );
        });
    }
    const rules = resolveRules({ environment: args.environment, rules: args.rules });
    for (const r of rules) p.push(...ruleProblems(r, a.lockLocalVault));
    if (!a.allowShorterLongTermRetention) p.push(...shorterThanDailyProblems(rules));
    if (args.pointInTimeRecoveryDays !== undefined) {
        const range = a.lockLocalVault
            ? {
                  ...R.pointInTimeRecoveryDays,
                  min: R.lockedRetentionDays.min,
                  minWhy: " while the local vault is locked (`lockLocalVault`)",
              }
            : R.pointInTimeRecoveryDays;
        p.push(check.intInRange("pointInTimeRecoveryDays", args.pointInTimeRecoveryDays, range));
    }
    p.push(sourceAccountRole("breakGlassRoleArn", args.breakGlassRoleArn, args.accountId));
    a.keyAdminRoleArns.forEach((arn, i) =>
        p.push(sourceAccountRole(`keyAdminRoleArns[${i}]`, arn, args.accountId)),
    );
    a.notificationEmails.forEach((e, i) => {
        if (!EMAIL.test(e)) add(`notificationEmails[${i}]`, `must be an e-mail address ${got(e)}`);
    });
    return check.present(p);
}

/** The local key's roles live in the source account (its policy names that account's root). */
function sourceAccountRole(field: string, arn: string, accountId: string): check.MaybeProblem {
    const role = parseRoleArn(arn);
    if (!role) return check.roleArn(field, arn);
    return role.accountId === accountId
        ? undefined
        : check.problem(
              field,
              `must be a role in the source account ${accountId} (\`accountId\`), not account ${role.accountId}`,
          );
}

/** Throws one error naming every bad field and its fix. */
export function validateSnapshotCopyPlanArgs(args: SnapshotCopyPlanArgs): void {
    check.throwIfAny("SnapshotCopyPlan args", snapshotCopyPlanProblems(args));
}
