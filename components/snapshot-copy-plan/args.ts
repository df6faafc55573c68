/**
 * The arguments of `SnapshotCopyPlan`, their defaults and their fixed bounds. Values left out come from
 * the environment's defaults (`environments.ts`) or, for a copy, from its own rule; `resolve...` applies
 * them and remembers which values were defaulted, so that a message can say where a number came from.
 */
import * as pulumi from "@pulumi/pulumi";
import * as limits from "../../shared/limits";
import type { Range } from "../common/checks";
import { ENVIRONMENT_DEFAULTS, Environment, isEnvironment, RULE_NAMES, RuleName } from "./environments";

/** One of the daily, weekly and monthly rules. Every field defaults as its JSDoc says. */
export interface SnapshotRuleArgs {
    /** AWS Backup cron expression, e.g. `cron(0 1 * * ? *)`. Default: the environment's. */
    readonly schedule?: string;
    /** Days the source account's own recovery point is kept. Default: the environment's. */
    readonly retentionDays?: number;
    /** Days before the local recovery point moves to cold storage. Default: the environment's (or never). */
    readonly coldStorageAfterDays?: number;
    /** Days the copy in the backup account's vault is kept. Default: `retentionDays`. */
    readonly copyRetentionDays?: number;
    /** Days before the copy moves to cold storage. Default: `coldStorageAfterDays`. */
    readonly copyColdStorageAfterDays?: number;
    /** Minutes a job may wait to start before AWS Backup gives up (EXPIRED). At least 60, default 60. */
    readonly startWindowMinutes?: number;
    /** Minutes from the scheduled time within which a job must finish. More than the start window; default 1440. */
    readonly completionWindowMinutes?: number;
}

/** RDS instances and clusters, by ARN and/or by tags (a resource must carry every tag given). */
export interface SnapshotSelectionArgs {
    /** `arn:aws:rds:<region>:<account>:db:<id>` or `...:cluster:<id>`, in this account and region. Default: none. */
    readonly resourceArns?: readonly string[];
    /** Tag key -> value. Default: none. */
    readonly resourceTags?: Readonly<Record<string, string>>;
}

/** A vault in the backup account, and the bounds its lock enforces (from the backup stack's outputs). */
export interface SnapshotDestination {
    /** Undefined when the backup stack exports no such vault (the check then says so). */
    readonly vaultArn: pulumi.Input<string | undefined>;
    readonly minRetentionDays: pulumi.Input<number | undefined>;
    readonly maxRetentionDays: pulumi.Input<number | undefined>;
    /** How messages name the vault, e.g. "the backup account's vault for us-east-1 (backup stack acme/x/prod-backup)". */
    readonly describedAs: string;
    /** What to do when the vault does not exist (`vaultArn` undefined). Default: deploy one. */
    readonly whenMissing?: string;
}

export interface SnapshotCopyPlanArgs {
    /** Prefix of every physical name, e.g. `strongbox-prod`. */
    readonly namePrefix: string;
    /** The source account the plan deploys into. */
    readonly accountId: string;
    /** The source region (where the databases, the plan and its vault are). */
    readonly region: string;
    /** `development`, `staging` or `production`: which defaults apply. Required. */
    readonly environment: Environment;
    /** The databases whose snapshots go to `destination`. At least one ARN or tag. */
    readonly selection: SnapshotSelectionArgs;
    /** Databases whose snapshots go to `sensitiveDestination` instead (and never to `destination`). Default: none. */
    readonly sensitive?: SnapshotSelectionArgs;
    /** Overrides of the environment's rules. Default: none. */
    readonly rules?: Partial<Readonly<Record<RuleName, SnapshotRuleArgs>>>;
    /** When set, a continuous (point-in-time) backup rule keeps this many days, 1-35. Default: none. */
    readonly pointInTimeRecoveryDays?: number;
    /** Allow weekly or monthly retention shorter than the daily one. Default false. */
    readonly allowShorterLongTermRetention?: boolean;
    /** Compliance-lock the local vault (30-3650 days). Default: the environment's (production only). */
    readonly lockLocalVault?: boolean;
    /** Source-account roles that administer the local vault's key. Default: none. */
    readonly keyAdminRoleArns?: readonly string[];
    /** The source-account role that alone may disable the local key or change its policy. */
    readonly breakGlassRoleArn: string;
    /** IANA time zone of the rule schedules. Default `UTC`. */
    readonly scheduleTimezone?: string;
    /** E-mail subscriptions to the failure topic. Default: none. */
    readonly notificationEmails?: readonly string[];
    readonly destination: SnapshotDestination;
    /** Required when `sensitive` selects anything. */
    readonly sensitiveDestination?: SnapshotDestination;
    /** How messages name a field (the stack config passes its keys). Default: the field in backticks. */
    readonly describeField?: (field: string) => string;
    /** Tags for every taggable resource. Default none. */
    readonly tags?: Record<string, string>;
    /** `protect` the local vault, its key and its lock. Default true. */
    readonly protect?: boolean;
}

