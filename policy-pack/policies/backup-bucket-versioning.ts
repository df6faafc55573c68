import { StackValidationPolicy } from "@pulumi/policy";
import { BucketSettingSpecWithInline, validateEachBucketSetting } from "../lib/bucket-settings";
import { schemaOf } from "../lib/config";
import { VERSIONING_TYPES } from "../lib/types";
import { plain, record, show } from "../lib/values";

/** A versioning status and the resource that sets it (a BucketVersioning, or the bucket's inline form). */
interface VersioningStatus {
    readonly status: unknown;
    readonly urn: string;
}

const VERSIONING: BucketSettingSpecWithInline<VersioningStatus> = {
    types: VERSIONING_TYPES,
    mustHave: `a BucketVersioning with status "Enabled"`,
    kind: "versioning",
    gather: (found, bucket) => {
        const statuses = found.map((r) => ({
            status: record(plain(r.props).versioningConfiguration)?.status,
            urn: r.urn,
        }));
        // The deprecated inline form: `versioning: { enabled: true }` on the bucket.
        const inline = record(plain(bucket.props).versioning);
        if (inline !== undefined) {
            statuses.push({ status: inline.enabled === true ? "Enabled" : inline.enabled, urn: bucket.urn });
        }
        return statuses;
    },
};

export const backupBucketVersioning: StackValidationPolicy = {
    name: "backup-bucket-versioning",
    description:
        "Backup buckets have versioning enabled, which Object Lock and replication require " +
        "(AWS Security Hub S3.14).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: validateEachBucketSetting(
        VERSIONING,
        ({ status, urn }, { name, unknowns }, reportViolation) => {
            if (
                status !== "Enabled" &&
                !unknowns.check(status, `versioning status of backup bucket ${name}`)
            ) {
                reportViolation(
                    `versioning of backup bucket ${name} must be "Enabled" (got ${show(status)})`,
                    urn,
                );
            }
        },
    ),
};
