/**
 * The statements of a backup bucket's policies, read together (one policy may deny what another does not),
 * for the policies that judge what a bucket policy says. Only `backup-bucket-policy-guardrails` reports a
 * bucket without a policy, or one that is not JSON: the others stay silent then, so one mistake is reported
 * once, by the policy that owns it. A policy unknown at preview is noted, never passed.
 */
import { PolicyResource, ReportViolation } from "@pulumi/policy";
import { BackupBucketContext, BucketSettingSpec, requiredSettings } from "./bucket-settings";
import { parsePolicy, Statement } from "./iam";
import { settingsOf } from "./stack";
import { T } from "./types";
import { plain } from "./values";

export const BUCKET_POLICY: BucketSettingSpec = {
    types: [T.bucketPolicy],
    mustHave: "a BucketPolicy",
    kind: "bucket policy",
};

export interface ReadBucketPolicy {
    readonly statements: Statement[];
    /** Where to report a violation of the policy as a whole: the first BucketPolicy. */
    readonly urn: string;
    /** The BucketPolicy resources read. */
    readonly policies: readonly PolicyResource[];
}

/**
 * The statements of the bucket's policies, or undefined when there is nothing to judge: no policy (reported
 * only with `owner`), a policy unknown at preview (noted), or one that is not JSON (reported only with
 * `owner`).
 */
export function readBucketPolicy(
    ctx: BackupBucketContext,
    reportViolation: ReportViolation,
    owner = false,
): ReadBucketPolicy | undefined {
    const policies = owner
        ? requiredSettings(ctx, BUCKET_POLICY, reportViolation)
        : settingsOf(ctx.bucket, ctx.resources, BUCKET_POLICY.types, ctx.allBuckets).found;
    if (policies.length === 0) return undefined;
    const statements: Statement[] = [];
    let readable = true;
    for (const policy of policies) {
        const text = plain(policy.props).policy;
        if (ctx.unknowns.check(text, `policy of bucket policy "${policy.name}"`)) {
            readable = false;
            continue;
        }
        const parsed = parsePolicy(text);
        if (!parsed.ok) {
            if (owner)
                reportViolation(
                    `bucket policy of backup bucket ${ctx.name} must be a valid IAM policy document`,
                    policy.urn,
                );
            readable = false;
            continue;
        }
        statements.push(...parsed.statements);
    }
    return readable ? { statements, urn: policies[0].urn, policies } : undefined;
}
