/**
 * The report bucket's policy and its key's policy, as pure builders. AWS Backup Audit Manager writes reports as
 * its service-linked role `AWSServiceRoleForBackupReports` ("Creating report plans using the AWS Backup console":
 * the bucket must be in the report plan's account; the bucket policy allows that role s3:PutObject with
 * `s3:x-amz-acl` = `bucket-owner-full-control`; a customer managed key must let it kms:GenerateDataKey, and the
 * API guide adds kms:Decrypt). That role does not exist until the first report, and a policy naming a missing
 * role as Principal is refused ("Invalid principal", same page), so both policies name the account and narrow
 * with `aws:PrincipalArn`, as every Strongbox policy does.
 */
import {
    checkKeyPolicyBaseArgs,
    denyCreateGrantExcept,
    KeyPolicyBaseArgs,
    keyPolicyBaseStatements,
} from "../../common/key-policy-base";
import { PolicyDocument, policyDocument } from "../../common/policy-document";
import { accountRoot } from "../../common/principals";
import { configurationGuard } from "../../immutable-backup-bucket/bucket-policy/configuration-guard";
import { denyInsecureTransport } from "../../common/bucket-statements";

/** The role Audit Manager delivers reports as; AWS fixes its path and name. */
export function backupReportsServiceRole(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports`;
}

export interface ReportBucketPolicyArgs {
    readonly bucketArn: string;
    readonly accountId: string;
    readonly reportsRoleArn: string;
    /** May change the bucket's own configuration (the stack's deployers and break-glass). */
    readonly configurationRoleArns: readonly string[];
}

/** TLS only; only the reports role writes, and only with the owner-full-control ACL; nobody deletes. */
export function buildReportBucketPolicy(a: ReportBucketPolicyArgs): PolicyDocument {
    const objects = `${a.bucketArn}/*`;
    return policyDocument([
        denyInsecureTransport(a.bucketArn),
        {
            Sid: "DenyWritesExceptBackupReports",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:PutObject", "s3:PutObjectRetention", "s3:PutObjectLegalHold"],
            Resource: objects,
            Condition: { ArnNotEquals: { "aws:PrincipalArn": a.reportsRoleArn } },
        },
        {
            // Object Lock refuses deleting a locked version anyway; this also refuses delete markers that would
            // hide a report. Lifecycle expiry, after the lock, is not subject to bucket policies.
            Sid: "DenyObjectDeletion",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention"],
            Resource: objects,
        },
        configurationGuard(a.bucketArn, a.configurationRoleArns),
        {
            Sid: "AllowBackupReportsWrite",
            Effect: "Allow",
            Principal: { AWS: accountRoot(a.accountId) },
            Action: "s3:PutObject",
            Resource: objects,
            Condition: {
                ArnEquals: { "aws:PrincipalArn": a.reportsRoleArn },
                StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" },
            },
        },
    ]);
}

export interface ReportKeyPolicyArgs extends KeyPolicyBaseArgs {
    readonly reportsRoleArn: string;
}

/** The report key: every key's base statements, grants only for break-glass and AWS resources, and the reports role. */
export function buildReportKeyPolicy(a: ReportKeyPolicyArgs): PolicyDocument {
    checkKeyPolicyBaseArgs(a);
    return policyDocument([
        ...keyPolicyBaseStatements(a),
        denyCreateGrantExcept({ roleArns: [a.breakGlassRoleArn], grantsForAwsResources: true }),
        {
            Sid: "AllowBackupReportsEncrypt",
            Effect: "Allow",
            Principal: { AWS: accountRoot(a.accountId) },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
            Condition: { ArnEquals: { "aws:PrincipalArn": a.reportsRoleArn } },
        },
    ]);
}
