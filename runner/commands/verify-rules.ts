const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * How far below "LastModified + retention" a dump's retain-until may fall and still pass. S3 computes the
 * default retention from "the object version's creation timestamp" (S3 User Guide, How S3 Object Lock
 * works), which for a multipart upload S3 does not document as the LastModified the listing shows; and a
 * default retention is set in whole days, so any wrong one is at least a day short. Twelve hours covers
 * a dump's upload taking up to that long and still catches every wrong default.
 */
export const LOCK_SLACK_MS = 12 * HOUR_MS;

export interface LockRule {
    /** The stored retain-until must be at or after this instant. */
    until: Date;
    /** The rule in words, for the report. */
    reason: string;
}

/**
 * The lock a dump must still hold. An explicit `--min-remaining-days` wins (from now); otherwise, with
 * the configured retention, the dump must be locked until at least S3's LastModified + retention less
 * LOCK_SLACK_MS, which holds for a dump made a second ago and for one at the edge of any RPO, whatever
 * retention the config allows; without a configured retention it must at least be locked now.
 */
export function requiredLock(facts: {
    storedAt: Date;
    now: Date;
    retentionDays?: number;
    minRemainingDays?: number;
}): LockRule {
    const { storedAt, now, retentionDays, minRemainingDays } = facts;
    if (minRemainingDays !== undefined) {
        return {
            until: new Date(now.getTime() + minRemainingDays * DAY_MS),
            reason: `--min-remaining-days ${minRemainingDays} from now`,
        };
    }
    if (retentionDays !== undefined) {
        return {
            until: new Date(storedAt.getTime() + retentionDays * DAY_MS - LOCK_SLACK_MS),
            reason:
                `stored ${storedAt.toISOString()} + ${retentionDays} days of retention, less ` +
                `${LOCK_SLACK_MS / HOUR_MS} h of slack`,
        };
    }
    return { until: now, reason: "no --retention-days given: locked at least until now" };
}
