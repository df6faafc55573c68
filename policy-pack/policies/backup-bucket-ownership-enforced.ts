import { StackValidationPolicy } from "@pulumi/policy";
import { BucketSettingSpec, validateEachBucketSetting } from "../lib/bucket-settings";
import { schemaOf } from "../lib/config";
import { T } from "../lib/types";
import { plain, record, show } from "../lib/values";

const OWNERSHIP_CONTROLS: BucketSettingSpec = {
    types: [T.ownershipControls],
    mustHave: `BucketOwnershipControls with "BucketOwnerEnforced"`,
    kind: "ownership controls",
};

export const backupBucketOwnershipEnforced: StackValidationPolicy = {
    name: "backup-bucket-ownership-enforced",
    description:
        "Backup buckets disable ACLs (BucketOwnerEnforced), so objects written from the source account belong " +
        "to the backup account (AWS Security Hub S3.12).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: validateEachBucketSetting(
        OWNERSHIP_CONTROLS,
        (controls, { name, unknowns }, reportViolation) => {
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
        },
    ),
};
