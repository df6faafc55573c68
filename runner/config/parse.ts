import type { z } from "zod";
import {
    type DrillConfig,
    drillSchema,
    type DumpConfig,
    dumpSchema,
    type ListConfig,
    listSchema,
    type RestoreConfig,
    restoreSchema,
    type VerifyConfig,
    verifySchema,
} from "./schemas";
import { ConfigError, type Flags, label, pickSettings, type SettingName, SETTINGS } from "./settings";

/** Validates picked settings against a schema and turns zod's issues into one readable ConfigError. */
export function parseSettings<S extends z.ZodType>(
    schema: S,
    names: readonly SettingName[],
    flags: Flags,
    env: NodeJS.ProcessEnv,
): z.infer<S> {
    const result = schema.safeParse(pickSettings(names, flags, env));
    if (!result.success) {
        throw new ConfigError(
            result.error.issues.map((issue) => {
                const field = issue.path[0];
                const known = typeof field === "string" && field in SETTINGS;
                if (issue.message.includes("`")) return issue.message;
                return known ? `${label(field as SettingName)}: ${issue.message}` : issue.message;
            }),
        );
    }
    return result.data;
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
    "compressionLevel",
    "uploadConcurrency",
];
export const VERIFY_SETTINGS: readonly SettingName[] = [
    "bucket",
    "keyPrefix",
    "databases",
    "kmsKeyId",
    "maxAgeHours",
    "minRemainingDays",
    "retentionDays",
];
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
    "psqlPath",
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
    "psqlPath",
    "maintenanceDb",
];

export function parseDumpConfig(flags: Flags, env: NodeJS.ProcessEnv): DumpConfig {
    return { ...parseSettings(dumpSchema, DUMP_SETTINGS, flags, env), password: env.PGPASSWORD || undefined };
}
export function parseVerifyConfig(flags: Flags, env: NodeJS.ProcessEnv): VerifyConfig {
    return parseSettings(verifySchema, VERIFY_SETTINGS, flags, env);
}
export function parseListConfig(flags: Flags, env: NodeJS.ProcessEnv): ListConfig {
    return parseSettings(listSchema, LIST_SETTINGS, flags, env);
}
export function parseRestoreConfig(flags: Flags, env: NodeJS.ProcessEnv): RestoreConfig {
    return {
        ...parseSettings(restoreSchema, RESTORE_SETTINGS, flags, env),
        password: env.PGPASSWORD || undefined,
    };
}
export function parseDrillConfig(flags: Flags, env: NodeJS.ProcessEnv): DrillConfig {
    return {
        ...parseSettings(drillSchema, DRILL_SETTINGS, flags, env),
        password: env.PGPASSWORD || undefined,
    };
}
