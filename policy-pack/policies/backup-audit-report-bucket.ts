import { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { configOf, PackConfig, schemaOf } from "../lib/config";
import { label, settingsOf } from "../lib/stack";
import { BUCKET_TYPES, ENCRYPTION_TYPES, OBJECT_LOCK_TYPES, T, VERSIONING_TYPES } from "../lib/types";
import { isUnknown, list, num, plain, PreviewUnknowns, record, show, str } from "../lib/values";

/**
 * The bucket a report plan delivers to: by the engine's dependency of `reportDeliveryChannel` (its name is the
 * bucket's output, unknown on a first preview), else by the name's value. Undefined when it is not in the stack.
 */
function deliveryBucket(
    plan: PolicyResource,
    buckets: readonly PolicyResource[],
): PolicyResource | "unknown" | undefined {
    const byDependency = (plan.propertyDependencies?.reportDeliveryChannel ?? []).filter((r) =>
        buckets.includes(r),
    );
    if (byDependency.length === 1) return byDependency[0];
    const name = record(plain(plan.props).reportDeliveryChannel)?.s3BucketName;
    if (isUnknown(name)) return "unknown";
    return buckets.find((b) => str(plain(b.props).bucket) === str(name));
}

interface Check {
    readonly bucket: PolicyResource;
    readonly name: string;
    readonly cfg: PackConfig;
    readonly resources: readonly PolicyResource[];
    readonly buckets: readonly PolicyResource[];
    readonly unknowns: PreviewUnknowns;
    readonly report: (message: string, urn: string) => void;
}

/** The settings of `types` that configure the bucket; reports the bucket when it has none. */
function settings(c: Check, types: readonly string[], mustHave: string, kind: string): PolicyResource[] {
    const { found, unresolved } = settingsOf(c.bucket, c.resources, types, c.buckets);
    if (found.length === 0) {
        if (unresolved.length > 0)
            unresolved.forEach((r) => c.unknowns.note(`bucket of ${kind} "${r.name}"`));
        else c.report(`report bucket ${c.name} must have ${mustHave}`, c.bucket.urn);
    }
    return found;
}

function checkLocked(c: Check): void {
    if (plain(c.bucket.props).objectLockEnabled !== true)
        c.report(`report bucket ${c.name} must set \`objectLockEnabled: true\``, c.bucket.urn);
    for (const lock of settings(
        c,
        OBJECT_LOCK_TYPES,
        "a BucketObjectLockConfiguration",
        "lock configuration",
    )) {
        const retention = record(record(plain(lock.props).rule)?.defaultRetention);
        if (c.unknowns.check(retention?.mode, `lock mode of "${lock.name}"`)) continue;
        const days = num(retention?.days) ?? (num(retention?.years) ?? 0) * 365;
        if (str(retention?.mode) !== c.cfg.requiredLockMode || days < c.cfg.minRetentionDays) {
            c.report(
                `report bucket ${c.name} must lock every report in ${c.cfg.requiredLockMode} mode for at least ` +
                    `${c.cfg.minRetentionDays} days (got ${show(retention?.mode)}, ${days} days)`,
                lock.urn,
            );
        }
    }
    for (const v of settings(c, VERSIONING_TYPES, "a BucketVersioning", "versioning")) {
        const status = record(plain(v.props).versioningConfiguration)?.status;
        if (!c.unknowns.check(status, `status of "${v.name}"`) && status !== "Enabled")
            c.report(`report bucket ${c.name} must have versioning Enabled (got ${show(status)})`, v.urn);
    }
}

function checkEncrypted(c: Check): void {
    for (const e of settings(
        c,
        ENCRYPTION_TYPES,
        "a default encryption with a customer KMS key",
        "encryption",
    )) {
        for (const rule of list(plain(e.props).rules)) {
            const by = record(record(rule)?.applyServerSideEncryptionByDefault);
            const key = by?.kmsMasterKeyId;
            if (c.unknowns.check(key, `key of "${e.name}"`)) continue;
            const customer = str(key) !== undefined && !/alias\/aws\/s3$/.test(str(key)!);
            if (by?.sseAlgorithm !== "aws:kms" || !customer)
                c.report(
                    `report bucket ${c.name} must be encrypted with SSE-KMS under a customer key`,
                    e.urn,
                );
        }
    }
}

export const backupAuditReportBucket: StackValidationPolicy = {
    name: "backup-audit-report-bucket",
    description:
        "Every AWS Backup report plan delivers to a bucket of the stack that is Object-Lock-locked (COMPLIANCE, at " +
        "least the minimum retention), versioned and encrypted with a customer KMS key, so the evidence an auditor " +
        "reads cannot have been edited (AWS Backup Audit Manager reports; AWS Security Hub S3.15).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("minRetentionDays", "requiredLockMode"),
    validateStack: (args, reportViolation: ReportViolation) => {
        const cfg = configOf(args);
        const unknowns = new PreviewUnknowns();
        const buckets = args.resources.filter((r) => BUCKET_TYPES.includes(r.type));
        const checked = new Set<PolicyResource>();
        for (const plan of args.resources.filter((r) => r.type === T.reportPlan)) {
            const bucket = deliveryBucket(plan, buckets);
            if (bucket === "unknown") {
                unknowns.note(`delivery bucket of report plan "${plan.name}"`);
                continue;
            }
            if (bucket === undefined) {
                reportViolation(
                    `report plan "${plan.name}" must deliver to a bucket this stack declares, so its lock can be checked`,
                    plan.urn,
                );
                continue;
            }
            if (checked.has(bucket)) continue;
            checked.add(bucket);
            const c = {
                bucket,
                name: label(bucket),
                cfg,
                resources: args.resources,
                buckets,
                unknowns,
                report: reportViolation,
            };
            checkLocked(c);
            checkEncrypted(c);
        }
        unknowns.throwIfAny();
    },
};
