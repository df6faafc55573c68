/**
 * The arguments of `BackupAuditor`, their defaults and their fixed bounds. Validation (`validate.ts`) checks
 * the very fields declared here; the stack config applies the same defaults and names the same bounds, from here.
 */
import * as pulumi from "@pulumi/pulumi";
import * as limits from "../../shared/limits";
import type { Range } from "../common/checks";

/** One database's overrides of the auditor-wide values (`databases.<name>`). */
export interface AuditedDatabaseOverrides {
    /** Hours the newest dump may be old before verify fails and the stale alarm fires. Default `rpoHours`. */
    readonly rpoHours?: number;
    /** Seconds the drill's restore may take. Default `rtoSeconds`. */
    readonly rtoSeconds?: number;
    /** Major version of the server the dumps come from: the drill starts a cluster of it. Default `pgMajorVersion`. */
    readonly pgMajorVersion?: number;
    /** Drill this database. Default true. */
    readonly drill?: boolean;
}

/** The writers' databases as the bucket grants them: what the auditor expects to find. */
export interface AuditedWriter {
    readonly keyPrefix: string;
    readonly databases: readonly string[];
}

/** A vault the stack declares: restore testing, the framework's regions and the tamper rules read it. */
export interface AuditedVault {
    readonly region: string;
    readonly vaultName: string;
    readonly vaultArn: pulumi.Input<string>;
    /** The sensitive vault: restores from it are break-glass only, so it is never restore-tested. */
    readonly sensitive: boolean;
}

/** Per region of restore testing: where restored instances go (restore testing is regional). */
export interface RestoreTestingRegion {
    /** DB subnet group the restored instance is placed in (restore metadata `dbsubnetgroupname`). */
    readonly dbSubnetGroupName: string;
    /** Security groups of the restored instance (`vpcsecuritygroupids`). At least one. */
    readonly securityGroupIds: readonly string[];
    /** Instance class of the restored instance (`dbinstanceclass`). Default: the recovery point's. */
    readonly dbInstanceClass?: string;
}

export interface RestoreTestingArgs {
    /** The regions whose vaults are restore-tested, each with its network: keys must be vault regions. */
    readonly regions: Readonly<Record<string, RestoreTestingRegion>>;
    /** When tests start. Default `cron(0 8 ? * SAT *)` (weekly). */
    readonly schedule?: string;
    /** Hours a test may wait to start. 1-168, default 8. */
    readonly startWindowHours?: number;
    /** Only recovery points this many days old or newer are chosen. 1-365, default 7. */
    readonly selectionWindowDays?: number;
    /** Hours the restored instance is kept for validation before AWS Backup deletes it. 0-168, default 1. */
    readonly validationWindowHours?: number;
    /** `RDS` (instances) or `Aurora` (clusters). Default `RDS`. */
    readonly resourceType?: RestoreTestingResourceType;
}

export const RESTORE_TESTING_RESOURCE_TYPES = ["RDS", "Aurora"] as const;
export type RestoreTestingResourceType = (typeof RESTORE_TESTING_RESOURCE_TYPES)[number];

/** Parameters of the Audit Manager framework's controls. */
export interface FrameworkArgs {
    /** Days every recovery point and plan rule must keep backups. Default: `vaultLock.minRetentionDays`. */
    readonly requiredRetentionDays?: number;
    /** Hours between backups a plan rule must at least achieve. 1-24, default 24. */
    readonly backupFrequencyHours?: number;
    /** Hours within which a resource must have a recovery point. 1-2184, default 26. */
    readonly lastRecoveryPointMaxAgeHours?: number;
    /** Minutes a restore may take. Default 720. */
    readonly maxRestoreTimeMinutes?: number;
}

