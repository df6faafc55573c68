/**
 * One compliance-locked vault with its own key and access policy: what the
 * general and the sensitive vault have in common, declared by one function so
 * that the two cannot drift apart.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { declareBackupKey } from "../common/backup-key";
import { PolicyDocument } from "../common/policy-document";

export interface LockedVaultSettings {
    readonly vaultName: string;
    readonly keyPolicy: PolicyDocument;
    /** The vault's access policy, given its ARN (known only once the vault exists). */
    readonly accessPolicy: (vaultArn: string) => PolicyDocument;
    readonly changeableForDays: number;
    readonly minRetentionDays: number;
    readonly maxRetentionDays: number;
    /** Region of the vault and key. Default: the provider's region. */
    readonly region?: string;
    readonly tags: Record<string, string>;
    /** `protect` the vault, its key and its lock. */
    readonly protect: boolean;
}

export interface LockedVault {
    readonly vault: aws.backup.Vault;
    readonly key: aws.kms.Key;
    readonly lock: aws.backup.VaultLockConfiguration;
    readonly policy: aws.backup.VaultPolicy;
}

/** Declares `${name}-key`, `-key-alias`, `-vault`, `-lock` and `-policy` as children of `parent`. */
export function declareLockedVault(
    name: string,
    s: LockedVaultSettings,
    parent: pulumi.Resource,
): LockedVault {
    const { vaultName, region, tags, protect } = s;
    const { key } = declareBackupKey(
        name,
        {
            description: `Strongbox AWS Backup vault ${vaultName}`,
            policy: JSON.stringify(s.keyPolicy),
            aliasName: `strongbox-${vaultName}`,
            region,
            tags,
            protect,
        },
        parent,
    );
    // No forceDestroy: a vault with recovery points must never be one flag away from empty.
    const vault = new aws.backup.Vault(
        `${name}-vault`,
        { name: vaultName, kmsKeyArn: key.arn, region, tags },
        { parent, protect },
    );
    const lock = new aws.backup.VaultLockConfiguration(
        `${name}-lock`,
        {
            backupVaultName: vault.name,
            region,
            // Compliance mode is what `changeableForDays` selects; without it the lock is governance
            // mode, which any principal with backup:DeleteBackupVaultLockConfiguration can remove.
            changeableForDays: s.changeableForDays,
            minRetentionDays: s.minRetentionDays,
            maxRetentionDays: s.maxRetentionDays,
        },
        { parent, protect },
    );
    const policy = new aws.backup.VaultPolicy(
        `${name}-policy`,
        {
            backupVaultName: vault.name,
            region,
            policy: vault.arn.apply((vaultArn) => JSON.stringify(s.accessPolicy(vaultArn))),
        },
        { parent },
    );
    return { vault, key, lock, policy };
}
