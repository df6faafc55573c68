/**
 * The report bucket: the same locked bucket and key the dumps get (`declareLockedBucket`, `declareBackupKey`),
 * COMPLIANCE-locked for the reports' retention, SSE-KMS with its own key, and a policy that lets only AWS
 * Backup Audit Manager write into it (`policies.ts`). An auditor can then trust that a report in it is the one
 * AWS Backup wrote, for as long as it is locked.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { declareBackupKey } from "../../common/backup-key";
import {
    IMMUTABLE_BACKUP_BUCKET_DEFAULTS,
    DEFAULT_EXPIRY_MARGIN_DAYS,
} from "../../immutable-backup-bucket/args";
import { declareLockedBucket, LockedBucket } from "../../immutable-backup-bucket/locked-bucket";
import { backupReportsServiceRole, buildReportBucketPolicy, buildReportKeyPolicy } from "./policies";

export interface ReportBucketArgs {
    readonly partition: string;
    readonly accountId: string;
    readonly region: string;
    readonly bucketName: string;
    readonly retentionDays: number;
    readonly keyAdminRoleArns: readonly string[];
    readonly breakGlassRoleArn: string;
    readonly deployerRoleArns: readonly string[];
    readonly tags: Record<string, string>;
    readonly protect: boolean;
}

export interface ReportBucket {
    readonly bucket: LockedBucket;
    readonly key: aws.kms.Key;
    readonly policy: aws.s3.BucketPolicy;
}

/** Declares `${name}-key` (and alias), the locked bucket `${name}-bucket` with its settings, and `${name}-policy`. */
export function declareReportBucket(
    name: string,
    a: ReportBucketArgs,
    parent: pulumi.Resource,
): ReportBucket {
    const reportsRoleArn = backupReportsServiceRole(a.partition, a.accountId);
    const { key } = declareBackupKey(
        name,
        {
            description: `Strongbox: AWS Backup Audit Manager reports in s3://${a.bucketName}`,
            policy: JSON.stringify(
                buildReportKeyPolicy({
                    accountId: a.accountId,
                    keyAdminRoleArns: a.keyAdminRoleArns,
                    breakGlassRoleArn: a.breakGlassRoleArn,
                    reportsRoleArn,
                }),
            ),
            aliasName: `strongbox-${a.bucketName}`,
            region: a.region,
            tags: a.tags,
            protect: a.protect,
        },
        parent,
    );
    const d = IMMUTABLE_BACKUP_BUCKET_DEFAULTS;
    const bucket = declareLockedBucket(
        name,
        {
            bucketName: a.bucketName,
            region: a.region,
            kmsKeyArn: key.arn,
            retentionDays: a.retentionDays,
            // A report expires a week after its lock lapses, as a dump does.
            expireAfterDays: a.retentionDays + DEFAULT_EXPIRY_MARGIN_DAYS,
            transitionDays: d.transitionDays,
            transitionStorageClass: d.transitionStorageClass,
            abortIncompleteMultipartDays: d.abortIncompleteMultipartDays,
            role: "audit-reports",
            tags: a.tags,
            protect: a.protect,
        },
        parent,
    );
    const policy = new aws.s3.BucketPolicy(
        `${name}-policy`,
        {
            bucket: bucket.bucket.id,
            region: a.region,
            policy: bucket.bucket.arn.apply((bucketArn) =>
                JSON.stringify(
                    buildReportBucketPolicy({
                        bucketArn,
                        accountId: a.accountId,
                        reportsRoleArn,
                        configurationRoleArns: [...a.deployerRoleArns, a.breakGlassRoleArn],
                    }),
                ),
            ),
        },
        // S3 refuses a policy while the public-access block is still being applied to a new bucket.
        { parent, dependsOn: [bucket.publicAccessBlock] },
    );
    return { bucket, key, policy };
}