export const SNAPSHOT_COPY_PLAN_DEFAULTS = {
    startWindowMinutes: 60,
    completionWindowMinutes: 1440,
    allowShorterLongTermRetention: false,
    scheduleTimezone: "UTC",
    protect: true,
} as const;

/** AWS Backup's limits ("BackupRuleInput", "Lifecycle", "Changing your retention period"). */
export const SNAPSHOT_COPY_PLAN_RANGES = {
    /** 100 years: the longest lifecycle AWS accepts. */
    retentionDays: { min: 1, max: 36500 },
    coldStorageAfterDays: { min: 1, max: 36500 },
    startWindowMinutes: { min: 60, max: 52560000, minWhy: " (AWS Backup's minimum start window)" },
    completionWindowMinutes: { min: 61, max: 52560000 },
    pointInTimeRecoveryDays: { min: 1, max: 35, maxWhy: " (AWS keeps continuous backups at most 35 days)" },
    /** What the local vault's compliance lock allows, when there is one. */
    lockedRetentionDays: { min: limits.MIN_RETENTION_DAYS, max: limits.MAX_RETENTION_DAYS },
} as const satisfies Record<string, Range>;

/** A rule with every default applied; `defaulted` lists the fields that came from the environment. */
export interface ResolvedRule {
    readonly name: RuleName;
    readonly schedule: string;
    readonly retentionDays: number;
    readonly coldStorageAfterDays?: number;
    readonly copyRetentionDays: number;
    readonly copyColdStorageAfterDays?: number;
    readonly startWindowMinutes: number;
    readonly completionWindowMinutes: number;
    /** The fields that came from the environment's defaults. */
    readonly defaulted: ReadonlySet<keyof SnapshotRuleArgs>;
    /** Which field decides the copy's retention: its own, or the rule's it inherits. */
    readonly copyRetentionFrom: "copyRetentionDays" | "retentionDays";
}

function resolveRule(environment: Environment, name: RuleName, given: SnapshotRuleArgs = {}): ResolvedRule {
    const env = ENVIRONMENT_DEFAULTS[environment].rules[name];
    const d = SNAPSHOT_COPY_PLAN_DEFAULTS;
    const defaulted = new Set<keyof SnapshotRuleArgs>(
        (Object.keys(env) as (keyof SnapshotRuleArgs)[]).filter((k) => given[k] === undefined),
    );
    const retentionDays = given.retentionDays ?? env.retentionDays;
    const coldStorageAfterDays = given.coldStorageAfterDays ?? env.coldStorageAfterDays;
    return {
        name,
        schedule: given.schedule ?? env.schedule,
        retentionDays,
        coldStorageAfterDays,
        copyRetentionDays: given.copyRetentionDays ?? retentionDays,
        copyColdStorageAfterDays: given.copyColdStorageAfterDays ?? coldStorageAfterDays,
        startWindowMinutes: given.startWindowMinutes ?? d.startWindowMinutes,
        completionWindowMinutes: given.completionWindowMinutes ?? d.completionWindowMinutes,
        defaulted,
        copyRetentionFrom: given.copyRetentionDays === undefined ? "retentionDays" : "copyRetentionDays",
    };
}

/** The rules in order, with the environment's defaults applied (`environment` must be valid). */
export function resolveRules(args: Pick<SnapshotCopyPlanArgs, "environment" | "rules">): ResolvedRule[] {
    return RULE_NAMES.map((name) => resolveRule(args.environment, name, args.rules?.[name]));
}

export function resolveSnapshotCopyPlanArgs(args: SnapshotCopyPlanArgs) {
    const d = SNAPSHOT_COPY_PLAN_DEFAULTS;
    const environment = isEnvironment(args.environment) ? args.environment : "production";
    return {
        ...args,
        rules: resolveRules({ environment, rules: args.rules }),
        lockLocalVault: args.lockLocalVault ?? ENVIRONMENT_DEFAULTS[environment].lockLocalVault,
        allowShorterLongTermRetention: args.allowShorterLongTermRetention ?? d.allowShorterLongTermRetention,
        keyAdminRoleArns: args.keyAdminRoleArns ?? [],
        scheduleTimezone: args.scheduleTimezone ?? d.scheduleTimezone,
        notificationEmails: args.notificationEmails ?? [],
        describeField: args.describeField ?? ((field: string) => `\`${field}\``),
        tags: args.tags ?? {},
        protect: args.protect ?? d.protect,
    };
}

/** Args with every default applied. */
export type ResolvedSnapshotCopyPlanArgs = ReturnType<typeof resolveSnapshotCopyPlanArgs>;
