/**
 * The policy of the bucket CMK (and of the replica's key): the source runner roles encrypt through S3;
 * nobody else outside the backup account uses it. The statements every key shares come first.
 */
import {
    checkKeyPolicyBaseArgs,
    denyCreateGrantExcept,
    KeyPolicyBaseArgs,
    keyPolicyBaseStatements,
} from "../common/key-policy-base";
import { PolicyDocument, policyDocument } from "../common/policy-document";
import { accountRoot, checkAccountIds, checkRolesInAccounts, unique } from "../common/principals";

export interface BackupKeyPolicyArgs extends KeyPolicyBaseArgs {
    readonly writerRoleArns: readonly string[];
    readonly sourceAccountIds: readonly string[];
    /** Service principals that use the key directly, e.g. "backup.amazonaws.com". Default: none. */
    readonly serviceUsers?: readonly string[];
}

/** The bucket CMK: the source runner roles encrypt through S3; nobody else outside the account uses it. */
export function buildBackupKeyPolicy(a: BackupKeyPolicyArgs): PolicyDocument {
    checkKeyPolicyBaseArgs(a);
    checkAccountIds(a.sourceAccountIds, "sourceAccountIds");
    checkRolesInAccounts(a.writerRoleArns, a.sourceAccountIds, "writerRoleArns", "sourceAccountIds");
    const statements = keyPolicyBaseStatements(a);
    // S3 never needs a grant for SSE-KMS or replication; AWS services creating one for an AWS resource stay
    // possible (no such service uses these keys today), direct grants stay with break-glass.
    statements.push(denyCreateGrantExcept({ roleArns: [a.breakGlassRoleArn], grantsForAwsResources: true }));
    if (a.writerRoleArns.length > 0) {
        const writers = {
            Principal: { AWS: unique(a.sourceAccountIds).map(accountRoot) },
            Resource: "*",
        } as const;
        statements.push(
            {
                // kms:Decrypt is needed to write, not just to read: S3 decrypts the parts' data keys to
                // complete an SSE-KMS multipart upload (S3 User Guide, "Multipart upload and permissions").
                // The runner's read-back of the stored object needs it too. Only through S3, so the role
                // cannot decrypt arbitrary ciphertexts by calling KMS itself.
                Sid: "AllowWriterRolesUseViaS3",
                Effect: "Allow",
                ...writers,
                Action: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"],
                Condition: {
                    ArnLike: { "aws:PrincipalArn": [...a.writerRoleArns] },
                    StringLike: { "kms:ViaService": "s3.*.amazonaws.com" },
                },
            },
            {
                Sid: "AllowWriterRolesDescribeKey",
                Effect: "Allow",
                ...writers,
                Action: "kms:DescribeKey",
                Condition: { ArnLike: { "aws:PrincipalArn": [...a.writerRoleArns] } },
            },
        );
    }
    const services = a.serviceUsers ?? [];
    if (services.length > 0) {
        statements.push({
            // aws:SourceAccount: the service may use the key only for our own resources (confused deputy).
            Sid: "AllowServiceUse",
            Effect: "Allow",
            Principal: { Service: [...services] },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt", "kms:DescribeKey"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": a.accountId } },
        });
    }
    return policyDocument(statements);
}
