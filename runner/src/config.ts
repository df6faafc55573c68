import { z } from "zod";
import { parseByteSize } from "./byte-size";
import { DEFAULT_KEY_PREFIX, keySegmentProblem } from "../../shared/object-key";
import { kmsKeyProblem } from "./kms-key-id";

/**
 * Where each setting comes from. Flags override environment variables; the libpq variables keep their
 * standard names so the runner behaves like psql/pg_dump. There is deliberately no password flag: a
 * password on a command line is visible in `ps` and in CodeBuild's logs.
 */
export const SETTINGS = {
    host: { flag: "--host", env: "PGHOST" },
    port: { flag: "--port", env: "PGPORT" },
    user: { flag: "--user", env: "PGUSER" },
    database: { flag: "--dbname", env: "PGDATABASE" },
    secretArn: { flag: "--db-secret-arn", env: "DB_SECRET_ARN" },
    bucket: { flag: "--bucket", env: "BACKUP_BUCKET" },
    kmsKeyId: { flag: "--kms-key-id", env: "BACKUP_KMS_KEY_ID" },
    retentionDays: { flag: "--retention-days", env: "BACKUP_RETENTION_DAYS" },
    keyPrefix: { flag: "--key-prefix", env: "BACKUP_KEY_PREFIX" },
    expectedSize: { flag: "--expected-size", env: "BACKUP_EXPECTED_SIZE" },
    pgDumpPath: { flag: "--pg-dump-path", env: "PG_DUMP_PATH" },
    psqlPath: { flag: "--psql-path", env: "PSQL_PATH" },
    compressionLevel: { flag: "--compression-level", env: "BACKUP_COMPRESSION_LEVEL" },
    uploadConcurrency: { flag: "--upload-concurrency", env: "BACKUP_UPLOAD_CONCURRENCY" },
    databases: { flag: "--databases", env: "BACKUP_DATABASES" },
    maxAgeHours: { flag: "--max-age-hours", env: "BACKUP_MAX_AGE_HOURS" },
    minRemainingDays: { flag: "--min-remaining-days", env: "BACKUP_MIN_REMAINING_DAYS" },
    maintenanceDb: { flag: "--maintenance-db", env: "BACKUP_MAINTENANCE_DB" },
    targetDb: { flag: "--target-db", env: "RESTORE_TARGET_DB" },
    key: { flag: "--key", env: "RESTORE_KEY" },
    limit: { flag: "--limit", env: "BACKUP_LIST_LIMIT" },
} as const;

export type SettingName = keyof typeof SETTINGS;
export type Flags = Partial<Record<SettingName, string | boolean | undefined>> & Record<string, unknown>;

export class ConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

export function label(name: SettingName): string {
    return `\`${SETTINGS[name].flag}\` / \`${SETTINGS[name].env}\``;
}

/** Flag value if given, else the environment variable, else undefined. Empty strings count as unset. */
export function pickSettings(
    names: readonly SettingName[],
    flags: Flags,
    env: NodeJS.ProcessEnv,
): Partial<Record<SettingName, string>> {
    const picked: Partial<Record<SettingName, string>> = {};
    for (const name of names) {
        const flag = flags[name];
        const value = typeof flag === "string" && flag !== "" ? flag : env[SETTINGS[name].env];
        if (value !== undefined && value !== "") picked[name] = value;
    }
    return picked;
}

const integer = (name: SettingName, min: number, max: number) =>
    z
        .string()
        .regex(/^\d+$/, { message: `${label(name)} must be a whole number` })
        .transform(Number)
        .refine((n) => n >= min && n <= max, { message: `${label(name)} must be between ${min} and ${max}` });

const positiveNumber = (name: SettingName) =>
    z
        .string()
        .regex(/^\d+(\.\d+)?$/, { message: `${label(name)} must be a positive number` })
        .transform(Number)
        .refine((n) => n > 0, { message: `${label(name)} must be greater than 0` });

const required = (name: SettingName, what: string) =>
    z.string({ error: `${label(name)} is required: ${what}` }).min(1);

