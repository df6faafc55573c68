import { StackValidationPolicy } from "@pulumi/policy";
import { readBucketPolicy } from "../lib/bucket-policy";
import { validateEachBackupBucket } from "../lib/bucket-settings";
import { schemaOf } from "../lib/config";
import { appliesToAction, conditionKeys, conditionValues, Statement } from "../lib/iam";

const CREATION = "s3:ObjectCreationOperation";
const IF_NONE_MATCH = "s3:if-none-match";

/** Covers the bucket's objects: `<bucket ARN>/*` or `*` (the bucket ARN itself may be unknown at preview). */
const coversObjects = (s: Statement) => s.resources.some((r) => r === "*" || r.endsWith("/*"));

/**
 * A deny of s3:PutObject, to everyone, on the objects, when S3 creates an object (`s3:ObjectCreationOperation`
 * true, which exempts the multipart steps that cannot carry the header) without `If-None-Match: *` (the key
 * absent, `Null: true`, or not "*", `StringNotEquals`), and under no other condition that would narrow it.
 */
export function deniesOverwrites(statements: readonly Statement[]): boolean {
    return statements.some((s) => {
        if (s.effect !== "Deny" || !s.principalIsEveryone || !appliesToAction(s, "s3:PutObject"))
            return false;
        if (!coversObjects(s)) return false;
        const creates = conditionValues(s, ["Bool", "BoolIfExists"], CREATION) ?? [];
        const notStar =
            conditionValues(s, ["StringNotEquals", "StringNotEqualsIfExists"], IF_NONE_MATCH) ?? [];
        const absent = conditionValues(s, ["Null"], IF_NONE_MATCH) ?? [];
        const allowed = [CREATION, IF_NONE_MATCH].map((k) => k.toLowerCase());
        const onlyThese = conditionKeys(s).every((k) => allowed.includes(k));
        return (
            creates.includes("true") &&
            (notStar.includes("*") || absent.includes("true")) &&
            conditionKeys(s).includes(CREATION.toLowerCase()) &&
            onlyThese
        );
    });
}

export const backupBucketConditionalWrites: StackValidationPolicy = {
    name: "backup-bucket-conditional-writes",
    description:
        "Backup bucket policies refuse object creation without If-None-Match, so no dump or manifest is ever " +
        "overwritten by a newer version (S3 User Guide, enforce conditional writes).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: validateEachBackupBucket((ctx, reportViolation) => {
        const read = readBucketPolicy(ctx, reportViolation);
        if (read === undefined) return;
        if (!deniesOverwrites(read.statements)) {
            reportViolation(
                `bucket policy of backup bucket ${ctx.name} must deny s3:PutObject to everyone when ` +
                    `"${CREATION}" is "true" and "${IF_NONE_MATCH}" is not "*" (no overwrites)`,
                read.urn,
            );
        }
    }),
};
