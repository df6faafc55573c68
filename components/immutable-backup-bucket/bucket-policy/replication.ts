/**
 * The replication statements: on the source bucket, what the replication role reads; on a replica, that
 * only that role writes replicas.
 */
import { PolicyStatement } from "../../common/policy-document";
import { accountRoot, roleAccount } from "../../common/principals";

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
 * How S3 replication writes into a destination bucket, none of them an s3:PutObject (so the writer guards
 * do not cover them). ObjectOwnerOverrideToBucketOwner is used only by cross-account owner override, which
 * we do not configure: denied to everyone else all the same.
 */
export const REPLICATION_WRITE_ACTIONS: readonly string[] = [
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
    "s3:ReplicateTags",
    "s3:ObjectOwnerOverrideToBucketOwner",
];

export function replicationRoleRead(bucketArn: string, replicationRoleArn: string): PolicyStatement {
    return {
        Sid: "AllowReplicationRoleRead",
        Effect: "Allow",
        Principal: { AWS: accountRoot(roleAccount(replicationRoleArn, "replicationRoleArn")) },
        Action: [...REPLICATION_READ_ACTIONS],
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { ArnEquals: { "aws:PrincipalArn": replicationRoleArn } },
    };
}

/**
 * Without it, any identity of the backup account whose IAM policy grants s3:Replicate* could write
 * "replicas" the source never held. Principal "*" as in every Deny here, narrowed by aws:PrincipalArn
 * (compared, never resolved), so the role need not exist yet. ArnNotEquals is true when the key is absent
 * (service principals): denied too. No Allow is needed for the role: it is in the bucket's own account,
 * where its IAM policy (WriteReplicas) suffices for S3. A replica in another account would need one.
 */
export function replicationRoleOnly(bucketArn: string, replicationRoleArn: string): PolicyStatement {
    return {
        Sid: "DenyReplicationExceptReplicationRole",
        Effect: "Deny",
        Principal: "*",
        Action: [...REPLICATION_WRITE_ACTIONS],
        Resource: `${bucketArn}/*`,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": replicationRoleArn } },
    };
}
