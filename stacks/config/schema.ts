/**
 * The shape of a stack's configuration, as zod schemas: which keys exist, their types, which are
 * required, and the defaults. Whether a value is *right* (a 12-digit account, a retention within the
 * lock's bounds, a writer in a source account) is the business of the component the value is for:
 * `index.ts` runs the components' own validators on the parsed values. Only the rules of the stack
 * itself (its environment name, the backup stack reference) are checked here.
 */
import { z } from "zod";
import {
    CROSS_ACCOUNT_VAULT_DEFAULTS,
    CROSS_ACCOUNT_VAULT_RANGES,
} from "../../components/cross-account-vault/args";
import {
    IMMUTABLE_BACKUP_BUCKET_DEFAULTS,
    IMMUTABLE_BACKUP_BUCKET_RANGES,
    NEVER_EXPIRE,
} from "../../components/immutable-backup-bucket/args";
import {
    CLOUDWATCH_RETENTION_DAYS,
    PG_DUMP_RUNNER_DEFAULTS,
    PG_DUMP_RUNNER_RANGES,
} from "../../components/pg-dump-runner/args";
import { SNAPSHOT_COPY_PLAN_RANGES } from "../../components/snapshot-copy-plan/args";
import { auditorSchema } from "./auditor-schema";
import { wholeNumber } from "./zod-helpers";

/** A short lowercase label used in every resource name (`strongbox-<environment>-...`). */
const environmentName = z.string().regex(/^[a-z][a-z0-9-]{1,15}$/, {
    error: (i) => `must be 2-16 lowercase letters, digits or "-" (got ${JSON.stringify(i.input)})`,
});

/** The Pulumi stack reference form `<org>/<project>/<stack>`. */
const stackReferenceName = z.string().regex(/^[\w.-]+\/[\w.-]+\/[\w.-]+$/, {
    error: (i) =>
        `must be a fully qualified stack name "<org>/<project>/<stack>" (got ${JSON.stringify(i.input)})`,
});

const bucket = IMMUTABLE_BACKUP_BUCKET_DEFAULTS;
const bucketRanges = IMMUTABLE_BACKUP_BUCKET_RANGES;
const bucketSchema = z
    .object({
        /** Bucket name; globally unique. */
        name: z.string(),
        /** Default Object Lock COMPLIANCE retention applied to every dump. Default 35. */
        retentionDays: wholeNumber(bucketRanges.retentionDays).default(bucket.retentionDays),
        /** Lowest retention an explicit lock header may ask for. Default (the component's) 30: not `retentionDays`, since S3 measures what remains when the request arrives. */
        minimumRetentionDays: wholeNumber(bucketRanges.minimumRetentionDays).optional(),
        /** Highest retention an explicit lock header or retention change may ask for (denial-of-wallet cap). Default 3650. */
        maxRetentionDays: wholeNumber(bucketRanges.maxRetentionDays).default(bucket.maxRetentionDays),
        /** Days after which current versions expire, or "never". Default (the component's) `retentionDays` + 7. */
        expireAfterDays: z
            .union([z.number(), z.literal(NEVER_EXPIRE)], {
                error: (i) =>
                    `must be a whole number of days or "${NEVER_EXPIRE}" (got ${JSON.stringify(i.input)})`,
            })
            .optional(),
        /** Days before dumps move to `transitionStorageClass`. Default 30. */
        transitionDays: wholeNumber(bucketRanges.transitionDays).default(bucket.transitionDays),
        /** Colder storage class. Default GLACIER_IR (restorable in milliseconds, which keeps the RTO honest). */
        transitionStorageClass: z.string().default(bucket.transitionStorageClass),
        /** Days after which incomplete multipart uploads are aborted. 1-7, default 7. */
        abortIncompleteMultipartDays: wholeNumber(bucketRanges.abortIncompleteMultipartDays).default(
            bucket.abortIncompleteMultipartDays,
        ),
        /** Existing CMK, e.g. one made before Strongbox. Default: the component creates one. Must be in the stack's region and the backup account. */
        kmsKeyArn: z.string().optional(),
        /** Key prefix under which dumps are written. Default `layer3`. */
        keyPrefix: z.string().default(bucket.keyPrefix),
        /** Optional cross-region replica (second locked bucket with its own key). */
        replica: z
            .object({
                region: z.string(),
                /** Replica bucket name. Default `<name>-replica`. */
                name: z.string().optional(),
            })
            .strict()
            .optional(),
        /** Server access logs into a separate bucket. Default true. */
        accessLogs: z.boolean().default(bucket.accessLogs),
    })
    .strict();

