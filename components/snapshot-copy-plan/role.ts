/**
 * The role AWS Backup assumes to take the snapshots and start the copies. It carries AWS's managed
 * `AWSBackupServiceRolePolicyForBackup` rather than a hand-written least-privilege copy: that policy is
 * what AWS Backup's own default role uses, AWS revises it as the services behind it change (RDS
 * snapshot, copy and tag actions, the KMS grants for AWS resources, `backup:CopyIntoBackupVault`), and a
 * stale hand copy fails at 02:00 rather than at preview. What it cannot do matters more: only
 * backup.amazonaws.com can assume the role, IAM refuses to pass a role to another account, and it gets
 * no restore permissions: `AWSBackupServiceRolePolicyForRestores` creates and deletes RDS instances,
 * which a scheduled job never needs (restores pass their own role; see the README).
 * The trust policy has no `aws:SourceAccount` condition: AWS does not document it for AWS Backup's
 * service roles, and a condition the service does not send would break every job.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, policyDocument } from "../common/policy-document";

export const BACKUP_SERVICE_PRINCIPAL = "backup.amazonaws.com";
export const BACKUP_MANAGED_POLICY =
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup";

export function backupRoleTrustPolicy(): PolicyDocument {
    return policyDocument([
        {
            Sid: "AwsBackupAssumes",
            Effect: "Allow",
            Principal: { Service: BACKUP_SERVICE_PRINCIPAL },
            Action: "sts:AssumeRole",
        },
    ]);
}

/** Declares `${name}-role` (named `roleName`) and `${name}-role-backup-policy`. */
export function declareBackupRole(
    name: string,
    s: { readonly roleName: string; readonly tags: Record<string, string> },
    parent: pulumi.Resource,
): aws.iam.Role {
    const role = new aws.iam.Role(
        `${name}-role`,
        {
            name: s.roleName,
            description: "Strongbox: AWS Backup takes RDS snapshots and copies them to the backup account",
            assumeRolePolicy: JSON.stringify(backupRoleTrustPolicy()),
            tags: s.tags,
        },
        { parent },
    );
    new aws.iam.RolePolicyAttachment(
        `${name}-role-backup-policy`,
        { role: role.name, policyArn: BACKUP_MANAGED_POLICY },
        { parent },
    );
    return role;
}
