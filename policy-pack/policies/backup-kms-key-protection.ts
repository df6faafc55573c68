import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configOf, schemaOf } from "../lib/config";
import { backupBuckets, resolveRef, resolveValue, settingsOf, UNRESOLVED } from "../lib/stack";
import { ENCRYPTION_TYPES, T } from "../lib/types";
import { list, num, plain, PreviewUnknowns, record } from "../lib/values";

/** KMS's own default when `deletionWindowInDays` is not set. */
const KMS_DEFAULT_DELETION_WINDOW_DAYS = 30;

/** The keys of the stack that protect backups: backup buckets' default encryption, their replicas, and vaults. */
function backupKeys(
    resources: readonly PolicyResource[],
    referrers: { resource: PolicyResource; prop: string; value: unknown }[],
) {
    const keys = resources.filter((r) => r.type === T.kmsKey);
    const used = new Set<PolicyResource>();
    for (const { resource, prop, value } of referrers) {
        const byDeps = (resource.propertyDependencies?.[prop] ?? []).filter((r) => keys.includes(r));
        const byValue = resolveValue(value, keys, ["arn", "keyId", "id"]);
        // A setting that depends on exactly one key, whatever the value's shape at preview.
        const key = byValue ?? (byDeps.length === 1 ? byDeps[0] : undefined);
        if (key) used.add(key);
    }
    return [...used];
}

export const backupKmsKeyProtection: StackValidationPolicy = {
    name: "backup-kms-key-protection",
    description:
        "KMS keys that encrypt backups rotate yearly and have a deletion window of at least 30 days " +
        "(AWS Security Hub KMS.4; a scheduled key deletion is the one way to make locked backups unreadable).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf(
        "minKmsDeletionWindowDays",
        "backupBucketTagKey",
        "backupBucketTagValue",
        "backupBucketNamePrefixes",
    ),
    validateStack: (args, reportViolation) => {
        const cfg = configOf(args);
        const unknowns = new PreviewUnknowns();
        const { buckets, all } = backupBuckets(args.resources, cfg);
        const referrers: { resource: PolicyResource; prop: string; value: unknown }[] = [];
        for (const bucket of buckets) {
            for (const sse of settingsOf(bucket, args.resources, ENCRYPTION_TYPES, all).found) {
                for (const rule of list(plain(sse.props).rules)) {
                    const value = record(record(rule)?.applyServerSideEncryptionByDefault)?.kmsMasterKeyId;
                    referrers.push({ resource: sse, prop: "rules", value });
                }
            }
        }
        for (const config of args.resources.filter((r) => r.type === T.replication)) {
            const source = resolveRef(config, "bucket", all);
            if (source === UNRESOLVED || source === undefined || !buckets.includes(source)) continue;
            for (const rule of list(plain(config.props).rules)) {
                const value = record(
                    record(record(rule)?.destination)?.encryptionConfiguration,
                )?.replicaKmsKeyId;
                referrers.push({ resource: config, prop: "rules", value });
            }
        }
        for (const vault of args.resources.filter((r) => r.type === T.vault)) {
            referrers.push({ resource: vault, prop: "kmsKeyArn", value: plain(vault.props).kmsKeyArn });
        }
        for (const key of backupKeys(args.resources, referrers)) {
            const props = plain(key.props);
            const name = `"${key.name}"`;
            if (
                props.enableKeyRotation !== true &&
                !unknowns.check(props.enableKeyRotation, `enableKeyRotation of KMS key ${name}`)
            ) {
                reportViolation(
                    `KMS key ${name} encrypts backups and must set \`enableKeyRotation: true\``,
                    key.urn,
                );
            }
            if (unknowns.check(props.deletionWindowInDays, `deletionWindowInDays of KMS key ${name}`))
                continue;
            const window = num(props.deletionWindowInDays) ?? KMS_DEFAULT_DELETION_WINDOW_DAYS;
            if (window < cfg.minKmsDeletionWindowDays) {
                reportViolation(
                    `KMS key ${name} encrypts backups and must set \`deletionWindowInDays\` to at least ${cfg.minKmsDeletionWindowDays} (got ${window})`,
                    key.urn,
                );
            }
        }
        unknowns.throwIfAny();
    },
};