const vault = CROSS_ACCOUNT_VAULT_DEFAULTS;
const vaultRanges = CROSS_ACCOUNT_VAULT_RANGES;
const vaultSchema = z
    .object({
        /** Vault name. */
        name: z.string(),
        /** Days before the vault lock becomes immutable. At least 3 (AWS compliance mode). Default 3. */
        changeableForDays: wholeNumber(vaultRanges.changeableForDays).default(vault.changeableForDays),
        /** Recovery points kept at least this long. Default 35. */
        minRetentionDays: wholeNumber(vaultRanges.minRetentionDays).default(vault.minRetentionDays),
        /** Recovery points kept at most this long. Default 3650. */
        maxRetentionDays: wholeNumber(vaultRanges.maxRetentionDays).default(vault.maxRetentionDays),
        /** Source regions besides the stack's: the vaults again in each (RDS copies cross accounts only within a region). */
        sourceRegions: z.array(z.string()).default([]),
        /** `locked` (standard vault + compliance lock) or `air-gapped` (logically air-gapped vault). Default `locked`. */
        type: z.string().default(vault.vaultType),
        /** Optional second vault for sensitive data, restorable only by the break-glass role. */
        sensitiveVault: z
            .object({
                name: z.string(),
                /** The role break-glass passes to restore jobs. Default `service-role/AWSBackupDefaultServiceRole`. */
                restoreRoleArn: z.string().optional(),
            })
            .strict()
            .optional(),
    })
    .strict();

const writerSchema = z
    .object({
        /** The runner role (the source stack's `runnerRoleName` in its account); it need not exist yet. */
        roleArn: z.string(),
        /** The databases it backs up: it may write only `<keyPrefix>/<database>/*` of these. */
        databases: z.array(z.string()),
        /** Its own key prefix. Default `bucket.keyPrefix`; required for a second writer with a database of the same name. */
        keyPrefix: z.string().optional(),
    })
    .strict();

const backupSchema = z
    .object({
        /** The backup account (where this stack deploys). */
        accountId: z.string(),
        /** Accounts whose runners and backup plans may write here. */
        sourceAccountIds: z.array(z.string()),
        /** Optional AWS Organization ID; when set, vault copies are allowed org-wide instead of per account. */
        organizationId: z.string().optional(),
        /** The runner roles allowed to write dumps, each with the databases it backs up (and optionally its own prefix). */
        writers: z.array(writerSchema),
        /** Replaced by `writers`; present only to say how to move. */
        writerRoleArns: z
            .never({
                error: () =>
                    "was replaced by `strongbox:backup.writers`: list each runner role once with the databases it " +
                    "backs up, e.g. `writers: [{ roleArn: arn:aws:iam::<source account>:role/<runnerRoleName>, " +
                    "databases: [appdb, billing] }]` (`keyPrefix` optional, default `bucket.keyPrefix`), " +
                    "then delete `writerRoleArns`",
            })
            .optional(),
        /** Backup-account roles that administer the keys. */
        keyAdminRoleArns: z.array(z.string()),
        /** The only role that may disable keys, change key policies, or restore from the sensitive vault. */
        breakGlassRoleArn: z.string(),
        /** Backup-account roles that run `pulumi up` for this stack: the only ones (with break-glass) that may change the bucket's and vaults' own configuration and policies. At least one. */
        deployerRoleArns: z.array(z.string()),
        bucket: bucketSchema,
        vault: vaultSchema,
        /** The BackupAuditor (`auditor-schema.ts`); absent, nothing of it is declared. */
        auditor: auditorSchema.optional(),
    })
    .strict();

const runner = PG_DUMP_RUNNER_DEFAULTS;
const runnerRanges = PG_DUMP_RUNNER_RANGES;
/** How dumps are compressed; the runner component checks the algorithm and the level's range. */
const compressionSchema = z
    .object({
        /** `gzip` or `zstd`. */
        algorithm: z.string(),
        /** gzip 1-9, zstd 1-19. Default: the algorithm's own (gzip 6, zstd 3). */
        level: z.number().optional(),
    })
    .strict();
const databaseSchema = z
    .object({
        /** PostgreSQL database name; also used in the S3 key and resource names. */
        name: z.string(),
        /** Hostname of the RDS instance or cluster endpoint. */
        endpoint: z.string(),
        /** Port. Default 5432. */
        port: wholeNumber(runnerRanges.port).default(runner.port),
        /** RDS-managed secret (JSON with username/password) in the source account and region. */
        secretArn: z.string(),
        /** Per-database schedule override. Default: `defaultSchedule`. */
        schedule: z.string().optional(),
        /** Major version of the server; the job installs a pg_dump at least this new. Default 15. */
        pgMajorVersion: wholeNumber(runnerRanges.pgMajorVersion).default(runner.pgMajorVersion),
        /** How this database's dumps are compressed. Default: `strongbox:source.compression`. */
        compression: compressionSchema.optional(),
    })
    .strict();

const snapshotRanges = SNAPSHOT_COPY_PLAN_RANGES;
const snapshotRuleSchema = z
    .object({
        /** AWS Backup cron expression. Default: the environment's. */
        schedule: z.string().optional(),
        /** Days the source account keeps its recovery point. Default: the environment's. */
        retentionDays: wholeNumber(snapshotRanges.retentionDays).optional(),
        /** Days before cold storage. Default: the environment's (or never). */
        coldStorageAfterDays: wholeNumber(snapshotRanges.coldStorageAfterDays).optional(),
        /** Days the copy in the backup account is kept. Default: `retentionDays`. */
        copyRetentionDays: wholeNumber(snapshotRanges.retentionDays).optional(),
        /** Days before the copy moves to cold storage. Default: `coldStorageAfterDays`. */
        copyColdStorageAfterDays: wholeNumber(snapshotRanges.coldStorageAfterDays).optional(),
        /** Default 60. */
        startWindowMinutes: wholeNumber(snapshotRanges.startWindowMinutes).optional(),
        /** Default 1440. */
        completionWindowMinutes: wholeNumber(snapshotRanges.completionWindowMinutes).optional(),
    })
    .strict();
