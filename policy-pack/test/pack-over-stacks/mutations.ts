/**
 * The table of mutations the whole pack must catch on the previewed stacks:
 * each names the policies that must report it (and no other) and a fragment
 * of the expected message. Targets are chosen by bucket role, the bucket a
 * setting configures or the component's child-name suffix, never by full name.
 */
import { T } from "../../lib/types";
import { awsManagedKeyAlias, backupStack, childOf, COMPONENT, StackName } from "../fixtures";
import { Props, Records } from "./records";
import { TAMPER_MUTATIONS } from "./tamper-mutations";
import { SNAPSHOT_MUTATIONS } from "./snapshot-mutations";
import { AUDIT_MUTATIONS } from "./audit-mutations";

const sseDefault = (props: Props) => (props.rules as Props[])[0].applyServerSideEncryptionByDefault as Props;
export const retention = (props: Props) => (props.rule as Props).defaultRetention as Props;
const OTHER_KEY = "arn:aws:kms:ap-southeast-4:999999999999:key/ffffffff-0000-4000-8000-000000000000";

export interface Mutation {
    readonly title: string;
    readonly stack: StackName;
    readonly apply: (s: Records) => unknown | Promise<unknown>;
    /** The policies that must report it (mandatory), and nothing else. */
    readonly policies: readonly string[];
    /** A fragment of the expected message. */
    readonly says: string;
}