const databaseName = (name: SettingName) =>
    z.string().superRefine((value, ctx) => {
        const problem = keySegmentProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: `${label(name)} ${problem}` });
    });

const kmsKey = z
    .string({ error: `${label("kmsKeyId")} is required: the ARN or id of the backup CMK` })
    .superRefine((value, ctx) => {
        const problem = kmsKeyProblem(value);
        if (problem)
            ctx.addIssue({ code: "custom", message: `${label("kmsKeyId")} ${problem} (got ${value})` });
    });

const keyPrefix = z
    .string()
    .default(DEFAULT_KEY_PREFIX)
    .refine((p) => p.length > 0 && !p.startsWith("/") && !p.endsWith("/"), {
        message: `${label("keyPrefix")} must be non-empty without a leading or trailing \`/\``,
    });

const byteSize = (name: SettingName) =>
    z.string().transform((text, ctx) => {
        const bytes = parseByteSize(text);
        if (bytes === undefined || bytes <= 0) {
            ctx.addIssue({
                code: "custom",
                message: `${label(name)} must be a size such as 500G or 2T (got ${text})`,
            });
            return z.NEVER;
        }
        return bytes;
    });

/** Connection settings before a DB_SECRET_ARN secret fills the gaps (see db-credentials.ts). */
const connectionShape = {
    host: z.string().optional(),
    port: integer("port", 1, 65535).optional(),
    user: z.string().optional(),
    secretArn: z.string().optional(),
};

const bucketShape = {
    bucket: required("bucket", "the Object Lock bucket that holds the dumps"),
    keyPrefix,
};

export const dumpSchema = z.object({
    ...connectionShape,
    ...bucketShape,
    database: databaseName("database").optional(),
    kmsKeyId: kmsKey,
    retentionDays: z
        .string({ error: `${label("retentionDays")} is required: days each dump stays COMPLIANCE-locked` })
        .pipe(integer("retentionDays", 1, 36500)),
    expectedSize: byteSize("expectedSize").optional(),
    pgDumpPath: z.string().default("pg_dump"),
    compressionLevel: integer("compressionLevel", 1, 9).default(6),
    uploadConcurrency: integer("uploadConcurrency", 1, 16).default(2),
});

export const verifySchema = z.object({
    ...bucketShape,
    databases: required("databases", "a comma-separated list of databases to check")
        .transform((list) =>
            list
                .split(",")
                .map((d) => d.trim())
                .filter((d) => d.length > 0),
        )
        .refine((list) => list.length > 0, { message: `${label("databases")} lists no database` }),
    kmsKeyId: kmsKey,
    maxAgeHours: positiveNumber("maxAgeHours").default(26),
    minRemainingDays: positiveNumber("minRemainingDays").optional(),
    retentionDays: integer("retentionDays", 1, 36500).optional(),
});

export const listSchema = z.object({
    ...bucketShape,
    database: required("database", "the database whose dumps to list").pipe(databaseName("database")),
    limit: integer("limit", 1, 10000).default(20),
});

export const restoreSchema = z.object({
    ...connectionShape,
    ...bucketShape,
    database: required("database", "the database whose dump to restore").pipe(databaseName("database")),
    targetDb: required("targetDb", "the database to restore into"),
    key: z.string().optional(),
    psqlPath: z.string().default("psql"),
    maintenanceDb: z.string().default("postgres"),
});

export const drillSchema = z.object({
    ...connectionShape,
    ...bucketShape,
    database: required("database", "the database whose newest dump to restore").pipe(
        databaseName("database"),
    ),
    psqlPath: z.string().default("psql"),
    maintenanceDb: z.string().default("postgres"),
});

export type DumpConfig = z.infer<typeof dumpSchema> & { password?: string };
export type VerifyConfig = z.infer<typeof verifySchema>;
export type ListConfig = z.infer<typeof listSchema>;
export type RestoreConfig = z.infer<typeof restoreSchema> & { password?: string };
export type DrillConfig = z.infer<typeof drillSchema> & { password?: string };

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
