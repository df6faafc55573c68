import { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf, schemaOf } from "../lib/config";
import { isBackupBucket, UNRESOLVED } from "../lib/stack";
import { BUCKET_TYPES } from "../lib/types";
import { plain, PreviewUnknowns } from "../lib/values";

export const backupBucketNoForceDestroy: ResourceValidationPolicy = {
    name: "backup-bucket-no-force-destroy",
    description:
        "Backup buckets do not set `forceDestroy`, which lets `pulumi destroy` empty a bucket of every object " +
        "whose lock has lapsed (an emptied bucket is no backup).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateResource: (args, reportViolation) => {
        if (!BUCKET_TYPES.includes(args.type)) return;
        const cfg = configOf(args);
        const props = plain(args.props);
        const unknowns = new PreviewUnknowns();
        const backup = isBackupBucket(props, cfg);
        if (backup === UNRESOLVED) {
            if (props.forceDestroy === true)
                unknowns.note(`tags of bucket "${args.name}", which sets forceDestroy`);
        } else if (!backup) {
            return;
        } else if (props.forceDestroy === true) {
            reportViolation(`backup bucket "${args.name}" must not set \`forceDestroy: true\``);
        } else {
            unknowns.check(props.forceDestroy, `forceDestroy of bucket "${args.name}"`);
        }
        unknowns.throwIfAny();
    },
};