export const MUTATIONS: readonly Mutation[] = [
    {
        title: "Object Lock in GOVERNANCE mode",
        stack: "prod-backup",
        apply: (s) => s.edit(T.objectLock, (p) => (retention(p).mode = "GOVERNANCE"), s.backups()),
        policies: ["backup-bucket-object-lock"],
        says: 'must be in COMPLIANCE mode (got "GOVERNANCE")',
    },
    {
        title: "Object Lock retention below the minimum",
        stack: "prod-backup",
        apply: (s) => s.edit(T.objectLock, (p) => (retention(p).days = 7), s.of("primary")),
        policies: ["backup-bucket-object-lock"],
        says: "must be at least 30 days (got 7)",
    },
    {
        title: "backup bucket without Object Lock",
        stack: "prod-backup",
        apply: (s) => s.edit(T.bucket, (p) => (p.objectLockEnabled = false), s.of("primary")),
        policies: ["backup-bucket-object-lock"],
        says: "must set `objectLockEnabled: true`",
    },
    {
        title: "lock configuration missing",
        stack: "prod-backup",
        apply: (s) => s.remove(T.objectLock, s.of("primary")),
        policies: ["backup-bucket-object-lock"],
        says: "must have a BucketObjectLockConfiguration",
    },
    {
        title: "AES256 default encryption",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(
                T.encryption,
                (p) => {
                    sseDefault(p).sseAlgorithm = "AES256";
                    delete sseDefault(p).kmsMasterKeyId;
                },
                s.backups(),
            ),
        policies: ["backup-bucket-kms-encryption"],
        says: 'must be SSE-KMS ("aws:kms"), not "AES256"',
    },
    {
        title: "the AWS managed aws/s3 key",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(T.encryption, (p) => (sseDefault(p).kmsMasterKeyId = "alias/aws/s3"), s.of("primary")),
        // The bucket policy still names the CMK, so it no longer matches the bucket's key either.
        policies: ["backup-bucket-kms-encryption", "backup-bucket-policy-guardrails"],
        says: 'must use a customer-managed KMS key, not "alias/aws/s3"',
    },
    {
        title: "S3 Bucket Keys off",
        stack: "prod-backup",
        apply: (s) => s.edit(T.encryption, (p) => ((p.rules as Props[])[0].bucketKeyEnabled = false)),
        policies: ["backup-bucket-kms-encryption"],
        says: "must set `bucketKeyEnabled: true`",
    },
    {
        title: "versioning suspended",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(
                T.versioning,
                (p) => (p.versioningConfiguration = { status: "Suspended" }),
                s.of("primary"),
            ),
        policies: ["backup-bucket-versioning"],
        says: 'must be "Enabled" (got "Suspended")',
    },
    {
        title: "public access unblocked",
        stack: "prod-backup",
        apply: (s) => s.edit(T.publicAccessBlock, (p) => (p.blockPublicPolicy = false), s.of("primary")),
        policies: ["backup-bucket-public-access-block"],
        says: "must set `blockPublicPolicy: true`",
    },
    {
        title: "ACLs enabled (ObjectWriter)",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(
                T.ownershipControls,
                (p) => (p.rule = { objectOwnership: "ObjectWriter" }),
                s.of("primary"),
            ),
        policies: ["backup-bucket-ownership-enforced"],
        says: 'must be "BucketOwnerEnforced" (got "ObjectWriter")',
    },
    {
        title: "forceDestroy on the backup bucket",
        stack: "prod-backup",
        apply: (s) => s.edit(T.bucket, (p) => (p.forceDestroy = true), s.of("primary")),
        policies: ["backup-bucket-no-force-destroy"],
        says: "must not set `forceDestroy: true`",
    },
    {
        title: "bucket policy without the TLS deny",
        stack: "prod-backup",
        apply: (s) =>
            s.editPolicy(
                T.bucketPolicy,
                (d) => (d.Statement = d.Statement.filter((st) => st.Sid !== "DenyInsecureTransport")),
                s.of("primary"),
            ),
        policies: ["backup-bucket-policy-guardrails"],
        says: 'must deny "s3:*" to everyone when "aws:SecureTransport" is "false"',
    },
    {
        title: "bucket policy without the non-KMS deny",
        stack: "prod-backup",
        apply: (s) =>
            s.editPolicy(
                T.bucketPolicy,
                (d) => (d.Statement = d.Statement.filter((st) => st.Sid !== "DenyNonKmsEncryptionHeader")),
                s.of("primary"),
            ),
        policies: ["backup-bucket-policy-guardrails"],
        says: 'when "s3:x-amz-server-side-encryption" is not "aws:kms"',
    },
    {
        title: "bucket policy naming the wrong KMS key",
        stack: "prod-backup",
        apply: (s) =>
            s.editPolicy(
                T.bucketPolicy,
                (d) => {
                    const st = d.Statement.find((x) => x.Sid === "DenyOtherKmsKey")!;
                    ((st.Condition as Props).StringNotEquals as Props)[
                        "s3:x-amz-server-side-encryption-aws-kms-key-id"
                    ] = OTHER_KEY;
                },
                s.of("primary"),
            ),
        policies: ["backup-bucket-policy-guardrails"],
        says: `(it allows "${OTHER_KEY}")`,
    },
    {
        title: "replication skipping SSE-KMS objects",
        stack: "prod-backup",
        apply: (s) => s.edit(T.replication, (p) => delete (p.rules as Props[])[0].sourceSelectionCriteria),
        policies: ["backup-bucket-replication"],
        says: '`sourceSelectionCriteria.sseKmsEncryptedObjects.status: "Enabled"`',
    },
    {
        title: "KMS key rotation off",
        stack: "prod-backup",
        apply: (s) => s.edit(T.kmsKey, (p) => (p.enableKeyRotation = false)),
        policies: ["backup-kms-key-protection"],
        says: "must set `enableKeyRotation: true`",
    },
    {
        title: "KMS deletion window of 7 days",
        stack: "prod-backup",
        apply: (s) => s.edit(T.kmsKey, (p) => (p.deletionWindowInDays = 7)),
        policies: ["backup-kms-key-protection"],
        says: "must set `deletionWindowInDays` to at least 30 (got 7)",
    },
    {
        title: "vault encrypted with the AWS managed key",
        stack: "prod-backup",
        apply: (s) => s.edit(T.vault, (p) => (p.kmsKeyArn = awsManagedKeyAlias("backup"))),
        policies: ["backup-vault-kms-encryption"],
        says: `must use a customer-managed KMS key, not "${awsManagedKeyAlias("backup")}"`,
    },
    {
        title: "vault lock missing",
        stack: "prod-backup",
        apply: (s) => s.remove(T.vaultLock),
        policies: ["backup-vault-lock-compliance"],
        says: "must have a VaultLockConfiguration",
    },
    {
        title: "vault lock without changeableForDays (governance mode)",
        stack: "prod-backup",
        apply: (s) => s.edit(T.vaultLock, (p) => delete p.changeableForDays),
        policies: ["backup-vault-lock-compliance"],
        says: "must set `changeableForDays` (without it the lock is in governance mode and can be removed)",
    },
    {
        title: "vault lock minimum retention below the minimum",
        stack: "prod-backup",
        apply: (s) => s.edit(T.vaultLock, (p) => (p.minRetentionDays = 7)),
        policies: ["backup-vault-lock-compliance"],
        says: "must set `minRetentionDays` to at least 30 (got 7)",
    },
    {
        title: "vault policy that does not deny deletion",
        stack: "prod-backup",
        apply: (s) =>
            s.editPolicy(
                T.vaultPolicy,
                (d) => (d.Statement = d.Statement.filter((st) => st.Effect !== "Deny")),
            ),
        policies: ["backup-vault-policy-denies-deletion"],
        says: "must deny backup:DeleteRecoveryPoint to every principal",
    },
    {
        title: "wildcard IAM on the runner role",
        stack: "prod-source",
        apply: (s) =>
            s.editPolicy(
                T.rolePolicy,
                (d) => d.Statement.push({ Effect: "Allow", Action: "*", Resource: "*" }),
                s.is((specs) => childOf(specs, COMPONENT.runner, "-role-policy")),
            ),
        policies: ["backup-writer-iam-least-privilege"],
        says: 'must not be granted "*"',
    },
    {
        title: "runner role allowed to delete object versions",
        stack: "prod-source",
        apply: (s) =>
            s.editPolicy(
                T.rolePolicy,
                (d) => d.Statement.push({ Effect: "Allow", Action: "s3:DeleteObjectVersion", Resource: "*" }),
                s.is((specs) => childOf(specs, COMPONENT.runner, "-role-policy")),
            ),
        policies: ["backup-writer-iam-least-privilege"],
        says: "must not be granted s3:DeleteObject* (RolePolicy",
    },
    {
        title: "runner log group kept 7 days",
        stack: "prod-source",
        apply: (s) => s.edit(T.logGroup, (p) => (p.retentionInDays = 7)),
        policies: ["backup-log-group-retention"],
        says: "must keep logs at least 90 days (`retentionInDays` is 7)",
    },
    {
        title: "an added backup plan whose copy into the vault is kept 7 days",
        stack: "prod-source",
        apply: async (s) => {
            const vault = childOf(await backupStack(), COMPONENT.vault, "-vault");
            s.add({
                type: T.plan,
                name: "added-rds-snapshots",
                custom: true,
                urn: "urn:pulumi:prod-source::strongbox::aws:backup/plan:Plan::added-rds-snapshots",
                aliasUrns: [],
                protect: false,
                inputs: {
                    rules: [
                        {
                            ruleName: "daily",
                            targetVaultName: "Default",
                            lifecycle: { deleteAfter: 35 },
                            copyActions: [
                                { destinationVaultArn: vault.props.arn, lifecycle: { deleteAfter: 7 } },
                            ],
                        },
                    ],
                },
                state: {},
            });
        },
        policies: ["backup-plan-retention"],
        says: "must keep recovery points at least 30 days (`deleteAfter` is 7)",
    },
    ...TAMPER_MUTATIONS,
    ...SNAPSHOT_MUTATIONS,
    ...AUDIT_MUTATIONS,
];
