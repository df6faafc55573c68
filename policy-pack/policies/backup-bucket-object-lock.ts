import { StackValidationPolicy } from "@pulumi/policy";
import {
    BucketSettingSpecWithInline,
    requiredSettings,
    validateEachBackupBucket,
} from "../lib/bucket-settings";
import { schemaOf } from "../lib/config";
import { label } from "../lib/stack";
import { OBJECT_LOCK_TYPES } from "../lib/types";
import { num, plain, Props, record, show, str } from "../lib/values";

/** Days of a `defaultRetention` block; `years` count as 365 days. */
function retentionDays(retention: Props): number | undefined {
    const days = num(retention.days);
    const years = num(retention.years);
    return days ?? (years !== undefined ? years * 365 : undefined);
}

/** A lock rule and where it is set: a lock configuration, or the bucket's deprecated inline form. */
interface LockRule {
    readonly rule: unknown;
    readonly lockEnabled: unknown;
    readonly urn: string;
    /** The resource that sets it, for unknowns: `lock configuration "x"`. */
    readonly what: string;
}

const OBJECT_LOCK: BucketSettingSpecWithInline<LockRule> = {
    types: OBJECT_LOCK_TYPES,
    mustHave: "a BucketObjectLockConfiguration with a default retention",
    kind: "lock configuration",
    gather: (found, bucket) => {
        const rules = found.map((r) => {
            const p = plain(r.props);
            return {
                rule: p.rule,
                lockEnabled: p.objectLockEnabled,
                urn: r.urn,
                what: `lock configuration "${r.name}"`,
            };
        });
        const inline = record(plain(bucket.props).objectLockConfiguration);
        if (inline?.rule !== undefined) {
            rules.push({
                rule: inline.rule,
                lockEnabled: inline.objectLockEnabled,
                urn: bucket.urn,
                what: `bucket ${label(bucket)}`,
            });
        }
        return rules;
    },
};

export const backupBucketObjectLock: StackValidationPolicy = {
    name: "backup-bucket-object-lock",
    description:
        "Backup buckets have Object Lock on with a COMPLIANCE default retention within the allowed days " +
        "(AWS Security Hub S3.15).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf(
        "minRetentionDays",
        "maxRetentionDays",
        "requiredLockMode",
        "backupBucketTagKey",
        "backupBucketTagValue",
        "backupBucketNamePrefixes",
    ),
    validateStack: validateEachBackupBucket((ctx, reportViolation) => {
        const { bucket, name, cfg, unknowns } = ctx;
        // Besides its lock rules, the bucket itself must turn Object Lock on (it can only be at creation),
        // so this policy walks buckets rather than settings; the flag is reported before the rules.
        const props = plain(bucket.props);
        const inline = record(props.objectLockConfiguration);
        const enabled = props.objectLockEnabled === true || inline?.objectLockEnabled === "Enabled";
        if (!enabled && !unknowns.check(props.objectLockEnabled, `objectLockEnabled of bucket ${name}`)) {
            reportViolation(`backup bucket ${name} must set \`objectLockEnabled: true\``, bucket.urn);
        }
        const locks = requiredSettings(ctx, OBJECT_LOCK, reportViolation);
        for (const { rule: rawRule, lockEnabled, urn, what } of locks) {
            const rule = record(rawRule);
            if (
                lockEnabled !== undefined &&
                lockEnabled !== "Enabled" &&
                !unknowns.check(lockEnabled, `objectLockEnabled of ${what}`)
            ) {
                reportViolation(
                    `Object Lock configuration of backup bucket ${name} must set \`objectLockEnabled: "Enabled"\` (got ${show(lockEnabled)})`,
                    urn,
                );
            }
            const retention = record(rule?.defaultRetention);
            if (retention === undefined) {
                if (!unknowns.check(rule?.defaultRetention ?? rawRule, `rule of ${what}`)) {
                    reportViolation(
                        `Object Lock configuration of backup bucket ${name} must set a default retention`,
                        urn,
                    );
                }
                continue;
            }
            const mode = retention.mode;
            if (!unknowns.check(mode, `lock mode of ${what}`) && str(mode) !== cfg.requiredLockMode) {
                reportViolation(
                    `Object Lock default retention of backup bucket ${name} must be in ${cfg.requiredLockMode} mode (got ${show(mode)})`,
                    urn,
                );
            }
            if (
                unknowns.check(retention.days, `retention days of ${what}`) ||
                unknowns.check(retention.years, `retention years of ${what}`)
            )
                continue;
            const days = retentionDays(retention);
            if (days === undefined || days < cfg.minRetentionDays) {
                reportViolation(
                    `Object Lock default retention of backup bucket ${name} must be at least ${cfg.minRetentionDays} days (got ${days ?? "none"})`,
                    urn,
                );
            } else if (days > cfg.maxRetentionDays) {
                reportViolation(
                    `Object Lock default retention of backup bucket ${name} must be at most ${cfg.maxRetentionDays} days (got ${days})`,
                    urn,
                );
            }
        }
    }),
};
