/**
 * Pulumi type tokens of the resources the pack reads. The pack is published on
 * its own with only @pulumi/policy as a dependency, so it names types by token
 * instead of importing @pulumi/aws classes; a test checks each token against
 * the class's `__pulumiType` in the installed @pulumi/aws.
 */
export const T = {
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    objectLock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    objectLockV2: "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    encryptionV2:
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    versioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    lifecycleV2: "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
    replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    kmsKey: "aws:kms/key:Key",
    vault: "aws:backup/vault:Vault",
    vaultLock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
    vaultPolicy: "aws:backup/vaultPolicy:VaultPolicy",
    airGappedVault: "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault",
    plan: "aws:backup/plan:Plan",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    iamPolicy: "aws:iam/policy:Policy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    framework: "aws:backup/framework:Framework",
    reportPlan: "aws:backup/reportPlan:ReportPlan",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;

/**
 * A stack's read of another stack's outputs (`new pulumi.StackReference`): not an @pulumi/aws class, so
 * not in `T`; a test checks it against @pulumi/pulumi.
 */
export const STACK_REFERENCE = "pulumi:pulumi:StackReference";

export const BUCKET_TYPES: readonly string[] = [T.bucket, T.bucketV2];
export const OBJECT_LOCK_TYPES: readonly string[] = [T.objectLock, T.objectLockV2];
export const ENCRYPTION_TYPES: readonly string[] = [T.encryption, T.encryptionV2];
export const VERSIONING_TYPES: readonly string[] = [T.versioning, T.versioningV2];
export const LIFECYCLE_TYPES: readonly string[] = [T.lifecycle, T.lifecycleV2];
