/**
 * The source stack's config as PgDumpRunner args, and the component's verdict on them. The stack
 * declares the runner with exactly these args, so what the config validated is what is deployed.
 */
import { pgDumpRunnerProblems, PgDumpRunnerPlainArgs } from "../../components/pg-dump-runner/validate";
import { configProblems, distinct, FieldMap } from "./problems";
import { SourceConfig } from "./schema";
import { snapshotConfigProblems } from "./snapshots";

/** The plain `PgDumpRunner` args for `strongbox:source` (the target and tags come from the stack). */
export function pgDumpRunnerArgs(
    s: SourceConfig,
    region: string,
    environment: string,
): PgDumpRunnerPlainArgs {
    return {
        namePrefix: `strongbox-${environment}`,
        accountId: s.accountId,
        region,
        runnerRoleName: s.runnerRoleName,
        databases: s.databases,
        compression: s.compression,
        defaultSchedule: s.defaultSchedule,
        scheduleTimezone: s.scheduleTimezone,
        network: s.network,
        logRetentionDays: s.logRetentionDays,
        notificationEmails: s.notificationEmails,
        buildTimeoutMinutes: s.buildTimeoutMinutes,
    };
}

const RUNNER_FIELDS: FieldMap = {
    namePrefix: "strongbox:environment",
    accountId: "strongbox:source.accountId",
    region: { key: "aws:region", says: "the stack's region" },
    runnerRoleName: "strongbox:source.runnerRoleName",
    databases: "strongbox:source.databases",
    compression: "strongbox:source.compression",
    defaultSchedule: "strongbox:source.defaultSchedule",
    scheduleTimezone: "strongbox:source.scheduleTimezone",
    network: "strongbox:source.network",
    logRetentionDays: "strongbox:source.logRetentionDays",
    notificationEmails: "strongbox:source.notificationEmails",
    buildTimeoutMinutes: "strongbox:source.buildTimeoutMinutes",
};

/** What the PgDumpRunner's validator finds wrong with `strongbox:source`, under its keys. */
export function sourceConfigProblems(s: SourceConfig, region: string, environment: string): string[] {
    return distinct([
        ...configProblems(
            pgDumpRunnerProblems(pgDumpRunnerArgs(s, region, environment)),
            RUNNER_FIELDS,
            "strongbox:source",
        ),
        // The runner and the plan both check the shared keys (e-mails); a line both report appears once.
        ...snapshotConfigProblems(s, region, environment),
    ]);
}
