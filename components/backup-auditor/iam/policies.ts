/**
 * The identity policies of the auditor's two roles, as pure builders (plain strings in, `PolicyDocument` out),
 * so tests and the policy-meaning table read exactly what the stack attaches.
 *
 * - The auditor (verify, drill) reads the dump prefixes and writes only receipts, each with its own COMPLIANCE
 *   lock: s3:PutObjectRetention on the receipts prefix alone (an upload carrying lock headers needs it), no
 *   delete and no legal hold anywhere.
 * - The canary writes under its own prefix (and its receipt, with the bucket's default lock), and holds the only
 *   destructive grants in the stack, s3:DeleteObjectVersion and s3:PutObjectRetention, under the canary prefix
 *   alone.
 *
 * What decides: in the bucket's own account an identity policy's Allow suffices unless a policy denies (IAM
 * User Guide, "Policy evaluation logic"); the bucket policy's own denies confine both roles again
 * (bucket-policy/audit.ts). ListObjectVersions is authorized as s3:ListBucketVersions and ListObjectsV2 as
 * s3:ListBucket, both with the `s3:prefix` condition key (Service Authorization Reference, Amazon S3); HeadObject
 * returns an object's lock only with s3:GetObjectRetention (S3 API Reference, HeadObject). PutMetricData has no
 * resource-level permission and is narrowed by `cloudwatch:namespace` (CloudWatch User Guide, "Using condition
 * keys to limit access to CloudWatch namespaces").
 */
import { CANARY_PREFIX, METRICS_NAMESPACE, RECEIPTS_PREFIX } from "../../../shared/audit";
import { PolicyDocument, PolicyStatement, policyDocument } from "../../common/policy-document";
import { unique } from "../../common/principals";
import { jobRunStatements } from "../../common/job/role-statements";

export interface AuditPolicyInputs {
    /** The backup bucket and its CMK. */
    readonly bucketArn: string;
    readonly kmsKeyArn: string;
    /** Region of the bucket: S3 calls KMS there on the role's behalf. */
    readonly bucketRegion: string;
    /** The writers' key prefixes: everything the auditor verifies and drills lives under them. */
    readonly dumpPrefixes: readonly string[];
    /** The job's log group ARN, without the `:*` suffix. */
    readonly logGroupArn: string;
    /** The runner bundle: its bucket's ARN and key. */
    readonly artifactBucketArn: string;
    readonly bundleKey: string;
}

/** What the auditor may read of a dump or a receipt: the bytes, any version, and the lock. */
export const AUDITOR_READ_ACTIONS: readonly string[] = [
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:GetObjectRetention",
];

/** Listing: every version and delete marker (the catalog), and the keys under a prefix (discovery). */
export const AUDITOR_LIST_ACTIONS: readonly string[] = ["s3:ListBucket", "s3:ListBucketVersions"];

const objectsUnder = (bucketArn: string, prefix: string) => `${bucketArn}/${prefix}/*`;

/** Listing confined to `prefixes` (`<p>/` and below), so a role cannot enumerate the rest of the bucket. */
function listUnder(sid: string, bucketArn: string, prefixes: readonly string[]): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: [...AUDITOR_LIST_ACTIONS],
        Resource: bucketArn,
        Condition: { StringLike: { "s3:prefix": unique(prefixes).map((p) => `${p}/*`) } },
    };
}

/** What both roles need besides S3: the key through S3 only, their metrics' namespace, their logs, the bundle. */
function jobStatements(p: AuditPolicyInputs): PolicyStatement[] {
    return [
        {
            // Encrypt receipts and canary objects, decrypt what they read back: only through S3 in the
            // bucket's region, so neither role can use the key directly.
            Sid: "UseBackupKeyOnlyThroughS3",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: p.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${p.bucketRegion}.amazonaws.com` } },
        },
        {
            Sid: "ReadBucketLockConfiguration",
            Effect: "Allow",
            Action: "s3:GetBucketObjectLockConfiguration",
            Resource: p.bucketArn,
        },
        {
            Sid: "PublishStrongboxMetricsOnly",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": METRICS_NAMESPACE } },
        },
        ...jobRunStatements(p),
    ];
}

/** Verify and drill: read-only on the dump prefixes, write-once receipts, metrics. */
export function auditorPolicy(p: AuditPolicyInputs): PolicyDocument {
    const receipts = objectsUnder(p.bucketArn, RECEIPTS_PREFIX);
    return policyDocument([
        {
            Sid: "ReadDumpsAndManifests",
            Effect: "Allow",
            Action: [...AUDITOR_READ_ACTIONS],
            Resource: unique(p.dumpPrefixes).map((prefix) => objectsUnder(p.bucketArn, prefix)),
        },
        listUnder("ListDumpPrefixes", p.bucketArn, p.dumpPrefixes),
        {
            // The bucket policy refuses any PutObject without If-None-Match: a receipt, once written, is the
            // only version under its key.
            Sid: "WriteReceipts",
            Effect: "Allow",
            Action: "s3:PutObject",
            Resource: receipts,
        },
        {
            // Each receipt carries its own COMPLIANCE lock (receiptRetentionDays). S3 refuses an upload with lock
            // headers to a principal without s3:PutObjectRetention (S3 User Guide, "Locking objects with Object
            // Lock"); the bucket policy bounds it (no event hold, nothing beyond the maximum, receipts only).
            Sid: "LockReceipts",
            Effect: "Allow",
            Action: "s3:PutObjectRetention",
            Resource: receipts,
        },
        {
            Sid: "ReadBackReceipts",
            Effect: "Allow",
            Action: [...AUDITOR_READ_ACTIONS],
            Resource: receipts,
        },
        ...jobStatements(p),
    ]);
}

/** The canary: its objects and its receipt, and the two attempts Object Lock must refuse, under its prefix only. */
export function canaryPolicy(p: AuditPolicyInputs): PolicyDocument {
    const canary = objectsUnder(p.bucketArn, CANARY_PREFIX);
    const receipts = objectsUnder(p.bucketArn, RECEIPTS_PREFIX);
    return policyDocument([
        {
            Sid: "WriteCanaryAndReceipt",
            Effect: "Allow",
            Action: "s3:PutObject",
            Resource: [canary, receipts],
        },
        {
            // The attempts: delete the version just written, and shorten its COMPLIANCE retention. Granted here
            // and allowed by the bucket policy so that only the lock can refuse them.
            Sid: "TryToDestroyCanaryObjects",
            Effect: "Allow",
            Action: ["s3:DeleteObjectVersion", "s3:PutObjectRetention"],
            Resource: canary,
        },
        {
            Sid: "ReadBackCanaryAndReceipt",
            Effect: "Allow",
            Action: [...AUDITOR_READ_ACTIONS],
            Resource: [canary, receipts],
        },
        listUnder("ListCanaryPrefix", p.bucketArn, [CANARY_PREFIX]),
        ...jobStatements(p),
    ]);
}
