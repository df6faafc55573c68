/**
 * The meaning of the vaults' self-guards and the sensitive key's grant deny (issue 8, finding 6, vault
 * part): who may rewrite a vault's access policy or lock, and who may create grants on the sensitive
 * vault's key. Evaluated with the rest of the table by policy-meaning.test.ts, against the policies the
 * prod-backup stack renders.
 */
import type { Row } from "./table";
import * as f from "./fixtures";

const r = f.request;
const DEPLOYER = (f.cfg.backup.deployerRoleArns ?? [])[0];
if (DEPLOYER === undefined) throw new Error("Pulumi.prod-backup.yaml must name a deployer for these rows");
/** A role whose ARN starts with the deployer's: the exemption must compare whole ARNs. */
const DEPLOYER_LOOKALIKE = `${DEPLOYER}-copy`;
const ROOT = `arn:aws:iam::${f.BACKUP}:root`;
const GUARD = "DenyVaultPolicyAndLockChangesExceptDeployers";
const GRANTS = "DenyGrantsExceptBreakGlassAndBackup";
const IAM = "(same-account IAM policy)";

const vaults = [
    ["vault", f.VAULT_ARN],
    ["sensitiveVault", f.SENSITIVE_VAULT_ARN],
] as const;

const policyChanges: Row[] = vaults.flatMap(([policy, vaultArn]): Row[] => [
    {
        policy,
        request: r(f.ADMIN, "backup:PutBackupVaultAccessPolicy", vaultArn),
        expected: "ExplicitDeny",
        sid: GUARD,
        reason: "an admin cannot rewrite the vault policy (to drop its denies or let another account in)",
    },
    {
        policy,
        request: r(DEPLOYER, "backup:PutBackupVaultAccessPolicy", vaultArn),
        expected: "Allow",
        sid: IAM,
        reason: "a deployer can (its IAM policy assumed): `pulumi up` keeps working",
    },
    {
        policy,
        request: r(f.ADMIN, "backup:DeleteBackupVaultAccessPolicy", vaultArn),
        expected: "ExplicitDeny",
        sid: GUARD,
        reason: "nor delete it, which would drop every deny at once",
    },
    {
        policy,
        request: r(f.ADMIN, "backup:DeleteBackupVaultLockConfiguration", vaultArn),
        expected: "ExplicitDeny",
        sid: GUARD,
        reason: "nor remove the lock during its cooling-off days",
    },
    {
        policy,
        request: r(DEPLOYER_LOOKALIKE, "backup:PutBackupVaultAccessPolicy", vaultArn),
        expected: "ExplicitDeny",
        sid: GUARD,
        reason: "a role named like a deployer is not one",
    },
]);

const vaultRows: Row[] = [
    ...policyChanges,
    {
        policy: "vault",
        request: r(f.BREAK_GLASS, "backup:DeleteBackupVaultAccessPolicy", f.VAULT_ARN),
        expected: "Allow",
        sid: IAM,
        reason: "break-glass can, to recover from a bad policy",
    },
    {
        policy: "vault",
        request: r(ROOT, "backup:PutBackupVaultLockConfiguration", f.VAULT_ARN),
        expected: "ExplicitDeny",
        sid: GUARD,
        reason: "not even the account root changes the lock",
    },
    {
        policy: "vault",
        request: r(f.SOURCE_BACKUP_ROLE, "backup:PutBackupVaultAccessPolicy", f.VAULT_ARN),
        expected: "ExplicitDeny",
        sid: GUARD,
        reason: "a source account cannot (AWS refuses cross-account access anyway)",
    },
    {
        policy: "vault",
        request: r(DEPLOYER, "backup:DeleteRecoveryPoint", f.RECOVERY_POINT),
        expected: "ExplicitDeny",
        sid: "DenyRecoveryPointDeletion",
        reason: "deployers change policies, they do not delete backups",
    },
    {
        policy: "sensitiveVault",
        request: r(
            `arn:aws:iam::${f.OTHER}:role/service-role/AWSBackupDefaultServiceRole`,
            "backup:CopyIntoBackupVault",
            f.SENSITIVE_VAULT_ARN,
        ),
        expected: "ImplicitDeny",
        reason: "another account cannot fill the sensitive vault either",
    },
];

