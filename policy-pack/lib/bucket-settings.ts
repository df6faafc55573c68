/**
 * The frame shared by the stack policies that check a per-bucket setting of every backup bucket
 * (ownership controls, public access block, versioning, encryption, Object Lock, bucket policy):
 * find the backup buckets, flag the buckets whose tags are unknown at preview, find each bucket's
 * setting resources, report a bucket that has none, and raise the unknowns once every known
 * violation is reported. A policy then says only which settings, what must be true, and the message.
 */
import { PolicyResource, ReportViolation, StackValidation } from "@pulumi/policy";
import { configOf, PackConfig } from "./config";
import { backupBuckets, label, settingsOf } from "./stack";
import { PreviewUnknowns } from "./values";

/** A backup bucket being checked, with what its checks need. */
export interface BackupBucketContext {
    readonly bucket: PolicyResource;
    /** The bucket as messages quote it: `"name"`. */
    readonly name: string;
    readonly cfg: PackConfig;
    readonly unknowns: PreviewUnknowns;
    /** The whole stack, for checks that look beyond the setting at hand. */
    readonly resources: readonly PolicyResource[];
    /** Every bucket in the stack: settings resolve against all of them, backup buckets or not. */
    readonly allBuckets: readonly PolicyResource[];
}

/** Which setting resources a backup bucket must have, and how to speak of them. */
export interface BucketSettingSpec {
    readonly types: readonly string[];
    /** Ends the violation for a bucket without one: `backup bucket "b" must have <mustHave>`. */
    readonly mustHave: string;
    /** Names a setting whose bucket is unknown until apply: `bucket of <kind> "x"`. */
    readonly kind: string;
}

/**
 * A setting that the bucket itself may also carry in a deprecated inline form: `gather` turns the
 * setting resources found into what the policy checks, adding the inline form when the bucket has it.
 * A bucket with nothing gathered has none, even when setting resources were found.
 */
export interface BucketSettingSpecWithInline<S> extends BucketSettingSpec {
    gather(found: readonly PolicyResource[], bucket: PolicyResource): S[];
}

/** What a policy checks per setting: what `gather` returns, else the setting resources themselves. */
export type SettingOf<Spec> = Spec extends BucketSettingSpecWithInline<infer S> ? S : PolicyResource;

/** A stack validation that runs `check` on every backup bucket, then raises the unknowns it met. */
export function validateEachBackupBucket(
    check: (ctx: BackupBucketContext, reportViolation: ReportViolation) => void,
): StackValidation {
    return (args, reportViolation) => {
        const cfg = configOf(args);
        const unknowns = new PreviewUnknowns();
        const { buckets, undecided, all } = backupBuckets(args.resources, cfg);
        // A bucket whose tags are unknown may be a backup bucket: its checks wait for apply.
        undecided.forEach((b) => unknowns.note(`tags of bucket ${label(b)}`));
        for (const bucket of buckets) {
            const ctx = {
                bucket,
                name: label(bucket),
                cfg,
                unknowns,
                resources: args.resources,
                allBuckets: all,
            };
            check(ctx, reportViolation);
        }
        unknowns.throwIfAny();
    };
}

/**
 * The bucket's settings of `spec`. When it has none, the result is empty and either the settings whose
 * bucket is unknown until apply are noted (one of them may be this bucket's) or the bucket is reported.
 */
export function requiredSettings<Spec extends BucketSettingSpec>(
    ctx: BackupBucketContext,
    spec: Spec,
    reportViolation: ReportViolation,
): SettingOf<Spec>[] {
    const { found, unresolved } = settingsOf(ctx.bucket, ctx.resources, spec.types, ctx.allBuckets);
    const settings = (
        "gather" in spec ? (spec as BucketSettingSpecWithInline<unknown>).gather(found, ctx.bucket) : found
    ) as SettingOf<Spec>[];
    if (settings.length === 0) {
        if (unresolved.length > 0)
            unresolved.forEach((r) => ctx.unknowns.note(`bucket of ${spec.kind} "${r.name}"`));
        else reportViolation(`backup bucket ${ctx.name} must have ${spec.mustHave}`, ctx.bucket.urn);
    }
    return settings;
}

/** A stack validation that runs `check` on each setting of `spec` of every backup bucket. */
export function validateEachBucketSetting<Spec extends BucketSettingSpec>(
    spec: Spec,
    check: (setting: SettingOf<Spec>, ctx: BackupBucketContext, reportViolation: ReportViolation) => void,
): StackValidation {
    return validateEachBackupBucket((ctx, reportViolation) => {
        for (const setting of requiredSettings(ctx, spec, reportViolation))
            check(setting, ctx, reportViolation);
    });
}
