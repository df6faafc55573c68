/**
 * The bucket guards its own configuration. Lifecycle rules keep running on locked objects and can put a
 * delete marker over every dump; the policy, lock, versioning, replication, encryption, public-access block
 * and ownership settings each decide what the other statements mean. IAM in the backup account would
 * otherwise decide who may change them; this deny takes that away from everyone but the roles that deploy
 * the stack and break-glass.
 *
 * The account's root user keeps GetBucketPolicy, PutBucketPolicy and DeleteBucketPolicy whatever this says
 * (S3 API Reference, DeleteBucketPolicy: "the root principal in a bucket owner's AWS account can perform the
 * GetBucketPolicy, PutBucketPolicy, and DeleteBucketPolicy API actions, even if their bucket policy
 * explicitly denies the root principal's access"): the way back from a policy that locks the deployers out.
 */
import { PolicyStatement } from "../../common/policy-document";

/**
 * The IAM actions (Service Authorization Reference, Amazon S3) of every call that changes the bucket's own
 * configuration; each Delete* call of these settings is authorized by the Put* action named here.
 */
export const BUCKET_CONFIGURATION_ACTIONS: readonly string[] = [
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    // PutBucketLifecycleConfiguration and DeleteBucketLifecycle.
    "s3:PutLifecycleConfiguration",
    "s3:PutBucketObjectLockConfiguration",
    "s3:PutBucketVersioning",
    // PutBucketReplication and DeleteBucketReplication.
    "s3:PutReplicationConfiguration",
    // PutBucketEncryption and DeleteBucketEncryption (blockedEncryptionTypes included).
    "s3:PutEncryptionConfiguration",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutBucketOwnershipControls",
];

/**
 * `exemptRoleArns`: the deployers and break-glass, compared as whole ARNs. `ArnNotEquals` is true when the
 * request has no `aws:PrincipalArn` (a service principal): no service changes these settings for us.
 */
export function configurationGuard(bucketArn: string, exemptRoleArns: readonly string[]): PolicyStatement {
    return {
        Sid: "DenyBucketConfigurationChangesExceptDeployers",
        Effect: "Deny",
        Principal: "*",
        Action: [...BUCKET_CONFIGURATION_ACTIONS],
        Resource: bucketArn,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": [...exemptRoleArns] } },
    };
}
