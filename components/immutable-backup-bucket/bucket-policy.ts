/**
 * The backup bucket's policy: who may write dumps, and which writes are refused even to them.
 *
 * The hard constraint is multipart upload. CreateMultipartUpload, UploadPart and
 * CompleteMultipartUpload are all authorized as `s3:PutObject`, but only the first carries the
 * SSE and Object Lock headers. A deny on a *missing* header (`Null: true`, or a bare
 * `StringNotEquals`, which is true when the key is absent) therefore denies every UploadPart.
 * So every header check here fires only when the header is present (`Null: false` ANDed with the
 * comparison), and requests without headers are covered by the bucket's defaults instead:
 * default encryption SSE-KMS with this CMK and default retention COMPLIANCE (ImmutableBackupBucket).
 */
import * as limits from "../../shared/limits";
import { keyPrefixProblem } from "../../shared/object-key";
import { ConditionBlock, PolicyDocument, PolicyStatement, policyDocument } from "../common/policy-document";
import {
    accountRoot,
    checkAccountIds,
    checkRolesInAccounts,
    roleAccount,
    unique,
} from "../common/principals";

export interface BucketPolicyArgs {
    readonly bucketArn: string;
    readonly kmsKeyArn: string;
    /** The only principals allowed to write dumps (need not exist yet: matched by `aws:PrincipalArn`). */
    readonly writerRoleArns: readonly string[];
    readonly sourceAccountIds: readonly string[];
    /** Explicit lock headers must ask at least this many days. */
    readonly minimumRetentionDays: number;
    /** Retention beyond this is denied (denial-of-wallet cap). */
    readonly maxRetentionDays: number;
    /** e.g. "layer3" (one path segment, `KEY_PREFIX`): writers may write only under "<prefix>/". */
    readonly keyPrefix: string;
    /** When a replica exists, the replication role must be allowed to read. */
    readonly replicationRoleArn?: string;
    /**
     * Set when this bucket is a replication destination (ReplicaBucket): only the role named here may
     * then write replicas into it (s3:Replicate*); everyone else is denied. Default: unset, and the
     * policy says nothing about s3:Replicate*. Not to be confused with `replicationRoleArn` above, the
     * source bucket's side (which lets that role read).
     */
    readonly replicaOf?: { readonly replicationRoleArn: string };
}

/** What a writer may do under its prefix: upload (incl. multipart), then read back the lock and the bytes. */
export const WRITER_OBJECT_ACTIONS: readonly string[] = [
    "s3:PutObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:GetObjectRetention",
    // The runner sets retention explicitly after upload: on AWS it repeats what the bucket default already
    // applied, but S3 emulators used in tests (moto) do not apply the default, and the lock must not depend on it.
    "s3:PutObjectRetention",
];

/** Object writes refused to everyone outside the writer allow-list. */
const GUARDED_WRITE_ACTIONS: readonly string[] = [
    "s3:PutObject",
    "s3:PutObjectRetention",
    "s3:PutObjectLegalHold",
];

/** What S3 replication reads on the source bucket (the role's own IAM policy grants it too; same account). */
const REPLICATION_READ_ACTIONS: readonly string[] = [
    "s3:GetReplicationConfiguration",
    "s3:ListBucket",
    "s3:GetObjectVersionForReplication",
    "s3:GetObjectVersionAcl",
    "s3:GetObjectVersionTagging",
    "s3:GetObjectRetention",
    "s3:GetObjectLegalHold",
];

/**
 * How S3 replication writes into a destination bucket, none of them an s3:PutObject (so
 * GUARDED_WRITE_ACTIONS does not cover them). ObjectOwnerOverrideToBucketOwner is used only by
 * cross-account owner override, which we do not configure: denied to everyone else all the same.
 */
const REPLICATION_WRITE_ACTIONS: readonly string[] = [
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
    "s3:ReplicateTags",
    "s3:ObjectOwnerOverrideToBucketOwner",
];

