import { StackValidationPolicy } from "@pulumi/policy";
import { configOf, schemaOf } from "../lib/config";
import { backupBuckets, label, settingsOf } from "../lib/stack";
import { T } from "../lib/types";
import { plain, PreviewUnknowns } from "../lib/values";

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export const backupBucketPublicAccessBlock: StackValidationPolicy = {
    name: "backup-bucket-public-access-block",
    description:
        "Backup buckets block public access with all four settings " +
        "(seed 001: no public access; AWS Security Hub S3.8 and CIS AWS 2.1.4).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: (args, reportViolation) => {
        const cfg = configOf(args);
        const unknowns = new PreviewUnknowns();
        const { buckets, undecided, all } = backupBuckets(args.resources, cfg);
        undecided.forEach((b) => unknowns.note(`tags of bucket ${label(b)}`));
        for (const bucket of buckets) {
            const name = label(bucket);
            const { found, unresolved } = settingsOf(bucket, args.resources, [T.publicAccessBlock], all);
            if (found.length === 0) {
                if (unresolved.length > 0)
                    unresolved.forEach((r) => unknowns.note(`bucket of public access block "${r.name}"`));
                else
                    reportViolation(
                        `backup bucket ${name} must have a BucketPublicAccessBlock with all four settings true`,
                        bucket.urn,
                    );
                continue;
            }
            for (const block of found) {
                const props = plain(block.props);
                for (const flag of FLAGS) {
                    if (
                        props[flag] !== true &&
                        !unknowns.check(props[flag], `${flag} of backup bucket ${name}`)
                    ) {
                        reportViolation(
                            `public access block of backup bucket ${name} must set \`${flag}: true\``,
                            block.urn,
                        );
                    }
                }
            }
        }
        unknowns.throwIfAny();
    },
};
