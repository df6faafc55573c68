/**
 * The S3 bucket the pg_dump runners write to: nobody, not even the backup
 * account's root, can delete or shorten a dump before its retention ends.
 *
 * Protection: the buckets and keys are declared with `protect` (default true)
 * rather than `retainOnDelete`. A COMPLIANCE-locked bucket cannot be emptied
 * anyway, so a destroy would fail half-way; `protect` stops it (and any
 * replacement, e.g. a renamed bucket) at preview, and lifting it is a visible,
 * reviewed change. `retainOnDelete` would instead orphan the bucket silently.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { declareBackupKey } from "../common/backup-key";
import { AccessLogBucket } from "./access-logs";
import {
    accessLogBucketName,
    ImmutableBackupBucketArgs,
    replicaBucketName,
    resolveImmutableBackupBucketArgs,
} from "./args";
import { buildBucketPolicy } from "./bucket-policy";
import { buildBackupKeyPolicy } from "./key-policy";
import { declareLockedBucket } from "./locked-bucket";
import { ReplicaBucket } from "./replica";
import { validateImmutableBackupBucketArgs } from "./validate";

/** Role ARN -> what the bucket policy allows it: `<keyPrefix>/<database>/*` for each of `databases`. */
export type WriterGrants = Readonly<
    Record<string, { readonly keyPrefix: string; readonly databases: readonly string[] }>
>;

export { BucketWriter, ImmutableBackupBucketArgs, TransitionStorageClass } from "./args";
export { immutableBackupBucketProblems, validateImmutableBackupBucketArgs } from "./validate";

