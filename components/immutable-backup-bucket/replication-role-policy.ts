/**
 * Pure builders for the IAM role S3 assumes to replicate dumps into the replica
 * bucket: its trust policy and its permissions, both used only by `ReplicaBucket`.
 */
import { PolicyDocument, policyDocument } from "../common/policy-document";

export interface ReplicationRolePolicyArgs {
    readonly sourceBucketArn: string;
    readonly sourceKmsKeyArn: string;
    readonly sourceRegion: string;
    readonly replicaBucketArn: string;
    readonly replicaKmsKeyArn: string;
    readonly replicaRegion: string;
}

/** Only S3, acting for this account, may assume the role (the confused-deputy guard). */
export function buildReplicationTrustPolicy(accountId: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "S3ReplicationAssumesRole",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    ]);
}

/**
 * What replication of Object Lock, SSE-KMS objects needs and nothing more:
 * read versions with their retention and legal hold from the source, decrypt
 * with the source key through S3 only, write replicas encrypted with the
 * replica key. No `s3:ReplicateDelete`: delete markers are not replicated.
 */
export function buildReplicationRolePolicy(a: ReplicationRolePolicyArgs): PolicyDocument {
    return policyDocument([
        {
            Sid: "ReadSourceReplicationConfiguration",
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: a.sourceBucketArn,
        },
        {
            // GetObjectRetention/GetObjectLegalHold: S3 copies each version's lock settings to the replica.
            Sid: "ReadSourceVersions",
            Effect: "Allow",
            Action: [
                "s3:GetObjectVersionForReplication",
                "s3:GetObjectVersionAcl",
                "s3:GetObjectVersionTagging",
                "s3:GetObjectRetention",
                "s3:GetObjectLegalHold",
            ],
            Resource: `${a.sourceBucketArn}/*`,
        },
        {
            Sid: "WriteReplicas",
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateTags"],
            Resource: `${a.replicaBucketArn}/*`,
        },
        {
            Sid: "DecryptSourceThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: a.sourceKmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${a.sourceRegion}.amazonaws.com` } },
        },
        {
            Sid: "EncryptReplicasThroughS3",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:GenerateDataKey"],
            Resource: a.replicaKmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${a.replicaRegion}.amazonaws.com` } },
        },
        {
            // The replica bucket uses an S3 Bucket Key, and S3 calls kms:Decrypt with the replica key to check
            // that bucket key before using it (S3 User Guide, "Replicating objects created with server-side
            // encryption (SSE) using AWS KMS keys", section "Amazon S3 Bucket Keys and replication"). Without it
            // every replication fails. The key policy allows it through its root delegation.
            Sid: "DecryptReplicaBucketKeyThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: a.replicaKmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${a.replicaRegion}.amazonaws.com` } },
        },
    ]);
}
