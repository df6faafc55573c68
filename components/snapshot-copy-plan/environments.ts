/**
 * What each kind of environment gets when its config leaves a value out: the daily schedule and
 * retention differ by environment; the weekly and monthly rules are the same everywhere.
 *
 * Two departures from the usual module defaults these come from, both forced by AWS:
 * - no daily cold storage in staging (7 of 30 days) or production (30 of 90 days): AWS Backup refuses a
 *   lifecycle that keeps a recovery point less than 90 days in cold storage ("Lifecycle", AWS Backup API
 *   reference), and ignores cold storage for resource types it cannot tier, RDS among them;
 * - the local vault is locked in production only, as those defaults lock it; the copies in the backup
 *   account's vault are locked in every environment.
 */

export const ENVIRONMENTS = ["development", "staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const RULE_NAMES = ["daily", "weekly", "monthly"] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export interface RuleDefaults {
    /** AWS Backup cron expression (UTC unless the plan's time zone says otherwise). */
    readonly schedule: string;
    readonly retentionDays: number;
    /** Days before cold storage; absent: never. */
    readonly coldStorageAfterDays?: number;
}

export interface EnvironmentDefaults {
    readonly rules: Readonly<Record<RuleName, RuleDefaults>>;
    /** Whether the source account's own vault gets a compliance-mode lock. */
    readonly lockLocalVault: boolean;
}

const WEEKLY: RuleDefaults = {
    schedule: "cron(0 1 ? * SUN *)",
    retentionDays: 365,
    coldStorageAfterDays: 90,
};
/** Seven years. */
const MONTHLY: RuleDefaults = {
    schedule: "cron(0 1 1 * ? *)",
    retentionDays: 2555,
    coldStorageAfterDays: 30,
};

export const ENVIRONMENT_DEFAULTS: Readonly<Record<Environment, EnvironmentDefaults>> = {
    development: {
        rules: {
            daily: { schedule: "cron(0 3 * * ? *)", retentionDays: 7 },
            weekly: WEEKLY,
            monthly: MONTHLY,
        },
        lockLocalVault: false,
    },
    staging: {
        rules: {
            daily: { schedule: "cron(0 2 * * ? *)", retentionDays: 30 },
            weekly: WEEKLY,
            monthly: MONTHLY,
        },
        lockLocalVault: false,
    },
    production: {
        rules: {
            daily: { schedule: "cron(0 1 * * ? *)", retentionDays: 90 },
            weekly: WEEKLY,
            monthly: MONTHLY,
        },
        lockLocalVault: true,
    },
};

export function isEnvironment(value: string): value is Environment {
    return (ENVIRONMENTS as readonly string[]).includes(value);
}