export class ImmutableBackupBucket extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;
    /** The key this component created; undefined when `kmsKeyArn` was passed in. */
    public readonly kmsKey?: aws.kms.Key;
    public readonly bucketPolicy: aws.s3.BucketPolicy;
    public readonly replica?: ReplicaBucket;
    public readonly accessLogBucket?: AccessLogBucket;
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly bucketRegion: pulumi.Output<string>;
    public readonly kmsKeyArn: pulumi.Output<string>;
    public readonly keyPrefix: string;
    public readonly retentionDays: number;
    /** The longest retention the bucket policy lets anyone ask for: the auditor locks no receipt longer. */
    public readonly maxRetentionDays: number;
    /**
     * Each writer's role ARN -> its key prefix and databases: what the bucket policy lets it write. The
     * source stack reads it to set its runner's prefix and to check the databases it schedules.
     */
    public readonly writers: WriterGrants;

    constructor(name: string, args: ImmutableBackupBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        // Before super: a bad argument must not leave even an empty component in the state.
        validateImmutableBackupBucketArgs(args);
        super("strongbox:storage:ImmutableBackupBucket", name, {}, opts);
        const a = resolveImmutableBackupBucketArgs(args);

        if (a.kmsKeyArn === undefined) {
            this.kmsKey = declareBackupKey(
                name,
                {
                    description: `Strongbox backup dumps in s3://${a.bucketName}`,
                    policy: JSON.stringify(
                        buildBackupKeyPolicy({
                            accountId: a.accountId,
                            keyAdminRoleArns: a.keyAdminRoleArns ?? [],
                            breakGlassRoleArn: a.breakGlassRoleArn!,
                            writerRoleArns: a.writers.map((w) => w.roleArn),
                            sourceAccountIds: a.sourceAccountIds,
                        }),
                    ),
                    aliasName: `strongbox-${a.bucketName}`,
                    region: a.region,
                    tags: a.tags,
                    protect: a.protect,
                },
                this,
            ).key;
        }
        const kmsKeyArn = this.kmsKey?.arn ?? pulumi.output(a.kmsKeyArn!);
        // Only with the auditor do the lifecycle rules change: a bucket without one keeps its bucket-wide rules.
        const audit =
            a.auditRoles === undefined
                ? undefined
                : {
                      dumpPrefixes: a.writers.map((w) => w.keyPrefix),
                      receiptRetentionDays: a.receiptRetentionDays!,
                  };

        const primary = declareLockedBucket(
            name,
            {
                bucketName: a.bucketName,
                region: a.region,
                kmsKeyArn,
                retentionDays: a.retentionDays,
                expireAfterDays: a.expireAfterDays,
                transitionDays: a.transitionDays,
                transitionStorageClass: a.transitionStorageClass,
                abortIncompleteMultipartDays: a.abortIncompleteMultipartDays,
                audit,
                role: "primary",
                tags: a.tags,
                protect: a.protect,
            },
            this,
        );
        this.bucket = primary.bucket;

        if (a.replica !== undefined) {
            this.replica = new ReplicaBucket(
                `${name}-replica`,
                {
                    bucketName: replicaBucketName(a),
                    region: a.replica.region,
                    accountId: a.accountId,
                    keyAdminRoleArns: a.keyAdminRoleArns ?? [],
                    breakGlassRoleArn: a.breakGlassRoleArn!,
                    source: primary,
                    sourceKmsKeyArn: kmsKeyArn,
                    objectRules: {
                        minimumRetentionDays: a.minimumRetentionDays,
                        maxRetentionDays: a.maxRetentionDays,
                    },
                    deployerRoleArns: a.deployerRoleArns,
                    settings: {
                        retentionDays: a.retentionDays,
                        expireAfterDays: a.expireAfterDays,
                        transitionDays: a.transitionDays,
                        transitionStorageClass: a.transitionStorageClass,
                        abortIncompleteMultipartDays: a.abortIncompleteMultipartDays,
                        audit,
                        tags: a.tags,
                        protect: a.protect,
                    },
                },
                { parent: this },
            );
        }

        const replicationRoleArn = this.replica?.replicationRole.arn;
        this.bucketPolicy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            {
                bucket: primary.bucket.id,
                region: a.region,
                policy: pulumi
                    .all([primary.bucket.arn, kmsKeyArn, replicationRoleArn])
                    .apply(([bucketArn, keyArn, roleArn]) =>
                        JSON.stringify(
                            buildBucketPolicy({
                                bucketArn,
                                kmsKeyArn: keyArn,
                                writers: a.writers,
                                sourceAccountIds: a.sourceAccountIds,
                                minimumRetentionDays: a.minimumRetentionDays,
                                maxRetentionDays: a.maxRetentionDays,
                                deployerRoleArns: a.deployerRoleArns,
                                breakGlassRoleArn: a.breakGlassRoleArn,
                                replicationRoleArn: roleArn,
                                auditRoles: a.auditRoles,
                            }),
                        ),
                    ),
            },
            // S3 refuses a policy while the public-access block is still being applied to a new bucket.
            { parent: this, dependsOn: [primary.publicAccessBlock] },
        );

        if (a.accessLogs) {
            this.accessLogBucket = new AccessLogBucket(
                `${name}-access-logs`,
                {
                    bucketName: accessLogBucketName(a),
                    accountId: a.accountId,
                    sourceBucket: primary.bucket,
                    region: a.region,
                    expirationDays: a.accessLogRetentionDays,
                    abortIncompleteMultipartDays: a.abortIncompleteMultipartDays,
                    tags: a.tags,
                    protect: a.protect,
                },
                { parent: this },
            );
        }

        this.bucketName = primary.bucket.bucket;
        this.bucketArn = primary.bucket.arn;
        this.bucketRegion = primary.bucket.region;
        this.kmsKeyArn = kmsKeyArn;
        this.keyPrefix = a.keyPrefix;
        this.retentionDays = a.retentionDays;
        this.maxRetentionDays = a.maxRetentionDays;
        this.writers = Object.fromEntries(
            a.writers.map((w) => [w.roleArn, { keyPrefix: w.keyPrefix, databases: [...w.databases] }]),
        );
        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            bucketRegion: this.bucketRegion,
            kmsKeyArn: this.kmsKeyArn,
            keyPrefix: this.keyPrefix,
            retentionDays: this.retentionDays,
            writers: this.writers,
            replicaBucketName: this.replica?.bucketName,
            accessLogBucketName: this.accessLogBucket?.bucketName,
        });
    }
}