const rdsSelection = {
    /** RDS instance or cluster ARNs in this account and region. */
    resourceArns: z.array(z.string()).optional(),
    /** Tags every selected instance or cluster carries. */
    resourceTags: z.record(z.string(), z.string()).optional(),
};
const snapshotsSchema = z
    .object({
        /** `development`, `staging` or `production`: the defaults of every value left out. */
        environment: z.string(),
        ...rdsSelection,
        /** Databases whose snapshots go to the backup account's sensitive vault instead. */
        sensitive: z.object(rdsSelection).strict().optional(),
        rules: z
            .object({
                daily: snapshotRuleSchema.optional(),
                weekly: snapshotRuleSchema.optional(),
                monthly: snapshotRuleSchema.optional(),
            })
            .strict()
            .optional(),
        /** Continuous backup (point-in-time restore) kept this many days. Default: off. */
        pointInTimeRecoveryDays: wholeNumber(snapshotRanges.pointInTimeRecoveryDays).optional(),
        /** Weekly or monthly retention shorter than daily, on purpose. Default false. */
        allowShorterLongTermRetention: z.boolean().optional(),
        /** Compliance-lock the source account's vault. Default: production only. */
        lockLocalVault: z.boolean().optional(),
        /** Source-account roles administering the local vault's key. */
        keyAdminRoleArns: z.array(z.string()).optional(),
        /** The source-account role that alone may disable the local key or change its policy. */
        breakGlassRoleArn: z.string(),
    })
    .strict();

const sourceSchema = z
    .object({
        /** The source account (where this stack deploys). */
        accountId: z.string(),
        /** Fully qualified name of the backup stack to read outputs from. */
        backupStack: stackReferenceName,
        /** Deterministic runner role name: the backup stack allows it before it exists. */
        runnerRoleName: z.string(),
        /** How dumps are compressed, unless a database says otherwise. Default: gzip, level 6. */
        compression: compressionSchema.optional(),
        /** Schedule for databases without their own. Default daily at 01:30 UTC. */
        defaultSchedule: z.string().default(runner.defaultSchedule),
        /** IANA time zone of the schedules. Default UTC. */
        scheduleTimezone: z.string().default(runner.scheduleTimezone),
        /** Where the jobs run: they need a route to the databases. */
        network: z
            .object({
                vpcId: z.string(),
                subnetIds: z.array(z.string()),
                /** Security group of the databases; the runner's group may reach only its port. */
                databaseSecurityGroupId: z.string(),
            })
            .strict(),
        /** Runner log retention in days (a CloudWatch-accepted value). Default 90. */
        logRetentionDays: z
            .number({
                error: (i) =>
                    `must be one of CloudWatch's retention values ${CLOUDWATCH_RETENTION_DAYS.join(", ")} (got ${JSON.stringify(i.input)})`,
            })
            .default(runner.logRetentionDays),
        /** Where build failures are mailed. Default: none (subscribe to the SNS topic yourself). */
        notificationEmails: z.array(z.string()).default([]),
        /** Build timeout; a dump that runs longer fails loudly. Default 480 (CodeBuild's maximum is 2160). */
        buildTimeoutMinutes: wholeNumber(runnerRanges.buildTimeoutMinutes).default(
            runner.buildTimeoutMinutes,
        ),
        databases: z.array(databaseSchema),
        /** RDS snapshots copied into the backup account's vault. Default: none. */
        snapshots: snapshotsSchema.optional(),
    })
    .strict();

export const stackSchema = z.discriminatedUnion(
    "role",
    [
        z.object({
            role: z.literal("backup"),
            environment: environmentName.default("prod"),
            tags: z.record(z.string(), z.string()).default({}),
            backup: backupSchema,
        }),
        z.object({
            role: z.literal("source"),
            environment: environmentName.default("prod"),
            tags: z.record(z.string(), z.string()).default({}),
            source: sourceSchema,
        }),
    ],
    {
        error: (i) =>
            `must be "backup" or "source" (got ${JSON.stringify((i.input as { role?: unknown } | undefined)?.role)})`,
    },
);

export type BucketConfig = z.infer<typeof bucketSchema>;
export type VaultConfig = z.infer<typeof vaultSchema>;
export type BackupConfig = z.infer<typeof backupSchema>;
export type WriterConfig = z.infer<typeof writerSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type SnapshotsConfig = z.infer<typeof snapshotsSchema>;
/** The config as parsed, before the components' rules have looked at it. */
export type ParsedStackConfig = z.infer<typeof stackSchema>;
