import { AUDIT_ENV } from "../../shared/audit";

/** One setting: its flag, its environment variable, and the flag's argument and help text. */
export interface Setting {
    readonly flag: `--${string}`;
    readonly env: string;
    readonly arg: string;
    readonly help: string;
}

/**
 * Where each setting comes from, and how `--help` describes it: one table, so a flag, its variable and its
 * documentation cannot drift apart. Flags override environment variables; the libpq variables keep their
 * standard names so the runner behaves like psql/pg_dump. There is deliberately no password flag: a
 * password on a command line is visible in `ps` and in CodeBuild's logs.
 */
export const SETTINGS = {
    host: { flag: "--host", env: "PGHOST", arg: "<host>", help: "database host" },
    port: { flag: "--port", env: "PGPORT", arg: "<port>", help: "database port" },
    user: { flag: "--user", env: "PGUSER", arg: "<user>", help: "database user" },
    database: {
        flag: "--dbname",
        env: "PGDATABASE",
        arg: "<name>",
        help: "database name (the dump's key uses it)",
    },
    secretArn: {
        flag: "--db-secret-arn",
        env: "DB_SECRET_ARN",
        arg: "<arn>",
        help:
            "Secrets Manager secret with the RDS JSON {username,password,host,port,dbname}; " +
            "explicit flags and PG* variables override its fields",
    },
    bucket: {
        flag: "--bucket",
        env: "BACKUP_BUCKET",
        arg: "<name>",
        help: "Object Lock bucket that holds the dumps",
    },
    kmsKeyId: {
        flag: "--kms-key-id",
        env: "BACKUP_KMS_KEY_ID",
        arg: "<arn|id>",
        help:
            "KMS key the dumps are encrypted with: the key ARN (a bare id would name a key in the runner's " +
            "own account; it is accepted only with AWS_ENDPOINT_URL(_S3), for emulators), never an alias",
    },
    retentionDays: {
        flag: "--retention-days",
        env: "BACKUP_RETENTION_DAYS",
        arg: "<days>",
        help: "days each dump stays COMPLIANCE-locked",
    },
    keyPrefix: {
        flag: "--key-prefix",
        env: "BACKUP_KEY_PREFIX",
        arg: "<prefix>",
        help: "first segment of every key (default: layer3)",
    },
    expectedSize: {
        flag: "--expected-size",
        env: "BACKUP_EXPECTED_SIZE",
        arg: "<size>",
        help:
            "hint of the compressed dump size (e.g. 800G, 3T) to start with larger parts; " +
            "without it parts start at 8 MiB and double every 1,000 parts (~3.9 TiB in 10,000 parts)",
    },
    pgDumpPath: {
        flag: "--pg-dump-path",
        env: "PG_DUMP_PATH",
        arg: "<path>",
        help: "pg_dump executable (default: pg_dump on PATH)",
    },
    psqlPath: {
        flag: "--psql-path",
        env: "PSQL_PATH",
        arg: "<path>",
        help: "psql executable (default: psql on PATH)",
    },
    compression: {
        flag: "--compression",
        env: "BACKUP_COMPRESSION",
        arg: "<gzip|zstd>",
        help:
            "how the dump is compressed: gzip (default; key ends .sql.gz) or zstd (multi-threaded, " +
            "smaller and faster; key ends .sql.zst; needs the zstd executable)",
    },
    compressionLevel: {
        flag: "--compression-level",
        env: "BACKUP_COMPRESSION_LEVEL",
        arg: "<level>",
        help: "compression level: gzip 1-9 (default 6), zstd 1-19 (default 3)",
    },
    zstdPath: {
        flag: "--zstd-path",
        env: "ZSTD_PATH",
        arg: "<path>",
        help: "zstd executable, for zstd dumps and their restores (default: zstd on PATH)",
    },
    uploadConcurrency: {
        flag: "--upload-concurrency",
        env: "BACKUP_UPLOAD_CONCURRENCY",
        arg: "<n>",
        help: "parts uploaded at once (default: 2); memory ~ (n+1) x part size",
    },
    databases: {
        flag: "--databases",
        env: "BACKUP_DATABASES",
        arg: "<a,b,...>",
        help: "comma-separated databases to verify",
    },
    maxAgeHours: {
        flag: "--max-age-hours",
        env: "BACKUP_MAX_AGE_HOURS",
        arg: "<hours>",
        help: "RPO: the newest dump must be younger (default: 26)",
    },
    expectedDatabases: {
        flag: "--expected-databases",
        env: AUDIT_ENV.expectedDatabases,
        arg: "<json>",
        help:
            'the estate to verify, as JSON: [{"database":"app","keyPrefix":"layer3","rpoHours":26}, ...] ' +
            "(keyPrefix defaults to --key-prefix, rpoHours to --max-age-hours); every other database " +
            "prefix found under those key prefixes fails verify; instead of --databases",
    },
    minRemainingDays: {
        flag: "--min-remaining-days",
        env: "BACKUP_MIN_REMAINING_DAYS",
        arg: "<days>",
        help:
            "lock that must remain on the newest dump from now (default: locked until at least S3's " +
            "LastModified + --retention-days less 12 h of slack; without --retention-days, still locked now)",
    },
    pgBindir: {
        flag: "--pg-bindir",
        env: "PG_BINDIR",
        arg: "<dir>",
        help:
            "drill --ephemeral: directory of the PostgreSQL server programs (initdb, pg_ctl, postgres, " +
            "psql) of the dump's major version (default: /usr/lib/postgresql/<major>/bin, else " +
            "pg_config --bindir when it is that version)",
    },
    receiptRetentionDays: {
        flag: "--receipt-retention-days",
        env: AUDIT_ENV.receiptRetentionDays,
        arg: "<days>",
        help:
            "with --receipts: days each receipt is COMPLIANCE-locked, sent with the write (needs " +
            "s3:PutObjectRetention on the receipts prefix); at least --retention-days (default: none, the " +
            "bucket's default retention locks it)",
    },
    rtoSeconds: {
        flag: "--rto-seconds",
        env: AUDIT_ENV.rtoSeconds,
        arg: "<seconds>",
        help: "restore-time target: a drill whose restore takes longer fails (default: none)",
    },
    maintenanceDb: {
        flag: "--maintenance-db",
        env: "BACKUP_MAINTENANCE_DB",
        arg: "<name>",
        help: "database to connect to for CREATE/DROP DATABASE (default: postgres)",
    },
    targetDb: {
        flag: "--target-db",
        env: "RESTORE_TARGET_DB",
        arg: "<name>",
        help: "database to restore into (created if missing)",
    },
    key: {
        flag: "--key",
        env: "RESTORE_KEY",
        arg: "<key>",
        help: "exact object key to restore (default: the newest dump by S3's clock, refused if suspect)",
    },
    versionId: {
        flag: "--version-id",
        env: "RESTORE_VERSION_ID",
        arg: "<id>",
        help:
            "exact S3 version of --key to restore; the only way to restore a dump that list or verify " +
            "report as suspect",
    },
    limit: {
        flag: "--limit",
        env: "BACKUP_LIST_LIMIT",
        arg: "<n>",
        help: "how many to show (list: dumps, default 20; report: receipts, default 50)",
    },
} as const satisfies Record<string, Setting>;

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
