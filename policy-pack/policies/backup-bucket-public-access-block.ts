import { StackValidationPolicy } from "@pulumi/policy";
import { BucketSettingSpec, validateEachBucketSetting } from "../lib/bucket-settings";
import { schemaOf } from "../lib/config";
import { T } from "../lib/types";
import { plain } from "../lib/values";

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

const PUBLIC_ACCESS_BLOCK: BucketSettingSpec = {
    types: [T.publicAccessBlock],
    mustHave: "a BucketPublicAccessBlock with all four settings true",
    kind: "public access block",
};

export const backupBucketPublicAccessBlock: StackValidationPolicy = {
    name: "backup-bucket-public-access-block",
    description:
        "Backup buckets block public access with all four settings " +
        "(AWS Security Hub S3.8 and CIS AWS 2.1.4).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: validateEachBucketSetting(
        PUBLIC_ACCESS_BLOCK,
        (block, { name, unknowns }, reportViolation) => {
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
        },
    ),
};
