/**
 * The general vault and (optionally) the sensitive vault of one region: each with its own key, lock and
 * access policy. The component declares one pair in its own region and one per source region it is
 * given, because AWS Backup copies RDS snapshots across accounts only within a region.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResolvedCrossAccountVaultArgs } from "./args";
import { buildSensitiveVaultKeyPolicy, buildVaultKeyPolicy } from "./key-policy";
import { declareLockedVault, LockedVault } from "./locked-vault";
import { buildSensitiveVaultAccessPolicy, buildVaultAccessPolicy } from "./vault-policy";

export interface VaultPair {
    readonly main: LockedVault;
    readonly sensitive?: LockedVault;
}

/** What the source stacks read of one region's vaults (the backup stack exports it per region). */
export interface RegionalVaultOutputs {
    readonly vaultArn: pulumi.Output<string>;
    readonly vaultMinRetentionDays: pulumi.Output<number>;
    readonly vaultMaxRetentionDays: pulumi.Output<number>;
    readonly sensitiveVaultArn?: pulumi.Output<string>;
    readonly sensitiveVaultMinRetentionDays?: pulumi.Output<number>;
    readonly sensitiveVaultMaxRetentionDays?: pulumi.Output<number>;
}

/** Declares `${name}-...` (and `${name}-sensitive-...`) in `region` as children of `parent`. */
export function declareVaultPair(
    name: string,
    a: ResolvedCrossAccountVaultArgs,
    region: string | undefined,
    parent: pulumi.Resource,
): VaultPair {
    const keyPolicyArgs = {
        accountId: a.accountId,
        keyAdminRoleArns: a.keyAdminRoleArns,
        breakGlassRoleArn: a.breakGlassRoleArn,
    };
    const accessPolicyArgs = {
        sourceAccountIds: a.sourceAccountIds,
        organizationId: a.organizationId,
        breakGlassRoleArn: a.breakGlassRoleArn,
        deployerRoleArns: a.deployerRoleArns,
    };
    const lock = {
        vaultType: a.vaultType,
        changeableForDays: a.changeableForDays,
        minRetentionDays: a.minRetentionDays,
        maxRetentionDays: a.maxRetentionDays,
        region,
        tags: a.tags,
        protect: a.protect,
    };
    const main = declareLockedVault(
        name,
        {
            ...lock,
            vaultName: a.vaultName,
            keyPolicy: buildVaultKeyPolicy(keyPolicyArgs),
            accessPolicy: (vaultArn) => buildVaultAccessPolicy({ vaultArn, ...accessPolicyArgs }),
        },
        parent,
    );
    if (a.sensitiveVaultName === undefined) return { main };
    // Its own key as well as its own vault: decrypting sensitive recovery points must need a key whose
    // policy denies it to everyone but the break-glass role.
    const sensitive = declareLockedVault(
        `${name}-sensitive`,
        {
            ...lock,
            vaultName: a.sensitiveVaultName,
            keyPolicy: buildSensitiveVaultKeyPolicy({
                ...keyPolicyArgs,
                restoreRoleArn: a.sensitiveRestoreRoleArn,
            }),
            accessPolicy: (vaultArn) => buildSensitiveVaultAccessPolicy({ vaultArn, ...accessPolicyArgs }),
        },
        parent,
    );
    return { main, sensitive };
}

export function regionalOutputs(pair: VaultPair): RegionalVaultOutputs {
    return {
        vaultArn: pair.main.vaultArn,
        vaultMinRetentionDays: pair.main.minRetentionDays,
        vaultMaxRetentionDays: pair.main.maxRetentionDays,
        ...(pair.sensitive && {
            sensitiveVaultArn: pair.sensitive.vaultArn,
            sensitiveVaultMinRetentionDays: pair.sensitive.minRetentionDays,
            sensitiveVaultMaxRetentionDays: pair.sensitive.maxRetentionDays,
        }),
    };
}
