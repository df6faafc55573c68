/**
 * One Object Lock bucket with everything that makes it a Strongbox backup
 * bucket: COMPLIANCE default retention, versioning, SSE-KMS with bucket keys,
 * every public-access flag, BucketOwnerEnforced and the lifecycle. The primary
 * bucket and its replica are declared by this same function so that the two
 * cannot drift apart. In @pulumi/aws v7 each of these settings is its own
 * resource; all take the bucket's `id` as input, which is how the policy pack
 * ties them back to their bucket.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_BUCKET_TAG, BUCKET_ROLE_TAG } from "../common/bucket-tags";
import { NEVER_EXPIRE } from "./args";
import { LifecycleSettings, lifecycleRules } from "./lifecycle-rules";

export interface LockedBucketSettings {
    readonly bucketName: string;
    /** Region of the bucket and all its settings. Default: the provider's region. */
    readonly region?: string;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly retentionDays: number;
    /** Days after which current versions expire, or `"never"`. */
    readonly expireAfterDays: number | typeof NEVER_EXPIRE;
    readonly transitionDays: number;
    readonly transitionStorageClass: string;
    readonly abortIncompleteMultipartDays: number;
    /** With the BackupAuditor: expiry per dump prefix, and rules of their own for receipts and the canary. Default: bucket-wide rules. */
    readonly audit?: LifecycleSettings["audit"];
    /**
     * Which bucket this is. `audit-reports` is the BackupAuditor's report bucket: locked and encrypted the same
     * way, but not a dump bucket (its policy admits AWS Backup's report writer, which the dump rules refuse), so
     * it is tagged as no backup bucket and the policy pack checks it as a report destination instead.
     */
    readonly role: "primary" | "replica" | "audit-reports";
    readonly tags: Record<string, string>;
    readonly protect: boolean;
}

export interface LockedBucket {
    readonly bucket: aws.s3.Bucket;
    readonly versioning: aws.s3.BucketVersioning;
    readonly objectLock: aws.s3.BucketObjectLockConfiguration;
    readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly ownership: aws.s3.BucketOwnershipControls;
    readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
}

/** Declares `${name}-bucket`, `-versioning`, `-object-lock`, `-encryption`, `-public-access-block`, `-ownership`, `-lifecycle`. */
export function declareLockedBucket(
    name: string,
    s: LockedBucketSettings,
    parent: pulumi.Resource,
): LockedBucket {
    const region = s.region;
    const bucket = new aws.s3.Bucket(
        `${name}-bucket`,
        {
            bucket: s.bucketName,
            // Object Lock can only be switched on when the bucket is created; everything else can follow.
            objectLockEnabled: true,
            region,
            tags: {
                ...s.tags,
                [BACKUP_BUCKET_TAG]: s.role === "audit-reports" ? "false" : "true",
                [BUCKET_ROLE_TAG]: s.role,
            },
            // No forceDestroy: emptying a backup bucket must never be one flag away.
        },
        { parent, protect: s.protect },
    );
    const opts = { parent };
    const versioning = new aws.s3.BucketVersioning(
        `${name}-versioning`,
        { bucket: bucket.id, region, versioningConfiguration: { status: "Enabled" } },
        opts,
    );
    const objectLock = new aws.s3.BucketObjectLockConfiguration(
        `${name}-object-lock`,
        {
            bucket: bucket.id,
            region,
            objectLockEnabled: "Enabled",
            // COMPLIANCE, not GOVERNANCE: no principal, root included, can shorten or remove it.
            rule: { defaultRetention: { mode: "COMPLIANCE", days: s.retentionDays } },
        },
        // Protected like the bucket: deleting this resource would remove the default retention.
        { parent, dependsOn: [versioning], protect: s.protect },
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-encryption`,
        {
            bucket: bucket.id,
            region,
            rules: [
                {
                    applyServerSideEncryptionByDefault: {
                        sseAlgorithm: "aws:kms",
                        kmsMasterKeyId: s.kmsKeyArn,
                    },
                    // Bucket keys cut KMS requests (and cost) by orders of magnitude for multipart dumps.
                    bucketKeyEnabled: true,
                    // SSE-C dumps are readable only with a key the writer alone holds. The bucket policy denies
                    // the SSE-C header too (DenySseCustomerKeys); this refuses it even without the policy.
                    blockedEncryptionTypes: ["SSE-C"],
                },
            ],
        },
        opts,
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access-block`,
        {
            bucket: bucket.id,
            region,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        opts,
    );
    // ACLs off: the bucket owns every object, so cross-account writers cannot keep objects we cannot read.
    const ownership = new aws.s3.BucketOwnershipControls(
        `${name}-ownership`,
        { bucket: bucket.id, region, rule: { objectOwnership: "BucketOwnerEnforced" } },
        opts,
    );
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(
        `${name}-lifecycle`,
        {
            bucket: bucket.id,
            region,
            rules: lifecycleRules(s),
        },
        // Lifecycle transitions of a versioned bucket are only meaningful once versioning is on.
        { parent, dependsOn: [versioning] },
    );
    return { bucket, versioning, objectLock, encryption, publicAccessBlock, ownership, lifecycle };
}