export interface BackupAuditorArgs {
    /** Prefix of every physical name (projects, roles, topic, alarms), e.g. `strongbox-prod`. 2-40 characters. */
    readonly namePrefix: string;
    /** The backup account. */
    readonly accountId: string;
    /** The stack's region: the bucket, the jobs, the topic, the dashboard and the report plans are here. */
    readonly region: string;
    /** IAM partition. Default `aws`. */
    readonly partition?: string;
    /** The backup bucket. */
    readonly bucket: {
        readonly name: pulumi.Input<string>;
        readonly arn: pulumi.Input<string>;
        readonly kmsKeyArn: pulumi.Input<string>;
        /** Its default retention: verify's lock check follows from it, and no receipt is locked for less. */
        readonly retentionDays: number;
        /** The longest retention its policy lets anyone ask for (`DenyRetentionBeyondMaximum`): no receipt is locked for more. */
        readonly maxRetentionDays: number;
    };
    /** What the bucket lets each writer write: every (prefix, database) pair is expected. */
    readonly writers: readonly AuditedWriter[];
    /** Default RPO in hours. Default 26 (a daily dump with two hours of slack). */
    readonly rpoHours?: number;
    /** Default RTO of the drill in seconds. Default 3600. */
    readonly rtoSeconds?: number;
    /** Default major version of the dumps' servers. Default 15 (`DEFAULT_PG_MAJOR_VERSION`). */
    readonly pgMajorVersion?: number;
    /** Per-database overrides, by database name; a name no writer has is an error. Default none. */
    readonly databases?: Readonly<Record<string, AuditedDatabaseOverrides>>;
    /** EventBridge Scheduler expressions. Defaults: verify daily 05:00, canary daily 05:30, drill Sundays 06:00. */
    readonly schedules?: { readonly verify?: string; readonly drill?: string; readonly canary?: string };
    /** IANA time zone of the schedules. Default `UTC`. */
    readonly scheduleTimezone?: string;
    /** Minutes a scheduled job may start late. 0-1440, default 30. */
    readonly flexibleWindowMinutes?: number;
    /** Hours without a verify result for a database before it alarms. 1-168, default 36 (a daily verify may run late). */
    readonly verifyMissingAfterHours?: number;
    /** Hours without a canary result before it alarms. 1-168, default 36. */
    readonly canaryMissingAfterHours?: number;
    /** Days without a drill result for a database before it alarms. 1-7 (CloudWatch's limit), default 7. */
    readonly drillMissingAfterDays?: number;
    /** Days without any receipt written before it alarms. 1-7, default 2. */
    readonly receiptsMissingAfterDays?: number;
    /**
     * Days each receipt of verify and the drill stays COMPLIANCE-locked: the runner sends the lock with the write
     * (`AUDIT_ENV.receiptRetentionDays`), and the bucket's lifecycle expires receipts a day after it lapses. From
     * `bucket.retentionDays` to `bucket.maxRetentionDays`; default 400, so a year of receipts is always there. The
     * canary's receipts keep the bucket's default retention: its role may change no lock outside its prefix.
     */
    readonly receiptRetentionDays?: number;
    /** E-mail addresses subscribed to the audit topic. Default none. */
    readonly notificationEmails?: readonly string[];
    /** Log retention of the jobs, in days (a CloudWatch value). Default 90. */
    readonly logRetentionDays?: number;
    /** Build timeout of every job. 5-2160, default 480. */
    readonly buildTimeoutMinutes?: number;
    /** Compute of verify and the canary. Default `BUILD_GENERAL1_SMALL`: they stream and hash. */
    readonly computeType?: string;
    /** Compute of the drill. Default `BUILD_GENERAL1_MEDIUM`: it runs PostgreSQL and restores the dump on its disk. */
    readonly drillComputeType?: string;
    /** Build image. Default `aws/codebuild/standard:7.0`. */
    readonly image?: string;
    /** The stack's vaults in every region. */
    readonly vaults: readonly AuditedVault[];
    /** The vaults' lock bounds (the same in every region): the framework checks recovery points against them. */
    readonly vaultLock: { readonly minRetentionDays: number; readonly maxRetentionDays: number };
    /** The Audit Manager framework's parameters. */
    readonly framework?: FrameworkArgs;
    /** Where the framework's reports go: a new locked, encrypted bucket of this name. */
    readonly reports: {
        readonly bucketName: string;
        /** COMPLIANCE retention of every report. 30-3650, default 365. */
        readonly retentionDays?: number;
        /** Key administrators of the report bucket's key (backup-account roles). */
        readonly keyAdminRoleArns: readonly string[];
        readonly breakGlassRoleArn: string;
        /** Roles that may change the report bucket's configuration (the stack's deployers). */
        readonly deployerRoleArns: readonly string[];
    };
    /** AWS Backup restore testing of the vaults' RDS recovery points. Default: none. */
    readonly restoreTesting?: RestoreTestingArgs;
    /** What the tamper rules watch, by region: the stack's buckets and keys (a region without keys watches them all). */
    readonly watched: {
        readonly buckets: ReadonlyArray<{ readonly region: string; readonly name: pulumi.Input<string> }>;
        readonly keys: ReadonlyArray<{ readonly region: string; readonly arn: pulumi.Input<string> }>;
    };
    /** The runner bundle. Default: `<runnerBuildDir>/bundle/`, which `npm run build` writes; tests pass a stub. */
    readonly runnerBundle?: pulumi.asset.Archive;
    /** Build directory holding the default bundle. Default `dist`. */
    readonly runnerBuildDir?: string;
    /** Tags on every taggable child. Default none. */
    readonly tags?: Record<string, string>;
    /** `protect` the report bucket and its key. Default true. */
    readonly protect?: boolean;
}

