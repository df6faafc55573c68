import {
    CreateBucketCommand,
    PutBucketEncryptionCommand,
    PutBucketLifecycleConfigurationCommand,
    PutBucketOwnershipControlsCommand,
    PutBucketVersioningCommand,
    PutObjectLockConfigurationCommand,
    PutPublicAccessBlockCommand,
    type S3Client,
} from "@aws-sdk/client-s3";
import { createMotoKmsKey } from "../../devtools";
import type { BucketPlan } from "./bucket-plan";

/** What the emulator was given, and what of the stack's bucket it was not. */
export interface EmulatedBucket {
    kmsKeyArn: string;
    /** What the stack declares that the demo leaves out, and why: said in the report, not hidden. */
    notEmulated: string[];
}

/** `{ id, noncurrentDays }` (Pulumi's inputs) to `{ ID, NoncurrentDays }` (the S3 API's). */
export function toApiShape(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(toApiShape);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
            k === "id" ? "ID" : k[0].toUpperCase() + k.slice(1),
            toApiShape(v),
        ]),
    );
}

/**
 * Creates the bucket in moto as the backup stack declares it, resource by resource: the bucket with
 * Object Lock, versioning, the default COMPLIANCE retention, SSE-KMS with a bucket key (a key of moto's,
 * as the stack's key is the stack's), ownership, the public access block and the lifecycle rules. The
 * bucket policy is left out: moto evaluates policy conditions crudely (a TLS deny refuses every plain-HTTP
 * request), which is why what the policy means is tested by evaluating it (test/policy-meaning).
 */
export async function createBucketAsPlanned(
    s3: S3Client,
    endpoint: string,
    plan: BucketPlan,
): Promise<EmulatedBucket> {
    const Bucket = plan.bucketName;
    const key = await createMotoKmsKey(endpoint, plan.region, plan.encryption.keyDescription);
    await s3.send(
        new CreateBucketCommand({
            Bucket,
            ObjectLockEnabledForBucket: true,
            // us-east-1 is the one region S3 refuses an explicit LocationConstraint for.
            ...(plan.region === "us-east-1"
                ? {}
                : { CreateBucketConfiguration: { LocationConstraint: plan.region as never } }),
        }),
    );
    await s3.send(
        new PutBucketVersioningCommand({
            Bucket,
            VersioningConfiguration: { Status: plan.versioning as never },
        }),
    );
    await s3.send(
        new PutObjectLockConfigurationCommand({
            Bucket,
            ObjectLockConfiguration: {
                ObjectLockEnabled: "Enabled",
                Rule: {
                    DefaultRetention: { Mode: plan.objectLock.mode as never, Days: plan.objectLock.days },
                },
            },
        }),
    );
    await s3.send(
        new PutBucketEncryptionCommand({
            Bucket,
            ServerSideEncryptionConfiguration: {
                Rules: [
                    {
                        ApplyServerSideEncryptionByDefault: {
                            SSEAlgorithm: plan.encryption.sseAlgorithm as never,
                            KMSMasterKeyID: key.arn,
                        },
                        BucketKeyEnabled: plan.encryption.bucketKeyEnabled,
                    },
                ],
            },
        }),
    );
    if (plan.objectOwnership) {
        await s3.send(
            new PutBucketOwnershipControlsCommand({
                Bucket,
                OwnershipControls: { Rules: [{ ObjectOwnership: plan.objectOwnership as never }] },
            }),
        );
    }
    if (plan.publicAccessBlock) {
        await s3.send(
            new PutPublicAccessBlockCommand({
                Bucket,
                PublicAccessBlockConfiguration: toApiShape(plan.publicAccessBlock) as never,
            }),
        );
    }
    if (plan.lifecycleRules.length > 0) {
        await s3.send(
            new PutBucketLifecycleConfigurationCommand({
                Bucket,
                LifecycleConfiguration: { Rules: toApiShape(plan.lifecycleRules) as never },
            }),
        );
    }
    const notEmulated = [
        "the bucket policy (moto evaluates policy conditions crudely; test/policy-meaning evaluates it)",
    ];
    if (plan.encryption.blockedEncryptionTypes.length > 0) {
        notEmulated.push(
            `blocked encryption types ${plan.encryption.blockedEncryptionTypes.join(", ")} (moto ignores them)`,
        );
    }
    return { kmsKeyArn: key.arn, notEmulated };
}
