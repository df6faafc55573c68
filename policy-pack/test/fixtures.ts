/**
 * Hand-built stacks that mirror what Strongbox declares (components/locked-bucket.ts,
 * immutable-backup-bucket.ts, replica-bucket.ts; the source stack's runner), with
 * the values a completed preview would show. Every policy passes on them; tests
 * mutate a clone to make one rule fail.
 */
import { T } from "../lib/types";
import { Spec } from "./helpers";

export const BACKUP_ACCOUNT = "111111111111";
export const SOURCE_ACCOUNT = "222222222222";
export const BUCKET = "acme-strongbox-prod-pg-backups";
export const REPLICA_BUCKET = `${BUCKET}-replica`;
export const KEY_ARN = `arn:aws:kms:ap-southeast-4:${BACKUP_ACCOUNT}:key/00000000-0000-4000-8000-00000000000a`;
export const REPLICA_KEY_ARN = `arn:aws:kms:ap-southeast-2:${BACKUP_ACCOUNT}:key/00000000-0000-4000-8000-00000000000b`;
export const VAULT_KEY_ARN = `arn:aws:kms:ap-southeast-4:${BACKUP_ACCOUNT}:key/00000000-0000-4000-8000-00000000000c`;
export const VAULT = "strongbox-prod-vault";
export const VAULT_ARN = `arn:aws:backup:ap-southeast-4:${BACKUP_ACCOUNT}:backup-vault:${VAULT}`;
export const RUNNER_ROLE = "strongbox-pgdump-runner-prod";
export const RUNNER_ROLE_ARN = `arn:aws:iam::${SOURCE_ACCOUNT}:role/${RUNNER_ROLE}`;

const TAGS = { owner: "platform", "data-classification": "backups" };

/** The backup bucket policy as components/policies/bucket-policy.ts renders it (the statements that matter here). */
export function bucketPolicyJson(bucketArn: string, keyArn: string): string {
    const objects = `${bucketArn}/*`;
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, objects],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
                Sid: "DenyNonKmsEncryptionHeader",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: objects,
                Condition: {
                    Null: { "s3:x-amz-server-side-encryption": "false" },
                    StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
                },
            },
            {
                Sid: "DenyOtherKmsKey",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: objects,
                Condition: {
                    Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
                    StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn },
                },
            },
            {
                Sid: "AllowSourceWriters",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:root` },
                Action: ["s3:PutObject", "s3:GetObject"],
                Resource: `${bucketArn}/layer3/*`,
                Condition: { ArnEquals: { "aws:PrincipalArn": RUNNER_ROLE_ARN } },
            },
        ],
    });
}

/** A key as components/backup-key.ts declares it. */
export function keySpecs(prefix: string, arn: string, parent: string): Spec[] {
    return [
        {
            type: T.kmsKey,
            name: `${prefix}-key`,
            parent,
            props: {
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                arn,
                keyId: arn.split("/").pop(),
                id: arn.split("/").pop(),
            },
        },
    ];
}

/** The seven resources of components/locked-bucket.ts plus the bucket's policy, as children of `parent`. */
export function lockedBucketSpecs(
    prefix: string,
    bucketName: string,
    keyName: string,
    keyArn: string,
    parent: string,
    role: string,
): Spec[] {
    const bucket = `${prefix}-bucket`;
    const bucketArn = `arn:aws:s3:::${bucketName}`;
    const onBucket = (name: string, props: Record<string, unknown>, extra: Partial<Spec> = {}): Spec => ({
        type: "",
        name: `${prefix}-${name}`,
        parent,
        props: { bucket: bucketName, ...props },
        propertyDependencies: { bucket: [bucket] },
        ...extra,
    });
    return [
        {
            type: T.bucket,
            name: bucket,
            parent,
            protect: true,
            props: {
                bucket: bucketName,
                objectLockEnabled: true,
                tags: { ...TAGS, "strongbox:backup-bucket": "true", "strongbox:bucket-role": role },
                id: bucketName,
                arn: bucketArn,
            },
        },
        { ...onBucket("versioning", { versioningConfiguration: { status: "Enabled" } }), type: T.versioning },
        {
            ...onBucket("object-lock", {
                objectLockEnabled: "Enabled",
                rule: { defaultRetention: { mode: "COMPLIANCE", days: 35 } },
            }),
            type: T.objectLock,
            dependsOn: [`${prefix}-versioning`],
        },
        {
            ...onBucket("encryption", {
                rules: [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: keyArn,
                        },
                        bucketKeyEnabled: true,
                    },
                ],
            }),
            type: T.encryption,
            propertyDependencies: { bucket: [bucket], rules: [keyName] },
        },
        {
            ...onBucket("public-access-block", {
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            }),
            type: T.publicAccessBlock,
        },
        {
            ...onBucket("ownership", { rule: { objectOwnership: "BucketOwnerEnforced" } }),
            type: T.ownershipControls,
        },
        {
            ...onBucket("policy", { policy: bucketPolicyJson(bucketArn, keyArn) }),
            type: T.bucketPolicy,
            dependsOn: [`${prefix}-public-access-block`],
        },
    ];
}

