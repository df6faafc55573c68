/**
 * Every policy of the pack, in the order reports list them. Tests import this
 * (never the pack's `index.ts`, whose `new PolicyPack` starts the analyzer server).
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { backupAlarmActions } from "./backup-alarm-actions";
import { backupAuditFramework } from "./backup-audit-framework";
import { backupAuditReportBucket } from "./backup-audit-report-bucket";
import { backupBucketConditionalWrites } from "./backup-bucket-conditional-writes";
import { backupBucketExpiryAfterLock } from "./backup-bucket-expiry-after-lock";
import { backupBucketKmsEncryption } from "./backup-bucket-kms-encryption";
import { backupBucketNoForceDestroy } from "./backup-bucket-no-force-destroy";
import { backupBucketObjectLock } from "./backup-bucket-object-lock";
import { backupBucketOwnershipEnforced } from "./backup-bucket-ownership-enforced";
import { backupBucketPolicyGuardrails } from "./backup-bucket-policy-guardrails";
import { backupBucketPublicAccessBlock } from "./backup-bucket-public-access-block";
import { backupBucketReplication } from "./backup-bucket-replication";
import { backupBucketSseCBlocked } from "./backup-bucket-sse-c-blocked";
import { backupBucketVersioning } from "./backup-bucket-versioning";
import { backupBucketWriterConfinement } from "./backup-bucket-writer-confinement";
import { backupCopyWithinVaultLock } from "./backup-copy-within-vault-lock";
import { backupKmsKeyProtection } from "./backup-kms-key-protection";
import { backupLogGroupRetention } from "./backup-log-group-retention";
import { backupPlanRetention } from "./backup-plan-retention";
import { backupVaultKmsEncryption } from "./backup-vault-kms-encryption";
import { backupVaultLockCompliance } from "./backup-vault-lock-compliance";
import { backupVaultPolicyDeniesDeletion } from "./backup-vault-policy-denies-deletion";
import { backupWriterIamLeastPrivilege } from "./backup-writer-iam-least-privilege";

export const allPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    backupBucketObjectLock,
    backupBucketKmsEncryption,
    backupBucketVersioning,
    backupBucketPublicAccessBlock,
    backupBucketOwnershipEnforced,
    backupBucketNoForceDestroy,
    backupBucketPolicyGuardrails,
    backupBucketConditionalWrites,
    backupBucketSseCBlocked,
    backupBucketWriterConfinement,
    backupBucketExpiryAfterLock,
    backupBucketReplication,
    backupKmsKeyProtection,
    backupVaultKmsEncryption,
    backupVaultLockCompliance,
    backupVaultPolicyDeniesDeletion,
    backupPlanRetention,
    backupCopyWithinVaultLock,
    backupWriterIamLeastPrivilege,
    backupLogGroupRetention,
    backupAuditFramework,
    backupAuditReportBucket,
    backupAlarmActions,
];
