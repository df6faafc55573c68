/**
 * The bucket CMK's rows (its replica key shares the builder): who uses it through S3, who may destroy it,
 * and who may hand out its use with a grant.
 */
import type { Row } from "../table";
import * as f from "../fixtures";

const { request: r } = f;
const grantFor = (grantee: string, forAwsResource?: string) => ({
    "kms:GranteePrincipal": grantee,
    ...(forAwsResource === undefined ? {} : { "kms:GrantIsForAWSResource": forAwsResource }),
});

export const bucketKeyRows: Row[] = [
    {
        policy: "bucketKey",
        request: r(f.WRITER, "kms:GenerateDataKey", f.KEY_ARN, f.viaS3),
        expected: "Allow",
        sid: "AllowWriterRolesUseViaS3",
        reason: "S3 asks for a data key on the writer's behalf",
    },
    {
        policy: "bucketKey",
        request: r(f.WRITER, "kms:Decrypt", f.KEY_ARN, f.viaS3),
        expected: "Allow",
        sid: "AllowWriterRolesUseViaS3",
        reason: "CompleteMultipartUpload and the read-back decrypt through S3",
    },
    {
        policy: "bucketKey",
        request: r(f.WRITER, "kms:Decrypt", f.KEY_ARN),
        expected: "ImplicitDeny",
        reason: "calling KMS directly: only through S3",
    },
    {
        policy: "bucketKey",
        request: r(f.SOURCE_OTHER_ROLE, "kms:GenerateDataKey", f.KEY_ARN, f.viaS3),
        expected: "ImplicitDeny",
        reason: "another role in the source account",
    },
    {
        policy: "bucketKey",
        request: r(f.WRITER, "kms:DescribeKey", f.KEY_ARN),
        expected: "Allow",
        sid: "AllowWriterRolesDescribeKey",
        reason: "the runner may check the key it was given",
    },
    {
        policy: "bucketKey",
        request: r(f.WRITER, "kms:ScheduleKeyDeletion", f.KEY_ARN),
        expected: "ExplicitDeny",
        sid: "DenyKeyDestructionExceptBreakGlass",
        reason: "writers cannot destroy the key",
    },
    {
        policy: "bucketKey",
        request: r(f.ADMIN, "kms:ScheduleKeyDeletion", f.KEY_ARN),
        expected: "ExplicitDeny",
        sid: "DenyKeyDestructionExceptBreakGlass",
        reason: "key admin schedules deletion",
    },
    {
        policy: "bucketKey",
        request: r(f.BREAK_GLASS, "kms:ScheduleKeyDeletion", f.KEY_ARN),
        expected: "Allow",
        sid: "EnableRootAccountDelegation",
        reason: "break-glass, through root delegation and its IAM policy (assumed)",
    },
    {
        policy: "bucketKey",
        request: r(f.ADMIN, "kms:PutKeyPolicy", f.KEY_ARN),
        expected: "ExplicitDeny",
        sid: "DenyKeyDestructionExceptBreakGlass",
        reason: "rewriting the policy would remove the deny first",
    },
    {
        policy: "bucketKey",
        request: r(f.ADMIN, "kms:DisableKey", f.KEY_ARN),
        expected: "ExplicitDeny",
        sid: "DenyKeyDestructionExceptBreakGlass",
        reason: "a disabled key makes every dump unreadable",
    },
    {
        policy: "bucketKey",
        request: r(f.ADMIN, "kms:CancelKeyDeletion", f.KEY_ARN),
        expected: "Allow",
        reason: "admins may still undo a deletion",
    },
    {
        policy: "bucketKey",
        request: r(`arn:aws:iam::${f.BACKUP}:root`, "kms:ScheduleKeyDeletion", f.KEY_ARN),
        expected: "ExplicitDeny",
        sid: "DenyKeyDestructionExceptBreakGlass",
        reason: "not even the backup account's root user",
    },
    {
        policy: "bucketKey",
        request: r(f.ADMIN, "kms:Decrypt", f.KEY_ARN),
        expected: "Allow",
        sid: "EnableRootAccountDelegation",
        reason: "backup-account identities decrypt only if their IAM policy says so (root delegation)",
    },
    {
        policy: "bucketKey",
        request: r(f.ADMIN, "kms:CreateGrant", f.KEY_ARN, grantFor(f.STRANGER_SAME_NAME)),
        expected: "ExplicitDeny",
        sid: "DenyCreateGrantExceptExempt",
        reason: "a key admin granting a foreign role use of the key: no key-policy review would see it",
    },
    {
        policy: "bucketKey",
        request: r(f.VERIFIER, "kms:CreateGrant", f.KEY_ARN, grantFor(f.VERIFIER, "false")),
        expected: "ExplicitDeny",
        sid: "DenyCreateGrantExceptExempt",
        reason: "any backup-account IAM admin (root delegation) granting itself Decrypt, key present and false",
    },
    {
        policy: "bucketKey",
        request: r(`arn:aws:iam::${f.BACKUP}:root`, "kms:CreateGrant", f.KEY_ARN, grantFor(f.ADMIN)),
        expected: "ExplicitDeny",
        sid: "DenyCreateGrantExceptExempt",
        reason: "not the account root either",
    },
    {
        policy: "bucketKey",
        request: r(f.ADMIN, "kms:CreateGrant", f.KEY_ARN, grantFor(f.ADMIN, "true")),
        expected: "Allow",
        sid: "EnableRootAccountDelegation",
        reason: "a grant an AWS service creates for an AWS resource on the caller's behalf stays possible",
    },
    {
        policy: "bucketKey",
        request: r(f.BREAK_GLASS, "kms:CreateGrant", f.KEY_ARN, grantFor(f.ADMIN)),
        expected: "Allow",
        sid: "EnableRootAccountDelegation",
        reason: "break-glass may grant (its IAM policy assumed)",
    },
    {
        policy: "bucketKey",
        request: r(f.ADMIN, "kms:CreateAlias", f.KEY_ARN),
        expected: "Allow",
        sid: "AllowKeyAdministration",
        reason: "key admins keep the one Create* action that acts on a key",
    },
    {
        policy: "replicaKey",
        request: r(f.ADMIN, "kms:CreateGrant", f.REPLICA_KEY_ARN, grantFor(f.STRANGER_SAME_NAME)),
        expected: "ExplicitDeny",
        sid: "DenyCreateGrantExceptExempt",
        reason: "the replica key is guarded the same way",
    },
    {
        policy: "replicaKey",
        request: r(f.REPLICATION_ROLE, "kms:Decrypt", f.REPLICA_KEY_ARN, f.viaS3InReplicaRegion),
        expected: "Allow",
        sid: "EnableRootAccountDelegation",
        reason: "S3 checks the replica's bucket key with the replication role's kms:Decrypt (its IAM policy: replication.ts)",
    },
];
