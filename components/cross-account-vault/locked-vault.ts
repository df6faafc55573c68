/**
 * One destination vault with its own key and access policy: what the general and the sensitive vault
 * have in common, declared by one function so that the two cannot drift apart. The vault is either a
 * standard vault with a compliance-mode vault lock, or a logically air-gapped vault (which AWS locks
 * in compliance mode itself); either way the caller gets the same outputs, the lock's bounds included.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { declareBackupKey } from "../common/backup-key";
import { PolicyDocument } from "../common/policy-document";
import { VaultType } from "./args";

export interface LockedVaultSettings {
    readonly vaultName: string;
    readonly vaultType: VaultType;
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
    readonly vault: aws.backup.Vault | aws.backup.LogicallyAirGappedVault;
    readonly key: aws.kms.Key;
    /** The standard vault's lock; an air-gapped vault has its lock built in. */
    readonly lock?: aws.backup.VaultLockConfiguration;
    readonly policy: aws.backup.VaultPolicy;
    readonly vaultName: pulumi.Output<string>;
    readonly vaultArn: pulumi.Output<string>;
    /** The bounds AWS enforces on every job and copy into the vault (from the lock as declared). */
    readonly minRetentionDays: pulumi.Output<number>;
    readonly maxRetentionDays: pulumi.Output<number>;
}

/**
 * Declares `${name}-key`, `-key-alias`, the vault (`-vault` and `-lock`, or `-air-gapped-vault`) and
 * `-policy` as children of `parent`.
 */
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
    const declared =
        s.vaultType === "air-gapped" ? airGapped(name, s, key, parent) : locked(name, s, key, parent);
    const policy = new aws.backup.VaultPolicy(
        `${name}-policy`,
        {
            backupVaultName: declared.vaultName,
            region,
            policy: declared.vaultArn.apply((vaultArn) => JSON.stringify(s.accessPolicy(vaultArn))),
        },
        // After the lock: the policy denies lock changes to all but break-glass and the deployers, so on a
        // first deploy by anyone else the lock must already be in place when the policy lands.
        { parent, dependsOn: declared.lock ? [declared.lock] : [] },
    );
    return { ...declared, key, policy };
}

type Declared = Omit<LockedVault, "key" | "policy">;

function locked(name: string, s: LockedVaultSettings, key: aws.kms.Key, parent: pulumi.Resource): Declared {
    const { vaultName, region, tags, protect } = s;
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
    return {
        vault,
        lock,
        vaultName: vault.name,
        vaultArn: vault.arn,
        // The provider reports what AWS holds; the declared bound stands in until it does.
        minRetentionDays: lock.minRetentionDays.apply((v) => v ?? s.minRetentionDays),
        maxRetentionDays: lock.maxRetentionDays.apply((v) => v ?? s.maxRetentionDays),
    };
}

/**
 * A logically air-gapped vault ("Logically air-gapped vault", AWS Backup Developer Guide): AWS equips it
 * with Vault Lock's compliance mode from creation (no cooling-off, no lock resource) and encrypts it with
 * an AWS owned key unless a customer-managed key is given; this component gives its own, so the key
 * policy (break-glass-only destruction) holds here too.
 */
function airGapped(
    name: string,
    s: LockedVaultSettings,
    key: aws.kms.Key,
    parent: pulumi.Resource,
): Declared {
    const vault = new aws.backup.LogicallyAirGappedVault(
        `${name}-air-gapped-vault`,
        {
            name: s.vaultName,
            encryptionKeyArn: key.arn,
            minRetentionDays: s.minRetentionDays,
            maxRetentionDays: s.maxRetentionDays,
            region: s.region,
            tags: s.tags,
        },
        { parent, protect: s.protect },
    );
    return {
        vault,
        vaultName: vault.name,
        vaultArn: vault.arn,
        minRetentionDays: vault.minRetentionDays,
        maxRetentionDays: vault.maxRetentionDays,
    };
}