export function validateBucketPolicyArgs(a: BucketPolicyArgs): void {
    checkAccountIds(a.sourceAccountIds, "sourceAccountIds");
    if (a.replicaOf !== undefined) {
        roleAccount(a.replicaOf.replicationRoleArn, "replicaOf.replicationRoleArn");
    }
    checkRolesInAccounts(a.writerRoleArns, a.sourceAccountIds, "writerRoleArns", "sourceAccountIds");
    // The policy is the last line of defence, so it re-checks the limits every layer agrees on.
    if (!Number.isInteger(a.minimumRetentionDays) || a.minimumRetentionDays < limits.MIN_RETENTION_DAYS) {
        throw new Error(
            `\`minimumRetentionDays\` must be an integer of at least ${limits.MIN_RETENTION_DAYS} ` +
                `(got ${a.minimumRetentionDays})`,
        );
    }
    const max = a.maxRetentionDays;
    if (!Number.isInteger(max) || max < a.minimumRetentionDays || max > limits.MAX_RETENTION_DAYS) {
        throw new Error(
            `\`maxRetentionDays\` must be an integer from \`minimumRetentionDays\` ` +
                `(${a.minimumRetentionDays}) ` +
                `to ${limits.MAX_RETENTION_DAYS} (got ${max})`,
        );
    }
    // The same rule as the runner's and the config's: a prefix the runner lists under must be the one
    // the writers may write under.
    const prefixProblem = keyPrefixProblem(a.keyPrefix);
    if (prefixProblem) throw new Error(`\`keyPrefix\` ${prefixProblem}`);
}

