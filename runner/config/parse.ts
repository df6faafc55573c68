import type { z } from "zod";
import { KMS_KEY_ID } from "../../shared/aws-identifiers";
import { s3Endpoint } from "../s3";
import { auditSwitchesOf, receiptRetentionProblem, receiptSettingsProblem } from "./audit-switches";
import { parseListFilters } from "./list-filters";
import { parseRestoreSwitches } from "./restore-switches";
import { parseReportFilters } from "./report-filters";
import {
    type CanaryConfig,
    canarySchema,
    type DrillConfig,
    drillSchema,
    type DumpConfig,
    dumpSchema,
    type ListConfig,
    listSchema,
    type ReportConfig,
    reportSchema,
    type RestoreConfig,
    restoreSchema,
    type VerifyConfig,
    verifySchema,
} from "./schemas";
import { ConfigError, type Flags, label, pickSettings, type SettingName, SETTINGS } from "./settings";

type Picked = Partial<Record<SettingName, string>>;

/**
 * Validates picked settings against a schema and turns zod's issues, and those of `checks` (rules that
 * need the environment, not just the value), into one readable ConfigError.
 */
export function parseSettings<S extends z.ZodType>(
    schema: S,
    names: readonly SettingName[],
    flags: Flags,
    env: NodeJS.ProcessEnv,
    checks: ReadonlyArray<(picked: Picked, env: NodeJS.ProcessEnv) => string | undefined> = [],
): z.infer<S> {
    const picked = pickSettings(names, flags, env);
    const result = schema.safeParse(picked);
    const problems = result.success
        ? []
        : result.error.issues.map((issue) => {
              const field = issue.path[0];
              const known = typeof field === "string" && field in SETTINGS;
              if (issue.message.includes("`")) return issue.message;
              return known ? `${label(field as SettingName)}: ${issue.message}` : issue.message;
          });
    for (const check of checks) {
        const problem = check(picked, env);
        if (problem !== undefined) problems.push(problem);
    }
    if (problems.length > 0 || !result.success) throw new ConfigError(problems);
    return result.data;
}

/**
 * A bare key id names a key in the caller's account ("If the KMS key doesn't exist in the same account
 * that's issuing the command, you must use the full Key ARN not the Key ID", S3 PutObject API reference),
 * so from a source account it names the wrong key or none. Only with an emulator endpoint, where the
 * caller's account is the bucket's, may the key be a bare id.
 */
export function kmsKeyArnProblem(picked: Picked, env: NodeJS.ProcessEnv): string | undefined {
    const key = picked.kmsKeyId;
    if (key === undefined || !KMS_KEY_ID.test(key) || s3Endpoint(env) !== undefined) return undefined;
    return (
        `${label("kmsKeyId")} must be the key ARN (arn:aws:kms:<region>:<account>:key/<id>), not a bare key ` +
        "id: S3 would look the id up in the runner's own account, not the backup account; a bare id is " +
        `accepted only with an emulator endpoint (AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_S3) (got ${key})`
    );
}

export const DUMP_SETTINGS: readonly SettingName[] = [
    "host",
    "port",
    "user",
    "database",
    "secretArn",
    "bucket",
    "kmsKeyId",
    "retentionDays",
    "keyPrefix",
    "expectedSize",
    "pgDumpPath",
    "compression",
    "compressionLevel",
    "zstdPath",
    "uploadConcurrency",
];
export const VERIFY_SETTINGS: readonly SettingName[] = [
    "bucket",
    "keyPrefix",
    "databases",
    "expectedDatabases",
    "kmsKeyId",
    "maxAgeHours",
    "minRemainingDays",
    "retentionDays",
    "receiptRetentionDays",
];
export const CANARY_SETTINGS: readonly SettingName[] = ["bucket", "kmsKeyId", "retentionDays"];
export const REPORT_SETTINGS: readonly SettingName[] = ["bucket", "limit"];
export const LIST_SETTINGS: readonly SettingName[] = ["bucket", "keyPrefix", "database", "limit"];
export const RESTORE_SETTINGS: readonly SettingName[] = [
    "host",
    "port",
    "user",
    "secretArn",
    "bucket",
    "keyPrefix",
    "database",
    "targetDb",
    "key",
    "versionId",
    "psqlPath",
    "zstdPath",
    "maintenanceDb",
];
export const DRILL_SETTINGS: readonly SettingName[] = [
    "host",
    "port",
    "user",
    "secretArn",
    "bucket",
    "keyPrefix",
    "database",
    "key",
    "versionId",
    "psqlPath",
    "zstdPath",
    "maintenanceDb",
    "pgBindir",
    "rtoSeconds",
    "kmsKeyId",
    "retentionDays",
    "receiptRetentionDays",
];

