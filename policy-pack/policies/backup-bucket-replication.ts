import { StackValidationPolicy } from "@pulumi/policy";
import { configOf, schemaOf } from "../lib/config";
import { backupBuckets, label, resolveRef, resolveValue, UNRESOLVED } from "../lib/stack";
import { T } from "../lib/types";
import { isUnknown, list, plain, PreviewUnknowns, record, show } from "../lib/values";

export const backupBucketReplication: StackValidationPolicy = {
    name: "backup-bucket-replication",
    description:
        "Replication of a backup bucket copies SSE-KMS objects, re-encrypts them with a KMS key, and lands in a " +
        "backup bucket of the stack, so the replica is locked and checked too (a replica that is not locked is no second copy).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: (args, reportViolation) => {
        const cfg = configOf(args);
        const unknowns = new PreviewUnknowns();
        const { buckets, all } = backupBuckets(args.resources, cfg);
        for (const config of args.resources.filter((r) => r.type === T.replication)) {
            const source = resolveRef(config, "bucket", all);
            if (source === UNRESOLVED) {
                unknowns.note(`source bucket of replication "${config.name}"`);
                continue;
            }
            if (source === undefined || !buckets.includes(source)) continue;
            const name = label(source);
            for (const raw of list(plain(config.props).rules)) {
                const rule = record(raw) ?? {};
                if (rule.status === "Disabled") continue;
                const id = `replication rule ${show(rule.id)} of backup bucket ${name}`;
                const destination = record(rule.destination) ?? {};
                const kmsObjects = record(
                    record(rule.sourceSelectionCriteria)?.sseKmsEncryptedObjects,
                )?.status;
                if (
                    kmsObjects !== "Enabled" &&
                    !unknowns.check(kmsObjects, `sseKmsEncryptedObjects of ${id}`)
                ) {
                    reportViolation(
                        `${id} must set \`sourceSelectionCriteria.sseKmsEncryptedObjects.status: "Enabled"\` (S3 skips SSE-KMS objects otherwise)`,
                        config.urn,
                    );
                }
                const replicaKey = record(destination.encryptionConfiguration)?.replicaKmsKeyId;
                if (
                    (replicaKey === undefined || replicaKey === "") &&
                    !unknowns.check(replicaKey, `replicaKmsKeyId of ${id}`)
                ) {
                    reportViolation(
                        `${id} must set \`destination.encryptionConfiguration.replicaKmsKeyId\``,
                        config.urn,
                    );
                }
                // At preview the destination ARN is unknown; `rules` then depends on the destination bucket.
                const ruleBuckets = (config.propertyDependencies?.rules ?? []).filter((r) => all.includes(r));
                const target =
                    resolveValue(destination.bucket, all, ["arn", "id", "bucket"]) ??
                    (ruleBuckets.length === 1 ? ruleBuckets[0] : undefined);
                if (target === undefined && isUnknown(destination.bucket)) {
                    unknowns.note(`destination bucket of ${id}`);
                } else if (target === undefined) {
                    // A bucket of another stack or account: its lock cannot be seen from here.
                    unknowns.note(
                        `destination ${show(destination.bucket)} of ${id}, which is not in this stack`,
                    );
                } else if (!buckets.includes(target)) {
                    reportViolation(
                        `${id} must replicate to a backup bucket (tag ${cfg.backupBucketTagKey}: "${cfg.backupBucketTagValue}"), not to ${label(target)}`,
                        config.urn,
                    );
                }
            }
        }
        unknowns.throwIfAny();
    },
};