export function buildBucketPolicy(a: BucketPolicyArgs): PolicyDocument {
    validateBucketPolicyArgs(a);
    const objects = `${a.bucketArn}/*`;
    const prefixObjects = `${a.bucketArn}/${a.keyPrefix}/*`;
    const present = (key: string): ConditionBlock[string] => ({ [key]: "false" });
    const statements: PolicyStatement[] = [
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [a.bucketArn, objects],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
            // A present header other than aws:kms (AES256, aws:kms:dsse). No header: default SSE-KMS applies.
            Sid: "DenyNonKmsEncryptionHeader",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objects,
            Condition: {
                Null: present("s3:x-amz-server-side-encryption"),
                StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
            },
        },
        {
            // S3 compares the key ARN: a client naming the key by ID or alias is refused here,
            // so it must send the ARN.
            Sid: "DenyOtherKmsKey",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objects,
            Condition: {
                Null: present("s3:x-amz-server-side-encryption-aws-kms-key-id"),
                StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": a.kmsKeyArn },
            },
        },
        {
            // "aws:kms" without a key ID makes S3 use the AWS managed key aws/s3, not our CMK.
            Sid: "DenyKmsHeaderWithoutKeyId",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objects,
            Condition: {
                Null: {
                    "s3:x-amz-server-side-encryption": "false",
                    "s3:x-amz-server-side-encryption-aws-kms-key-id": "true",
                },
            },
        },
        {
            // GOVERNANCE yields to anyone holding s3:BypassGovernanceRetention; only COMPLIANCE is immutable.
            Sid: "DenyNonComplianceLockMode",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:PutObject", "s3:PutObjectRetention"],
            Resource: objects,
            Condition: {
                Null: present("s3:object-lock-mode"),
                StringNotEquals: { "s3:object-lock-mode": "COMPLIANCE" },
            },
        },
        {
            // NumericLessThan is false when the key is absent, so header-less UploadParts pass.
            Sid: "DenyRetentionBelowMinimum",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:PutObject", "s3:PutObjectRetention"],
            Resource: objects,
            Condition: {
                NumericLessThan: {
                    "s3:object-lock-remaining-retention-days": String(a.minimumRetentionDays),
                },
            },
        },
        {
            // COMPLIANCE retention can be extended but never shortened: a typo here would be billed for years.
            Sid: "DenyRetentionBeyondMaximum",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:PutObject", "s3:PutObjectRetention"],
            Resource: objects,
            Condition: {
                NumericGreaterThan: { "s3:object-lock-remaining-retention-days": String(a.maxRetentionDays) },
            },
        },
        writersOnly(a, objects),
        {
            // Belt and braces: COMPLIANCE already refuses deleting a locked version, even to root. This also
            // stops delete markers that would hide the newest dump from `verify`. Lifecycle expiry of old
            // versions is not subject to the bucket policy, so cleanup after retention still works.
            // Changes to the lock configuration and to this policy are not denied here: the deploying
            // identity must apply them, locked versions keep their own retention whatever the bucket
            // default becomes, and BackupAuditor alarms on such changes.
            Sid: "DenyObjectDeletion",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention"],
            Resource: objects,
        },
    ];
    if (a.writerRoleArns.length > 0) {
        statements.push(
            {
                // Explicit, so that a broader Allow added later (or an identity policy) cannot widen
                // a writer's reach.
                Sid: "DenyWriterWritesOutsidePrefix",
                Effect: "Deny",
                Principal: "*",
                Action: [...GUARDED_WRITE_ACTIONS],
                NotResource: prefixObjects,
                Condition: { ArnLike: { "aws:PrincipalArn": [...a.writerRoleArns] } },
            },
            {
                Sid: "AllowWriterRolesUnderPrefix",
                Effect: "Allow",
                Principal: { AWS: unique(a.sourceAccountIds).map(accountRoot) },
                Action: [...WRITER_OBJECT_ACTIONS],
                Resource: prefixObjects,
                Condition: { ArnLike: { "aws:PrincipalArn": [...a.writerRoleArns] } },
            },
        );
    }
    if (a.replicationRoleArn !== undefined) {
        statements.push({
            Sid: "AllowReplicationRoleRead",
            Effect: "Allow",
            Principal: { AWS: accountRoot(roleAccount(a.replicationRoleArn, "replicationRoleArn")) },
            Action: [...REPLICATION_READ_ACTIONS],
            Resource: [a.bucketArn, objects],
            Condition: { ArnEquals: { "aws:PrincipalArn": a.replicationRoleArn } },
        });
    }
    if (a.replicaOf !== undefined) {
        statements.push({
            // Without it, any identity of the backup account whose IAM policy grants s3:Replicate* could
            // write "replicas" the source never held. Principal "*" as in every Deny here, narrowed by
            // aws:PrincipalArn (compared, never resolved), so the role need not exist yet. ArnNotEquals is
            // true when the key is absent (service principals): denied too. No Allow is needed for the
            // role: it is in the bucket's own account, where its IAM policy (WriteReplicas) suffices for S3.
            // A replica in another account would need one, with the account as Principal.
            Sid: "DenyReplicationExceptReplicationRole",
            Effect: "Deny",
            Principal: "*",
            Action: [...REPLICATION_WRITE_ACTIONS],
            Resource: objects,
            Condition: { ArnNotEquals: { "aws:PrincipalArn": a.replicaOf.replicationRoleArn } },
        });
    }
    return policyDocument(statements);
}

/**
 * With no writers, nobody may write (e.g. a bucket fed only by replication, whose s3:Replicate* actions
 * are guarded by `replicaOf` instead). `ArnNotLike` is true for requests without `aws:PrincipalArn` (service
 * principals), which is intended: no service writes dumps.
 */
function writersOnly(a: BucketPolicyArgs, objects: string): PolicyStatement {
    const base = {
        Sid: "DenyWritesExceptWriterRoles",
        Effect: "Deny" as const,
        Principal: "*" as const,
        Action: [...GUARDED_WRITE_ACTIONS],
        Resource: objects,
    };
    return a.writerRoleArns.length > 0
        ? { ...base, Condition: { ArnNotLike: { "aws:PrincipalArn": [...a.writerRoleArns] } } }
        : base;
}
