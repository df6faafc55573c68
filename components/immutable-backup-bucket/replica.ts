/**
 * The cross-region copy of the backup bucket: a second locked bucket with its
 * own key in another region, the role S3 replicates with, and the replication
 * rule on the source bucket. A regional outage or a lost key in the primary
 * region must not take the only copy of the dumps with it.
 *
 * Region: every replica resource carries v7's per-resource `region` input
 * instead of using a second `aws.Provider`. It needs no second provider
 * configuration (credentials, allowed accounts, default tags) that could
 * drift from the stack's, and the region is an input that tests and the
 * policy pack can read on each resource. IAM is global, so the role has none.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { declareBackupKey } from "../common/backup-key";
import { buildBucketPolicy } from "./bucket-policy";
import { buildBackupKeyPolicy } from "./key-policy";
import { declareLockedBucket, LockedBucket, LockedBucketSettings } from "./locked-bucket";
import { buildReplicationRolePolicy, buildReplicationTrustPolicy } from "./replication-role-policy";

export interface ReplicaBucketArgs {
    /** Name of the replica bucket. */
    readonly bucketName: string;
    /** Region of the replica; must differ from the source's. */
    readonly region: string;
    /** The backup account (owns both buckets and keys). */
    readonly accountId: string;
    /** Roles that administer the replica key (same as the source key's). */
    readonly keyAdminRoleArns: readonly string[];
    readonly breakGlassRoleArn: string;
    /** The bucket replicated from, with its versioning (replication needs it enabled first). */
    readonly source: Pick<LockedBucket, "bucket" | "versioning">;
    readonly sourceKmsKeyArn: pulumi.Input<string>;
    /** Retention bounds for the replica's bucket policy: the same as the source's. */
    readonly objectRules: { minimumRetentionDays: number; maxRetentionDays: number };
    /** Who may change the replica's configuration: the same deployers as the source's. */
    readonly deployerRoleArns: readonly string[];
    /** Lock, lifecycle, tags and protection: the same as the source bucket's. */
    readonly settings: Omit<LockedBucketSettings, "bucketName" | "region" | "kmsKeyArn" | "role">;
}

/** Declared only by `ImmutableBackupBucket`, whose validation (`validate.ts`) has checked these args. */
export class ReplicaBucket extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;
    public readonly kmsKey: aws.kms.Key;
    public readonly replicationRole: aws.iam.Role;
    public readonly bucketPolicy: aws.s3.BucketPolicy;
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly kmsKeyArn: pulumi.Output<string>;
    public readonly region: string;

    constructor(name: string, args: ReplicaBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongbox:storage:ReplicaBucket", name, {}, opts);
        const { region, settings } = args;
        // Its own key: a key is regional, and a replica readable only with the primary region's key
        // would not survive the loss of that region.
        const { key } = declareBackupKey(
            name,
            {
                description: `Strongbox replica of the backup bucket, ${args.bucketName}`,
                policy: JSON.stringify(
                    buildBackupKeyPolicy({
                        accountId: args.accountId,
                        keyAdminRoleArns: args.keyAdminRoleArns,
                        breakGlassRoleArn: args.breakGlassRoleArn,
                        // Nobody writes here directly; S3 replication uses the key through IAM.
                        writerRoleArns: [],
                        sourceAccountIds: [],
                    }),
                ),
                aliasName: `strongbox-${args.bucketName}`,
                region,
                tags: settings.tags,
                protect: settings.protect,
            },
            this,
        );
        this.kmsKey = key;
        const replica = declareLockedBucket(
            name,
            { ...settings, bucketName: args.bucketName, region, kmsKeyArn: key.arn, role: "replica" },
            this,
        );
        this.bucket = replica.bucket;

        this.replicationRole = new aws.iam.Role(
            `${name}-role`,
            {
                description: pulumi.interpolate`S3 replication from ${args.source.bucket.bucket} to ${args.bucketName}`,
                assumeRolePolicy: JSON.stringify(buildReplicationTrustPolicy(args.accountId)),
                tags: settings.tags,
            },
            { parent: this },
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            {
                role: this.replicationRole.id,
                policy: pulumi
                    .output({
                        sourceBucketArn: args.source.bucket.arn,
                        sourceKmsKeyArn: args.sourceKmsKeyArn,
                        sourceRegion: args.source.bucket.region,
                        replicaBucketArn: replica.bucket.arn,
                        replicaKmsKeyArn: key.arn,
                    })
                    .apply((arns) =>
                        JSON.stringify(buildReplicationRolePolicy({ ...arns, replicaRegion: region })),
                    ),
            },
            { parent: this },
        );
        this.bucketPolicy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                bucket: replica.bucket.id,
                region,
                policy: pulumi
                    .all([replica.bucket.arn, key.arn, this.replicationRole.arn])
                    .apply(([bucketArn, kmsKeyArn, replicationRoleArn]) =>
                        JSON.stringify(
                            // No writers: every s3:PutObject is denied, and only the replication role's
                            // s3:Replicate* fills the bucket. Same TLS, lock and delete rules as the source,
                            // from the same builder.
                            buildBucketPolicy({
                                bucketArn,
                                kmsKeyArn,
                                writers: [],
                                sourceAccountIds: [],
                                ...args.objectRules,
                                deployerRoleArns: args.deployerRoleArns,
                                breakGlassRoleArn: args.breakGlassRoleArn,
                                replicaOf: { replicationRoleArn },
                            }),
                        ),
                    ),
            },
            { parent: this, dependsOn: [replica.publicAccessBlock] },
        );

        new aws.s3.BucketReplicationConfig(
            `${name}-replication`,
            {
                // Configured on the source bucket, so in the source's region (no `region`: the provider's).
                bucket: args.source.bucket.id,
                role: this.replicationRole.arn,
                rules: [
                    {
                        id: "replicate-backups",
                        status: "Enabled",
                        priority: 1,
                        filter: {},
                        // A delete marker hides dumps; keeping it out of the replica keeps a clean copy to read.
                        deleteMarkerReplication: { status: "Disabled" },
                        // S3 skips SSE-KMS objects unless told to replicate them, and every dump is SSE-KMS.
                        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                        destination: {
                            bucket: replica.bucket.arn,
                            // Re-encrypted with the replica's own key in the replica's region.
                            encryptionConfiguration: { replicaKmsKeyId: key.arn },
                        },
                        // Object Lock retention and legal holds replicate with each version because the
                        // replica is lock-enabled and the role may read them (GetObjectRetention/LegalHold).
                    },
                ],
            },
            // Replication refuses an unversioned source or destination, and runs with the role's permissions.
            {
                parent: this,
                dependsOn: [args.source.versioning, replica.versioning, replica.objectLock, rolePolicy],
            },
        );

        this.bucketName = replica.bucket.bucket;
        this.bucketArn = replica.bucket.arn;
        this.kmsKeyArn = key.arn;
        this.region = region;
        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            kmsKeyArn: this.kmsKeyArn,
            region: this.region,
            replicationRoleArn: this.replicationRole.arn,
        });
    }
}
