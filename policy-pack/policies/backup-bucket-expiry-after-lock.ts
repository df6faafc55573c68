import { StackValidationPolicy } from "@pulumi/policy";
import { validateEachBackupBucket } from "../lib/bucket-settings";
import { schemaOf } from "../lib/config";
import { label, settingsOf } from "../lib/stack";
import { LIFECYCLE_TYPES, OBJECT_LOCK_TYPES } from "../lib/types";
import { list, num, plain, Props, record, show, str } from "../lib/values";

/** The bucket's default retention in days (`years` count 365), when a lock configuration says and it is known. */
function lockDays(props: Props): number | undefined {
    const retention = record(record(props.rule)?.defaultRetention);
    if (retention === undefined) return undefined;
    const years = num(retention.years);
    return num(retention.days) ?? (years !== undefined ? years * 365 : undefined);
}

/** An enabled rule's current-version expiration: a lifecycle configuration's `rules`, or the bucket's inline ones. */
interface Expiry {
    readonly id: string;
    readonly expiration: Props;
    readonly urn: string;
    readonly what: string;
}

function expiries(
    resources: ReturnType<typeof settingsOf>["found"],
    bucket: { props: unknown; urn: string },
): Expiry[] {
    const out: Expiry[] = [];
    for (const r of resources) {
        list(plain(r.props).rules).forEach((raw, i) => {
            const rule = record(raw) ?? {};
            const expiration = record(rule.expiration);
            if (rule.status === "Disabled" || expiration === undefined) return;
            out.push({ id: str(rule.id) ?? `#${i}`, expiration, urn: r.urn, what: `lifecycle "${r.name}"` });
        });
    }
    list(plain(bucket.props).lifecycleRules).forEach((raw, i) => {
        const rule = record(raw) ?? {};
        const expiration = record(list(rule.expiration)[0]);
        if (rule.enabled === false || expiration === undefined) return;
        out.push({ id: str(rule.id) ?? `#${i}`, expiration, urn: bucket.urn, what: "inline lifecycle" });
    });
    return out;
}

export const backupBucketExpiryAfterLock: StackValidationPolicy = {
    name: "backup-bucket-expiry-after-lock",
    description:
        "Backup buckets expire current versions only after their Object Lock default retention has lapsed, or " +
        "never, so lifecycle cannot hide a dump behind a delete marker while it is locked.",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: validateEachBackupBucket((ctx, reportViolation) => {
        const { bucket, name, unknowns } = ctx;
        const lifecycles = settingsOf(bucket, ctx.resources, LIFECYCLE_TYPES, ctx.allBuckets).found;
        const rules = expiries(lifecycles, bucket);
        if (rules.length === 0) return;
        // The lock is `backup-bucket-object-lock`'s to require; without a known one there is nothing to compare.
        const locks = settingsOf(bucket, ctx.resources, OBJECT_LOCK_TYPES, ctx.allBuckets).found.map((l) =>
            plain(l.props),
        );
        const inline = record(plain(bucket.props).objectLockConfiguration);
        if (inline !== undefined) locks.push(inline);
        const days = locks.map(lockDays).filter((d): d is number => d !== undefined);
        if (days.length === 0) {
            if (locks.length > 0) unknowns.note(`Object Lock default retention of bucket ${label(bucket)}`);
            return;
        }
        const lock = Math.max(...days);
        for (const { id, expiration, urn, what } of rules) {
            if (unknowns.check(expiration.days, `expiration days of ${what}`)) continue;
            if (expiration.date !== undefined && expiration.date !== null) {
                reportViolation(
                    `lifecycle rule "${id}" of backup bucket ${name} must expire current versions after a number of ` +
                        `days beyond the lock's ${lock}, not on a date (got ${show(expiration.date)})`,
                    urn,
                );
                continue;
            }
            const after = num(expiration.days);
            if (after !== undefined && after <= lock) {
                reportViolation(
                    `lifecycle rule "${id}" of backup bucket ${name} must expire current versions after more than ` +
                        `the lock's ${lock} days (it expires them after ${after})`,
                    urn,
                );
            }
        }
    }),
};
