/**
 * The bucket that receives the backup bucket's S3 server access logs: who read
 * or tried to delete which dump. It is deliberately not Object Lock'ed or
 * KMS-encrypted: S3 server access logging writes only to SSE-S3 buckets, and
 * logs are evidence to keep for a while, not backups to keep for years.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_BUCKET_TAG, BUCKET_ROLE_TAG } from "../common/bucket-tags";
import { PolicyDocument, policyDocument } from "../common/policy-document";
import { denyInsecureTransport } from "../common/bucket-statements";

export interface AccessLogBucketArgs {
    /** Name of the log bucket. */
    readonly bucketName: string;
    /** Account that owns the logged bucket (the log delivery's `aws:SourceAccount`). */
    readonly accountId: string;
    /** The bucket whose accesses are logged; must be in the same region and account. */
    readonly sourceBucket: aws.s3.Bucket;
    /** Region of both buckets. Default: the provider's region. */
    readonly region?: string;
    /** Days a log object is kept; noncurrent versions go after 30 more days. */
    readonly expirationDays: number;
    readonly abortIncompleteMultipartDays: number;
    readonly tags: Record<string, string>;
    readonly protect: boolean;
}

/** Log objects land under this prefix of the log bucket. */
export const ACCESS_LOG_PREFIX = "s3-access-logs/";

/** Lets only S3's log delivery, for our bucket and account, write; refuses anything over plain HTTP. */
export function buildAccessLogBucketPolicy(a: {
    logBucketArn: string;
    sourceBucketArn: string;
    accountId: string;
}): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowS3ServerAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${a.logBucketArn}/${ACCESS_LOG_PREFIX}*`,
            Condition: {
                ArnLike: { "aws:SourceArn": a.sourceBucketArn },
                StringEquals: { "aws:SourceAccount": a.accountId },
            },
        },
        denyInsecureTransport(a.logBucketArn),
    ]);
}

/** Declared only by `ImmutableBackupBucket`, whose validation (`validate.ts`) has checked these args. */
export class AccessLogBucket extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;
    public readonly bucketName: pulumi.Output<string>;

    constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongbox:storage:AccessLogBucket", name, {}, opts);
        const region = args.region;
        const parent = { parent: this };
        this.bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            {
                bucket: args.bucketName,
                region,
                // Marked "false" explicitly so the policy pack never mistakes it for an unlocked backup bucket.
                tags: { ...args.tags, [BACKUP_BUCKET_TAG]: "false", [BUCKET_ROLE_TAG]: "access-logs" },
            },
            { parent: this, protect: args.protect },
        );
        const bucket = this.bucket.id;
        const versioning = new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { bucket, region, versioningConfiguration: { status: "Enabled" } },
            parent,
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            { bucket, region, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            parent,
        );
        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access-block`,
            {
                bucket,
                region,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            parent,
        );
        // With ACLs disabled, log delivery is authorised by the bucket policy below, not by a grant.
        new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            { bucket, region, rule: { objectOwnership: "BucketOwnerEnforced" } },
            parent,
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket,
                region,
                rules: [
                    {
                        id: "expire-access-logs",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: args.expirationDays },
                        noncurrentVersionExpiration: { noncurrentDays: 30 },
                        abortIncompleteMultipartUpload: {
                            daysAfterInitiation: args.abortIncompleteMultipartDays,
                        },
                    },
                ],
            },
            { parent: this, dependsOn: [versioning] },
        );
        const policy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                bucket,
                region,
                policy: pulumi
                    .all([this.bucket.arn, args.sourceBucket.arn])
                    .apply(([logBucketArn, sourceBucketArn]) =>
                        JSON.stringify(
                            buildAccessLogBucketPolicy({
                                logBucketArn,
                                sourceBucketArn,
                                accountId: args.accountId,
                            }),
                        ),
                    ),
            },
            // S3 refuses a policy while the public-access block is still being applied to a new bucket.
            { parent: this, dependsOn: [publicAccessBlock] },
        );
        new aws.s3.BucketLogging(
            `${name}-logging`,
            {
                bucket: args.sourceBucket.id,
                region,
                targetBucket: bucket,
                targetPrefix: ACCESS_LOG_PREFIX,
                // Date-partitioned keys make the logs of one incident day cheap to find and query.
                targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
            },
            // Delivery starts at once; without the policy in place the first logs would be refused.
            { parent: this, dependsOn: [policy] },
        );
        this.bucketName = this.bucket.bucket;
        this.registerOutputs({ bucketName: this.bucketName });
    }
}
