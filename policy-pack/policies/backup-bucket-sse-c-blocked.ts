import { StackValidationPolicy } from "@pulumi/policy";
import { readBucketPolicy } from "../lib/bucket-policy";
import { validateEachBackupBucket } from "../lib/bucket-settings";
import { schemaOf } from "../lib/config";
import { appliesToAction, conditionKeys, conditionValues, Statement } from "../lib/iam";
import { settingsOf } from "../lib/stack";
import { ENCRYPTION_TYPES } from "../lib/types";
import { list, plain, record, show } from "../lib/values";

const SSE_C_HEADER = "s3:x-amz-server-side-encryption-customer-algorithm";

/** A deny of s3:PutObject to everyone whenever the SSE-C algorithm header is present, and on nothing else. */
export function deniesSseC(statements: readonly Statement[]): boolean {
    return statements.some(
        (s) =>
            s.effect === "Deny" &&
            s.principalIsEveryone &&
            appliesToAction(s, "s3:PutObject") &&
            (conditionValues(s, ["Null"], SSE_C_HEADER) ?? []).includes("false") &&
            conditionKeys(s).length === 1,
    );
}

export const backupBucketSseCBlocked: StackValidationPolicy = {
    name: "backup-bucket-sse-c-blocked",
    description:
        "Backup buckets refuse SSE-C uploads, in their default encryption and in their policy, so no dump is " +
        "readable only with a key its writer alone holds.",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: validateEachBackupBucket((ctx, reportViolation) => {
        const { name, unknowns } = ctx;
        // A bucket without an encryption configuration is `backup-bucket-kms-encryption`'s to report.
        for (const sse of settingsOf(ctx.bucket, ctx.resources, ENCRYPTION_TYPES, ctx.allBuckets).found) {
            for (const rawRule of list(plain(sse.props).rules)) {
                const blocked = record(rawRule)?.blockedEncryptionTypes;
                if (unknowns.check(blocked, `blockedEncryptionTypes of backup bucket ${name}`)) continue;
                if (!list(blocked).includes("SSE-C")) {
                    reportViolation(
                        `default encryption of backup bucket ${name} must set \`blockedEncryptionTypes: ["SSE-C"]\` ` +
                            `(got ${show(blocked)})`,
                        sse.urn,
                    );
                }
            }
        }
        const read = readBucketPolicy(ctx, reportViolation);
        if (read !== undefined && !deniesSseC(read.statements)) {
            reportViolation(
                `bucket policy of backup bucket ${name} must deny s3:PutObject to everyone when "${SSE_C_HEADER}" is present`,
                read.urn,
            );
        }
    }),
};
