/**
 * The source account's own vault: where each rule's recovery point lands before AWS Backup copies it
 * to the backup account. Its key is a customer-managed key in the house's style (rotation, 30-day
 * window, destruction only by the source account's break-glass role). RDS snapshots keep the
 * database's own key ("Encryption for backups in AWS Backup": resource types AWS Backup does not fully
 * manage inherit their source's encryption), so the vault key protects what AWS Backup encrypts itself;
 * AWS Backup requires a key for every vault either way.
 *
 * The vault denies recovery-point deletion to everyone, and in production (`lockLocalVault`) carries a
 * compliance-mode lock with the house's retention floor and cap: a compromised source account can then
 * neither delete nor shorten its own copies either. The bounds are fixed (30-3650 days), not derived
 * from the rules, so that changing a rule later never needs a lock change AWS would refuse.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as limits from "../../shared/limits";
import { declareBackupKey } from "../common/backup-key";
import { keyPolicyBaseStatements } from "../common/key-policy-base";
import { PolicyDocument, policyDocument } from "../common/policy-document";
import { denyRecoveryPointDeletion } from "../common/vault-statements";

export interface LocalVaultSettings {
    readonly vaultName: string;
    readonly accountId: string;
    readonly keyAdminRoleArns: readonly string[];
    readonly breakGlassRoleArn: string;
    readonly lock: boolean;
    readonly tags: Record<string, string>;
    readonly protect: boolean;
}

export interface LocalVault {
    readonly vault: aws.backup.Vault;
    readonly key: aws.kms.Key;
    readonly lock?: aws.backup.VaultLockConfiguration;
}

/** The compliance lock of a locked local vault (the rules are validated against the same bounds). */
export const LOCAL_VAULT_LOCK = {
    changeableForDays: limits.DEFAULT_CHANGEABLE_FOR_DAYS,
    minRetentionDays: limits.MIN_RETENTION_DAYS,
    maxRetentionDays: limits.MAX_RETENTION_DAYS,
} as const;

export function localKeyPolicy(
    s: Pick<LocalVaultSettings, "accountId" | "keyAdminRoleArns" | "breakGlassRoleArn">,
): PolicyDocument {
    return policyDocument(keyPolicyBaseStatements(s));
}

export function localVaultPolicy(): PolicyDocument {
    return policyDocument([denyRecoveryPointDeletion()]);
}

/** Declares `${name}-key`, `-key-alias`, `-vault`, `-vault-policy` and, when locked, `-lock`. */
export function declareLocalVault(name: string, s: LocalVaultSettings, parent: pulumi.Resource): LocalVault {
    const { tags, protect } = s;
    const { key } = declareBackupKey(
        name,
        {
            description: `Strongbox local AWS Backup vault ${s.vaultName} (RDS snapshots before their cross-account copy)`,
            policy: JSON.stringify(localKeyPolicy(s)),
            aliasName: `strongbox-${s.vaultName}`,
            tags,
            protect,
        },
        parent,
    );
    const vault = new aws.backup.Vault(
        `${name}-vault`,
        { name: s.vaultName, kmsKeyArn: key.arn, tags },
        { parent, protect },
    );
    new aws.backup.VaultPolicy(
        `${name}-vault-policy`,
        { backupVaultName: vault.name, policy: JSON.stringify(localVaultPolicy()) },
        { parent },
    );
    const lock = s.lock
        ? new aws.backup.VaultLockConfiguration(
              `${name}-lock`,
              { backupVaultName: vault.name, ...LOCAL_VAULT_LOCK },
              { parent, protect },
          )
        : undefined;
    return { vault, key, lock };
}
