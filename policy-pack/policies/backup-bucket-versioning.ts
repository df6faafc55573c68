import { StackValidationPolicy } from "@pulumi/policy";
import { configOf, schemaOf } from "../lib/config";
import { backupBuckets, label, settingsOf } from "../lib/stack";
import { VERSIONING_TYPES } from "../lib/types";
import { plain, PreviewUnknowns, record, show } from "../lib/values";

export const backupBucketVersioning: StackValidationPolicy = {
    name: "backup-bucket-versioning",
    description:
        "Backup buckets have versioning enabled, which Object Lock and replication require " +
        "(seed 004: versioning with object lock; AWS Security Hub S3.14).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: (args, reportViolation) => {
        const cfg = configOf(args);
        const unknowns = new PreviewUnknowns();
        const { buckets, undecided, all } = backupBuckets(args.resources, cfg);
        undecided.forEach((b) => unknowns.note(`tags of bucket ${label(b)}`));
        for (const bucket of buckets) {
            const name = label(bucket);
            const { found, unresolved } = settingsOf(bucket, args.resources, VERSIONING_TYPES, all);
            const statuses = found.map((r) => ({
                status: record(plain(r.props).versioningConfiguration)?.status,
                urn: r.urn,
            }));
            // The deprecated inline form: `versioning: { enabled: true }` on the bucket.
            const inline = record(plain(bucket.props).versioning);
            if (inline !== undefined) {
                statuses.push({
                    status: inline.enabled === true ? "Enabled" : inline.enabled,
                    urn: bucket.urn,
                });
            }
            if (statuses.length === 0) {
                if (unresolved.length > 0)
                    unresolved.forEach((r) => unknowns.note(`bucket of versioning "${r.name}"`));
                else
                    reportViolation(
                        `backup bucket ${name} must have a BucketVersioning with status "Enabled"`,
                        bucket.urn,
                    );
                continue;
            }
            for (const { status, urn } of statuses) {
                if (
                    status !== "Enabled" &&
                    !unknowns.check(status, `versioning status of backup bucket ${name}`)
                ) {
                    reportViolation(
                        `versioning of backup bucket ${name} must be "Enabled" (got ${show(status)})`,
                        urn,
                    );
                }
            }
        }
        unknowns.throwIfAny();
    },
};
