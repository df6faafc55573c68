import { StackValidationPolicy } from "@pulumi/policy";
import { configOf, schemaOf } from "../lib/config";
import { backupBuckets, label, settingsOf } from "../lib/stack";
import { T } from "../lib/types";
import { plain, PreviewUnknowns, record, show } from "../lib/values";

export const backupBucketOwnershipEnforced: StackValidationPolicy = {
    name: "backup-bucket-ownership-enforced",
    description:
        "Backup buckets disable ACLs (BucketOwnerEnforced), so objects written from the source account belong " +
        "to the backup account (DESIGN: ImmutableBackupBucket; AWS Security Hub S3.12).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: (args, reportViolation) => {
        const cfg = configOf(args);
        const unknowns = new PreviewUnknowns();
        const { buckets, undecided, all } = backupBuckets(args.resources, cfg);
        undecided.forEach((b) => unknowns.note(`tags of bucket ${label(b)}`));
        for (const bucket of buckets) {
            const name = label(bucket);
            const { found, unresolved } = settingsOf(bucket, args.resources, [T.ownershipControls], all);
            if (found.length === 0) {
                if (unresolved.length > 0)
                    unresolved.forEach((r) => unknowns.note(`bucket of ownership controls "${r.name}"`));
                else
                    reportViolation(
                        `backup bucket ${name} must have BucketOwnershipControls with "BucketOwnerEnforced"`,
                        bucket.urn,
                    );
                continue;
            }
            for (const controls of found) {
                const ownership = record(plain(controls.props).rule)?.objectOwnership;
                if (
                    ownership !== "BucketOwnerEnforced" &&
                    !unknowns.check(ownership, `objectOwnership of backup bucket ${name}`)
                ) {
                    reportViolation(
                        `object ownership of backup bucket ${name} must be "BucketOwnerEnforced" (got ${show(ownership)})`,
                        controls.urn,
                    );
                }
            }
        }
        unknowns.throwIfAny();
    },
};
