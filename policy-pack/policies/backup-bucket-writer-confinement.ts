import { StackValidationPolicy } from "@pulumi/policy";
import { readBucketPolicy } from "../lib/bucket-policy";
import { validateEachBackupBucket } from "../lib/bucket-settings";
import { schemaOf } from "../lib/config";
import { appliesToAction, Statement } from "../lib/iam";

/**
 * `<bucket ARN>/<prefix>/<database>/*`, each segment literal: the objects of one database's dumps. The bucket
 * ARN is matched loosely (it may still be unknown in a policy's text), the segments strictly.
 */
const DATABASE_OBJECTS = /^arn:[^:]+:s3:::[^/*?]+\/[^/*?]+\/[^/*?]+\/\*$/;

/** What an Allow of s3:PutObject lets a writer reach that is wider than one database: the offending resources. */
export function widerThanDatabases(s: Statement): string[] {
    if (s.notResources.length > 0) return s.notResources.map((r) => `NotResource ${r}`);
    return s.resources.filter((r) => !DATABASE_OBJECTS.test(r));
}

export const backupBucketWriterConfinement: StackValidationPolicy = {
    name: "backup-bucket-writer-confinement",
    description:
        "Backup bucket policies allow writes only under `<prefix>/<database>/` of each writer's own databases, " +
        "never on the whole bucket or a whole prefix, so no writer reads or forges another database's dumps.",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("backupBucketTagKey", "backupBucketTagValue", "backupBucketNamePrefixes"),
    validateStack: validateEachBackupBucket((ctx, reportViolation) => {
        const read = readBucketPolicy(ctx, reportViolation);
        if (read === undefined) return;
        for (const s of read.statements) {
            if (s.effect !== "Allow" || !appliesToAction(s, "s3:PutObject")) continue;
            const wide = widerThanDatabases(s);
            if (wide.length > 0) {
                reportViolation(
                    `bucket policy of backup bucket ${ctx.name} must allow s3:PutObject only on ` +
                        `"<bucket>/<prefix>/<database>/*" resources (statement ${JSON.stringify(s.sid ?? "")} ` +
                        `allows ${wide.map((r) => JSON.stringify(r)).join(", ")})`,
                    read.urn,
                );
            }
        }
    }),
};