/** Every default of `BackupAuditorArgs`; the stack config applies the same ones. */
export const BACKUP_AUDITOR_DEFAULTS = {
    partition: "aws",
    rpoHours: 26,
    rtoSeconds: 3600,
    pgMajorVersion: limits.DEFAULT_PG_MAJOR_VERSION,
    schedules: {
        verify: "cron(0 5 * * ? *)",
        canary: "cron(30 5 * * ? *)",
        drill: "cron(0 6 ? * SUN *)",
    },
    scheduleTimezone: "UTC",
    flexibleWindowMinutes: 30,
    verifyMissingAfterHours: 36,
    canaryMissingAfterHours: 36,
    drillMissingAfterDays: 7,
    receiptsMissingAfterDays: 2,
    receiptRetentionDays: 400,
    logRetentionDays: limits.DEFAULT_LOG_RETENTION_DAYS,
    buildTimeoutMinutes: 480,
    computeType: "BUILD_GENERAL1_SMALL",
    drillComputeType: "BUILD_GENERAL1_MEDIUM",
    image: "aws/codebuild/standard:7.0",
    reportRetentionDays: 365,
    framework: { backupFrequencyHours: 24, lastRecoveryPointMaxAgeHours: 26, maxRestoreTimeMinutes: 720 },
    restoreTesting: {
        schedule: "cron(0 8 ? * SAT *)",
        startWindowHours: 8,
        selectionWindowDays: 7,
        validationWindowHours: 1,
        resourceType: "RDS" as RestoreTestingResourceType,
    },
    runnerBuildDir: "dist",
    protect: true,
} as const;

/** CloudWatch evaluates an alarm over at most 7 days (PutMetricAlarm, `Period`). */
const WEEK_WHY = " (CloudWatch evaluates an alarm over at most 7 days)";

/** The fixed bounds of the whole-number args. */
export const BACKUP_AUDITOR_RANGES = {
    rpoHours: { min: 1, max: 24 * 7, maxWhy: WEEK_WHY },
    rtoSeconds: { min: 1, max: 7 * 24 * 3600 },
    pgMajorVersion: { min: 12, max: 17, minWhy: " (PostgreSQL 12 to 17)", maxWhy: " (PostgreSQL 12 to 17)" },
    flexibleWindowMinutes: { min: 0, max: 1440 },
    verifyMissingAfterHours: { min: 1, max: 168, maxWhy: WEEK_WHY },
    canaryMissingAfterHours: { min: 1, max: 168, maxWhy: WEEK_WHY },
    drillMissingAfterDays: { min: 1, max: 7, maxWhy: WEEK_WHY },
    receiptsMissingAfterDays: { min: 1, max: 7, maxWhy: WEEK_WHY },
    buildTimeoutMinutes: { min: 5, max: 2160 },
    reportRetentionDays: {
        min: limits.MIN_RETENTION_DAYS,
        max: limits.MAX_RETENTION_DAYS,
        minWhy: " (COMPLIANCE retention floor)",
    },
    requiredRetentionDays: { min: 1, max: limits.MAX_RETENTION_DAYS },
    backupFrequencyHours: { min: 1, max: 24 },
    // The Config rule behind BACKUP_LAST_RECOVERY_POINT_CREATED takes "no more than 2184 for hours".
    lastRecoveryPointMaxAgeHours: { min: 1, max: 2184 },
    maxRestoreTimeMinutes: { min: 1, max: 7 * 24 * 60 },
    startWindowHours: { min: 1, max: 168 },
    selectionWindowDays: { min: 1, max: 365 },
    validationWindowHours: { min: 0, max: 168 },
} as const satisfies Record<string, Range>;

/**
 * The bounds of `receiptRetentionDays`, from the bucket: no receipt is locked for less than a dump, nor for more
 * than the bucket policy lets anyone ask (it would be refused).
 */
export function receiptRetentionRange(bucket: ReceiptBucketBounds): Range {
    return {
        min: bucket.retentionDays,
        max: bucket.maxRetentionDays,
        minWhy: ", the bucket's default retention: a receipt is locked no shorter than a dump; set a longer one",
        maxWhy: ", the bucket's maximum retention: its policy refuses a longer lock; set a shorter one",
    };
}

/** What `receiptRetentionRange` reads of the bucket. */
export type ReceiptBucketBounds = Pick<BackupAuditorArgs["bucket"], "retentionDays" | "maxRetentionDays">;

/** The auditor's two roles have deterministic names, so the bucket policy can name them before they exist. */
export function auditRoleNames(namePrefix: string): { auditor: string; canary: string } {
    return { auditor: `${namePrefix}-auditor`, canary: `${namePrefix}-canary` };
}

/** Their ARNs in `accountId` (what the bucket policy compares `aws:PrincipalArn` with). */
export function auditRoleArns(
    namePrefix: string,
    accountId: string,
    partition: string = BACKUP_AUDITOR_DEFAULTS.partition,
): { auditorRoleArn: string; canaryRoleArn: string } {
    const names = auditRoleNames(namePrefix);
    return {
        auditorRoleArn: `arn:${partition}:iam::${accountId}:role/${names.auditor}`,
        canaryRoleArn: `arn:${partition}:iam::${accountId}:role/${names.canary}`,
    };
}