const keyRows: Row[] = [
    {
        policy: "sensitiveKey",
        request: r(f.ADMIN, "kms:CreateGrant", f.KEY_ARN, f.viaRds),
        expected: "ExplicitDeny",
        sid: GRANTS,
        reason: "an admin's direct RDS restore of the vault's snapshot: RDS would decrypt through this grant",
    },
    {
        policy: "sensitiveKey",
        request: r(f.ADMIN, "kms:CreateGrant", f.KEY_ARN, { "kms:GrantIsForAWSResource": "true" }),
        expected: "ExplicitDeny",
        sid: GRANTS,
        reason: "a key administrator cannot grant itself use of the key",
    },
    {
        policy: "sensitiveKey",
        request: r(DEPLOYER, "kms:CreateGrant", f.KEY_ARN, f.viaRds),
        expected: "ExplicitDeny",
        sid: GRANTS,
        reason: "nor can a deployer",
    },
    {
        policy: "sensitiveKey",
        request: r(f.SOURCE_BACKUP_ROLE, "kms:CreateGrant", f.KEY_ARN, {
            "kms:GrantIsForAWSResource": "true",
        }),
        expected: "ExplicitDeny",
        sid: GRANTS,
        reason: "nor a source account",
    },
    {
        policy: "sensitiveKey",
        request: r(f.BREAK_GLASS, "kms:CreateGrant", f.KEY_ARN, f.viaRds),
        expected: "Allow",
        sid: "EnableRootAccountDelegation",
        reason: "break-glass restores an RDS snapshot directly",
    },
    {
        policy: "sensitiveKey",
        request: r(f.BACKUP_RESTORE_ROLE, "kms:CreateGrant", f.KEY_ARN, f.viaRds),
        expected: "Allow",
        sid: "EnableRootAccountDelegation",
        reason: "the restore role break-glass passes to start-restore-job",
    },
    {
        policy: "vaultKey",
        request: r(f.SOURCE_BACKUP_ROLE, "kms:CreateGrant", f.KEY_ARN, {
            "kms:GrantIsForAWSResource": "true",
        }),
        expected: "ImplicitDeny",
        reason: "the general vault key gives the source accounts no grants either",
    },
];

/** The source region's vaults are where the RDS snapshots actually land: the same guarantees there. */
const sourceRegionRows: Row[] = [
    {
        policy: "sourceRegionVault",
        request: r(f.SOURCE_BACKUP_ROLE, "backup:CopyIntoBackupVault", f.SOURCE_REGION_VAULT_ARN),
        expected: "Allow",
        sid: "AllowSourceAccountsCopyInto",
        reason: "the source account's snapshot plan copies into the vault of its own region",
    },
    {
        policy: "sourceRegionVault",
        request: r(
            `arn:aws:iam::${f.OTHER}:role/service-role/AWSBackupDefaultServiceRole`,
            "backup:CopyIntoBackupVault",
            f.SOURCE_REGION_VAULT_ARN,
        ),
        expected: "ImplicitDeny",
        reason: "another account cannot",
    },
    {
        policy: "sourceRegionVault",
        request: r(
            f.ADMIN,
            "backup:DeleteRecoveryPoint",
            f.RECOVERY_POINT.replace(f.cfg.region, f.SOURCE_REGION),
        ),
        expected: "ExplicitDeny",
        sid: "DenyRecoveryPointDeletion",
        reason: "nobody deletes a copied snapshot",
    },
    {
        policy: "sourceRegionVault",
        request: r(f.ADMIN, "backup:PutBackupVaultAccessPolicy", f.SOURCE_REGION_VAULT_ARN),
        expected: "ExplicitDeny",
        sid: GUARD,
        reason: "nor rewrites this vault's policy",
    },
    {
        policy: "sourceRegionSensitiveKey",
        request: r(f.ADMIN, "kms:CreateGrant", f.KEY_ARN, f.viaRds),
        expected: "ExplicitDeny",
        sid: GRANTS,
        reason: "the sensitive key of the source region refuses an admin's grant too",
    },
];

export const vaultGuardRows: readonly Row[] = [...vaultRows, ...keyRows, ...sourceRegionRows];