/** prod-backup: CMK, primary and replica locked buckets, replication, access-log bucket, cross-account vault. */
export function backupStack(): Spec[] {
    const component = (type: string, name: string, parent?: string): Spec => ({
        type,
        name,
        parent,
        props: {},
    });
    return [
        component("pulumi:pulumi:Stack", "strongbox-prod-backup"),
        component("strongbox:storage:ImmutableBackupBucket", "backup", "strongbox-prod-backup"),
        ...keySpecs("backup", KEY_ARN, "backup"),
        ...lockedBucketSpecs("backup", BUCKET, "backup-key", KEY_ARN, "backup", "primary"),
        component("strongbox:storage:ReplicaBucket", "backup-replica", "backup"),
        ...keySpecs("backup-replica", REPLICA_KEY_ARN, "backup-replica"),
        ...lockedBucketSpecs(
            "backup-replica",
            REPLICA_BUCKET,
            "backup-replica-key",
            REPLICA_KEY_ARN,
            "backup-replica",
            "replica",
        ),
        {
            type: T.role,
            name: "backup-replica-role",
            parent: "backup-replica",
            props: {
                name: "backup-replica-role-1234567",
                id: "backup-replica-role-1234567",
                arn: `arn:aws:iam::${BACKUP_ACCOUNT}:role/backup-replica-role-1234567`,
            },
        },
        {
            type: T.rolePolicy,
            name: "backup-replica-role-policy",
            parent: "backup-replica",
            propertyDependencies: { role: ["backup-replica-role"] },
            props: {
                role: "backup-replica-role-1234567",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
                            Resource: `arn:aws:s3:::${BUCKET}`,
                        },
                        {
                            Effect: "Allow",
                            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectRetention"],
                            Resource: `arn:aws:s3:::${BUCKET}/*`,
                        },
                        {
                            Effect: "Allow",
                            Action: ["s3:ReplicateObject", "s3:ReplicateTags"],
                            Resource: `arn:aws:s3:::${REPLICA_BUCKET}/*`,
                        },
                        { Effect: "Allow", Action: ["kms:Decrypt"], Resource: KEY_ARN },
                        {
                            Effect: "Allow",
                            Action: ["kms:Encrypt", "kms:GenerateDataKey"],
                            Resource: REPLICA_KEY_ARN,
                        },
                    ],
                }),
            },
        },
        {
            type: T.replication,
            name: "backup-replica-replication",
            parent: "backup-replica",
            propertyDependencies: {
                bucket: ["backup-bucket"],
                role: ["backup-replica-role"],
                rules: ["backup-replica-bucket", "backup-replica-key"],
            },
            props: {
                bucket: BUCKET,
                role: `arn:aws:iam::${BACKUP_ACCOUNT}:role/backup-replica-role-1234567`,
                rules: [
                    {
                        id: "replicate-backups",
                        status: "Enabled",
                        deleteMarkerReplication: { status: "Disabled" },
                        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                        destination: {
                            bucket: `arn:aws:s3:::${REPLICA_BUCKET}`,
                            encryptionConfiguration: { replicaKmsKeyId: REPLICA_KEY_ARN },
                        },
                    },
                ],
            },
        },
        component("strongbox:storage:AccessLogBucket", "backup-access-logs", "backup"),
        {
            type: T.bucket,
            name: "backup-access-logs-bucket",
            parent: "backup-access-logs",
            // Not a backup bucket: no lock, SSE-S3 (S3 server access logging requires it).
            props: {
                bucket: `${BUCKET}-access-logs`,
                tags: { ...TAGS, "strongbox:backup-bucket": "false", "strongbox:bucket-role": "access-logs" },
                id: `${BUCKET}-access-logs`,
            },
        },
        component("strongbox:backup:CrossAccountVault", "vault", "strongbox-prod-backup"),
        ...keySpecs("vault", VAULT_KEY_ARN, "vault"),
        {
            type: T.vault,
            name: "vault-vault",
            parent: "vault",
            propertyDependencies: { kmsKeyArn: ["vault-key"] },
            props: { name: VAULT, id: VAULT, kmsKeyArn: VAULT_KEY_ARN, arn: VAULT_ARN },
        },
        {
            type: T.vaultLock,
            name: "vault-lock",
            parent: "vault",
            propertyDependencies: { backupVaultName: ["vault-vault"] },
            props: {
                backupVaultName: VAULT,
                changeableForDays: 3,
                minRetentionDays: 35,
                maxRetentionDays: 400,
            },
        },
        {
            type: T.vaultPolicy,
            name: "vault-policy",
            parent: "vault",
            propertyDependencies: { backupVaultName: ["vault-vault"] },
            props: {
                backupVaultName: VAULT,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "AllowCopyFromSourceAccounts",
                            Effect: "Allow",
                            Principal: { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:root` },
                            Action: "backup:CopyIntoBackupVault",
                            Resource: "*",
                        },
                        {
                            Sid: "DenyRecoveryPointDeletion",
                            Effect: "Deny",
                            Principal: { AWS: "*" },
                            Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"],
                            Resource: "*",
                        },
                    ],
                }),
            },
        },
    ];
}

/** prod-source: a runner per database (role, policy, CodeBuild, logs, schedule, alarms) and the source backup plan. */
export function sourceStack(): Spec[] {
    const runnerPolicy = {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadSecret",
                Effect: "Allow",
                Action: "secretsmanager:GetSecretValue",
                Resource: "arn:aws:secretsmanager:us-east-1:222222222222:secret:rds!cluster-appdb-AbCdEf",
            },
            {
                Sid: "UseBackupKey",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Encrypt"],
                Resource: KEY_ARN,
            },
            {
                Sid: "WriteDumps",
                Effect: "Allow",
                Action: ["s3:PutObject", "s3:PutObjectRetention", "s3:GetObject", "s3:AbortMultipartUpload"],
                Resource: `arn:aws:s3:::${BUCKET}/layer3/appdb/*`,
            },
            {
                Sid: "Logs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: "*",
            },
        ],
    };
    return [
        { type: "pulumi:pulumi:Stack", name: "strongbox-prod-source", props: {} },
        { type: "strongbox:runner:PgDumpRunner", name: "appdb", parent: "strongbox-prod-source", props: {} },
        {
            type: T.role,
            name: "appdb-role",
            parent: "appdb",
            props: { name: RUNNER_ROLE, id: RUNNER_ROLE, arn: RUNNER_ROLE_ARN, assumeRolePolicy: "{}" },
        },
        {
            type: T.rolePolicy,
            name: "appdb-role-policy",
            parent: "appdb",
            propertyDependencies: { role: ["appdb-role"] },
            props: { role: RUNNER_ROLE, policy: JSON.stringify(runnerPolicy) },
        },
        {
            type: T.logGroup,
            name: "appdb-logs",
            parent: "appdb",
            props: { name: "/strongbox/pgdump/appdb", retentionInDays: 90 },
        },
        {
            type: "aws:codebuild/project:Project",
            name: "appdb-project",
            parent: "appdb",
            props: { name: "strongbox-pgdump-appdb" },
        },
        {
            type: "aws:scheduler/schedule:Schedule",
            name: "appdb-schedule",
            parent: "appdb",
            props: { scheduleExpression: "cron(30 1 * * ? *)" },
        },
        {
            type: "aws:sns/topic:Topic",
            name: "appdb-failures",
            parent: "appdb",
            props: { name: "strongbox-pgdump-failures" },
        },
        {
            type: T.plan,
            name: "source-plan",
            parent: "strongbox-prod-source",
            props: {
                name: "strongbox-rds-snapshots",
                rules: [
                    {
                        ruleName: "daily",
                        targetVaultName: "Default",
                        schedule: "cron(0 3 * * ? *)",
                        lifecycle: { deleteAfter: 35 },
                        copyActions: [{ destinationVaultArn: VAULT_ARN, lifecycle: { deleteAfter: 35 } }],
                    },
                    {
                        ruleName: "monthly",
                        targetVaultName: "Default",
                        schedule: "cron(0 4 1 * ? *)",
                        lifecycle: { coldStorageAfter: 30, deleteAfter: 365 },
                        copyActions: [
                            {
                                destinationVaultArn: VAULT_ARN,
                                lifecycle: { coldStorageAfter: 30, deleteAfter: 365 },
                            },
                        ],
                    },
                ],
            },
        },
    ];
}

/** The spec named `name` (tests mutate its props). */
export function find(specs: Spec[], name: string): Spec {
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw new Error(`no fixture resource "${name}"`);
    return spec;
}

/** The specs without `names`, and without any reference to them (as if never declared). */
export function without(specs: Spec[], ...names: string[]): Spec[] {
    return specs
        .filter((s) => !names.includes(s.name))
        .map((s) => ({
            ...s,
            dependsOn: s.dependsOn?.filter((d) => !names.includes(d)),
            propertyDependencies: s.propertyDependencies
                ? Object.fromEntries(
                      Object.entries(s.propertyDependencies).map(([k, v]) => [
                          k,
                          v.filter((d) => !names.includes(d)),
                      ]),
                  )
                : undefined,
        }));
}