/** A version id means nothing without its key: S3 version ids are per key. */
export function versionWithoutKeyProblem(picked: Picked): string | undefined {
    if (picked.versionId === undefined || picked.key !== undefined) return undefined;
    return `${label("versionId")} needs ${label("key")}: a version id names a version of one key`;
}

export function parseDumpConfig(flags: Flags, env: NodeJS.ProcessEnv): DumpConfig {
    return {
        ...parseSettings(dumpSchema, DUMP_SETTINGS, flags, env, [kmsKeyArnProblem]),
        password: env.PGPASSWORD || undefined,
    };
}
export function parseVerifyConfig(flags: Flags, env: NodeJS.ProcessEnv): VerifyConfig {
    return {
        ...parseSettings(verifySchema, VERIFY_SETTINGS, flags, env, [
            kmsKeyArnProblem,
            receiptSettingsProblem(flags),
            receiptRetentionProblem,
        ]),
        switches: auditSwitchesOf(flags),
    };
}
export function parseCanaryConfig(flags: Flags, env: NodeJS.ProcessEnv): CanaryConfig {
    return {
        ...parseSettings(canarySchema, CANARY_SETTINGS, flags, env, [
            kmsKeyArnProblem,
            receiptSettingsProblem(flags),
        ]),
        switches: auditSwitchesOf(flags),
    };
}
export function parseReportConfig(
    flags: Flags,
    env: NodeJS.ProcessEnv,
    now: Date = new Date(),
): ReportConfig {
    const { filters, problems } = parseReportFilters(flags, now);
    const config = parseSettings(
        reportSchema,
        REPORT_SETTINGS,
        flags,
        env,
        problems.map((p) => () => p),
    );
    return { ...config, ...filters };
}
export function parseListConfig(flags: Flags, env: NodeJS.ProcessEnv, now: Date = new Date()): ListConfig {
    const { filters, problems } = parseListFilters(flags, env, now);
    const config = parseSettings(
        listSchema,
        LIST_SETTINGS,
        flags,
        env,
        problems.map((p) => () => p),
    );
    // With --all a PGDATABASE from the environment names nothing.
    return { ...config, ...filters, database: filters.all ? undefined : config.database };
}
/** `--at` chooses among the dumps; `--key` names one: asking for both is asking for two different dumps. */
export function atWithKeyProblem(flags: Flags): (picked: Picked) => string | undefined {
    return (picked) =>
        typeof flags.at === "string" && picked.key !== undefined
            ? `give \`--at\` (the newest good dump stored at or before a time) or ${label("key")} (one exact ` +
              "dump), not both"
            : undefined;
}

export function parseRestoreConfig(
    flags: Flags,
    env: NodeJS.ProcessEnv,
    now: Date = new Date(),
): RestoreConfig {
    const { switches, problems } = parseRestoreSwitches(flags, now);
    return {
        ...parseSettings(restoreSchema, RESTORE_SETTINGS, flags, env, [
            versionWithoutKeyProblem,
            atWithKeyProblem(flags),
            ...problems.map((p) => () => p),
        ]),
        ...switches,
        password: env.PGPASSWORD || undefined,
    };
}
/**
 * `--ephemeral` restores into a cluster the drill starts and removes; a server named on the command line
 * would be ignored, so it is refused. (The PG* variables of the environment are ignored instead: a
 * CodeBuild project or a shell may set them for other commands.)
 */
export function ephemeralServerProblem(flags: Flags): string | undefined {
    if (flags.ephemeral !== true) return undefined;
    const given = (["host", "port", "user", "secretArn", "maintenanceDb"] as const).filter(
        (name) => typeof flags[name] === "string" && flags[name] !== "",
    );
    if (given.length === 0) return undefined;
    return (
        `\`--ephemeral\` restores into a throwaway cluster it starts itself; ${given.map((n) => `\`${SETTINGS[n].flag}\``).join(", ")} ` +
        "would name a server of yours: give one or the other"
    );
}

export function parseDrillConfig(flags: Flags, env: NodeJS.ProcessEnv): DrillConfig {
    const ephemeral = flags.ephemeral === true;
    return {
        ...parseSettings(drillSchema, DRILL_SETTINGS, flags, env, [
            versionWithoutKeyProblem,
            kmsKeyArnProblem,
            receiptSettingsProblem(flags),
            receiptRetentionProblem,
            () => ephemeralServerProblem(flags),
        ]),
        password: ephemeral ? undefined : env.PGPASSWORD || undefined,
        ephemeral,
        switches: auditSwitchesOf(flags),
    };
}
