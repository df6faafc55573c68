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
