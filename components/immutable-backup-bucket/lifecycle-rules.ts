/**
 * The lifecycle rules of a locked bucket (and its replica), as pure data.
 *
 * Without the BackupAuditor every rule covers the whole bucket, as it always has. With it, the bucket also holds
 * receipts, which must outlive the dumps (a year of proofs), and canary objects. An S3 lifecycle filter selects by
 * prefix, tags or size and cannot exclude a prefix (S3 API Reference, LifecycleRuleFilter), so the expiration
 * rules are then scoped to each writer's prefix, and the receipts and the canary get rules of their own.
 *
 * Why a day after the lock: lifecycle expiration still places delete markers on locked versions ("Object
 * lifecycle management configurations continue to function normally on protected objects, including placing
 * delete markers. However, a locked version of an object cannot be deleted by a S3 Lifecycle expiration
 * policy", S3 User Guide, Object Lock considerations). A delete marker over a receipt that is still locked would
 * hide it from `strongbox report` (which reports it as suspect), so receipts expire only once their lock has
 * lapsed; the noncurrent version then goes a day later.
 */
import * as aws from "@pulumi/aws";
import { CANARY_PREFIX, RECEIPTS_PREFIX } from "../../shared/audit";
import { NEVER_EXPIRE } from "./args";

type Rule = aws.types.input.s3.BucketLifecycleConfigurationRule;

/** What the rules depend on. */
export interface LifecycleSettings {
    readonly retentionDays: number;
    /** Days after which current versions expire, or `"never"`. */
    readonly expireAfterDays: number | typeof NEVER_EXPIRE;
    readonly transitionDays: number;
    readonly transitionStorageClass: string;
    readonly abortIncompleteMultipartDays: number;
    /**
     * With the BackupAuditor: the writers' key prefixes (the only places dumps expire) and the receipts' lock in
     * days. Undefined: the bucket-wide rules, exactly as a bucket without the auditor always had.
     */
    readonly audit?: { readonly dumpPrefixes: readonly string[]; readonly receiptRetentionDays: number };
}

/** Days after the lock lapses before an audit object expires, and before its noncurrent version goes. */
export const AUDIT_EXPIRY_MARGIN_DAYS = 1;

/** A rule's filter: the whole bucket, or the objects under `<prefix>/` (the slash keeps `layer3` off `layer3-x`). */
const under = (prefix?: string) => (prefix === undefined ? {} : { prefix: `${prefix}/` });
/** A rule id per prefix: ids are unique within a configuration. */
const idOf = (base: string, prefix?: string) => (prefix === undefined ? base : `${base}-${prefix}`);

export function lifecycleRules(s: LifecycleSettings): Rule[] {
    // Without the auditor, one rule of each kind for the whole bucket (no prefix, the ids unchanged).
    const dumpPrefixes: ReadonlyArray<string | undefined> =
        s.audit === undefined ? [undefined] : [...new Set(s.audit.dumpPrefixes)];
    return [
        {
            id: "transition-to-colder-storage",
            status: "Enabled",
            filter: {},
            transitions: [{ days: s.transitionDays, storageClass: s.transitionStorageClass }],
        },
        // A version becomes noncurrent when current-version expiry (below) puts a delete marker on it (nobody may
        // delete or overwrite one: the bucket policy denies both). The days count from then. S3 never expires a
        // version that is still locked, so this cannot cut retention short.
        ...dumpPrefixes.map((prefix): Rule => ({
            id: idOf("expire-noncurrent-versions", prefix),
            status: "Enabled",
            filter: under(prefix),
            noncurrentVersionExpiration: { noncurrentDays: s.retentionDays },
        })),
        {
            // Failed dumps leave parts that are billed but invisible; abort them within a week.
            id: "abort-incomplete-multipart-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: s.abortIncompleteMultipartDays },
        },
        // Without it every dump is kept (and billed) for ever once its lock lapses. Expiry puts a delete marker on
        // top; the version becomes noncurrent and the rule above removes it later. It never touches a locked
        // version: expireAfterDays exceeds the default retention (validate.ts), and S3 keeps a locked version
        // regardless.
        ...(s.expireAfterDays === NEVER_EXPIRE
            ? []
            : dumpPrefixes.map((prefix): Rule => ({
                  id: idOf("expire-current-versions", prefix),
                  status: "Enabled",
                  filter: under(prefix),
                  expiration: { days: s.expireAfterDays as number },
              }))),
        ...(s.audit === undefined
            ? []
            : [
                  auditObjectRule("expire-receipts", RECEIPTS_PREFIX, s.audit.receiptRetentionDays),
                  auditObjectRule("expire-canary-objects", CANARY_PREFIX, s.retentionDays),
              ]),
    ];
}

/** Objects under `prefix`, locked `lockDays`: expired a day after the lock lapses, gone the day after. */
function auditObjectRule(id: string, prefix: string, lockDays: number): Rule {
    return {
        id,
        status: "Enabled",
        filter: under(prefix),
        expiration: { days: lockDays + AUDIT_EXPIRY_MARGIN_DAYS },
        noncurrentVersionExpiration: { noncurrentDays: AUDIT_EXPIRY_MARGIN_DAYS },
    };
}
