/**
 * The arguments of `CrossAccountVault`, their defaults and their fixed bounds
 * (`validate.ts` checks them). The stack config applies the same defaults and
 * names the same bounds, from here.
 */
import * as limits from "../../shared/limits";
import type { Range } from "../common/checks";
import { defaultRestoreRole } from "./key-policy";

export interface CrossAccountVaultArgs {
    /** Name of the vault (2-50 letters, digits, "-" or "_"). */
    readonly vaultName: string;
    /** The backup account that owns the vaults and keys. */
    readonly accountId: string;
    /** Accounts whose backup plans may copy recovery points in. At least one; never the backup account. */
    readonly sourceAccountIds: readonly string[];
    /** When set, copies are allowed from the whole organization instead of per account. Default: none. */
    readonly organizationId?: string;
    /** Backup-account roles that administer the keys. At least one. */
    readonly keyAdminRoleArns: readonly string[];
    /** The only role that may disable the keys or restore from the sensitive vault. */
    readonly breakGlassRoleArn: string;
    /**
     * Backup-account roles that deploy this stack: with the break-glass role, the only principals that may change
     * the vaults' access policies and locks. Default: none (then every later change of a vault policy must be
     * applied as the break-glass role).
     */
    readonly deployerRoleArns?: readonly string[];
    /** Days before the vault lock becomes immutable. At least 3 (AWS compliance mode), default 3. */
    readonly changeableForDays?: number;
    /** Recovery points are kept at least this long. 30-3650, default 35. */
    readonly minRetentionDays?: number;
    /** Recovery points are kept at most this long. At least `minRetentionDays`, at most 3650; default 3650. */
    readonly maxRetentionDays?: number;
    /** Name of the second, break-glass vault. Default: no sensitive vault. */
    readonly sensitiveVaultName?: string;
    /**
     * The role break-glass passes to `aws backup start-restore-job` for the sensitive vault: with break-glass
     * and AWS Backup's service-linked role, the only principal that may create grants on the sensitive key
     * (an RDS restore decrypts through a grant created with this role's permissions). A role of the backup
     * account; it need not exist yet. Default: `service-role/AWSBackupDefaultServiceRole` in `accountId`.
     */
    readonly sensitiveRestoreRoleArn?: string;
    /**
     * `locked`: a standard vault with a compliance-mode vault lock. `air-gapped`: an AWS Backup logically
     * air-gapped vault (always compliance-locked by AWS, encrypted with this component's key), for both
     * vaults. Changing it replaces the vaults, so choose before the first deploy. Default `locked`.
     */
    readonly vaultType?: VaultType;
    /** Region of the vaults and keys. Default: the provider's region. */
    readonly region?: string;
    /**
     * Regions of the source accounts' RDS databases other than `region`: the same vaults (own keys, same
     * locks and policies) are declared again in each, because AWS Backup copies RDS and Aurora snapshots
     * either across accounts or across regions in one copy action, never both ("Copy a backup", AWS Backup
     * Developer Guide). Requires `region`. Default: none.
     */
    readonly sourceRegions?: readonly string[];
    /** Tags for the vaults and keys. Default none. */
    readonly tags?: Record<string, string>;
    /** `protect` the vaults, keys and locks (see the file comment). Default true. */
    readonly protect?: boolean;
}

/** The two kinds of destination vault (see `CrossAccountVaultArgs.vaultType`). */
export const VAULT_TYPES = ["locked", "air-gapped"] as const;
export type VaultType = (typeof VAULT_TYPES)[number];

/** Every default of `CrossAccountVaultArgs`; the stack config applies the same ones. */
export const CROSS_ACCOUNT_VAULT_DEFAULTS = {
    changeableForDays: limits.DEFAULT_CHANGEABLE_FOR_DAYS,
    minRetentionDays: limits.DEFAULT_RETENTION_DAYS,
    maxRetentionDays: limits.MAX_RETENTION_DAYS,
    vaultType: "locked" as VaultType,
    protect: true,
} as const;

/** The fixed bounds of the whole-number args (`maxRetentionDays` is also at least `minRetentionDays`). */
export const CROSS_ACCOUNT_VAULT_RANGES = {
    changeableForDays: {
        min: limits.MIN_CHANGEABLE_FOR_DAYS,
        // AWS accepts up to 100 years of cooling-off.
        max: 36500,
        minWhy: " (AWS needs 3 days of cooling-off for a compliance-mode vault lock)",
    },
    minRetentionDays: { min: limits.MIN_RETENTION_DAYS, max: limits.MAX_RETENTION_DAYS },
    maxRetentionDays: { min: limits.MIN_RETENTION_DAYS, max: limits.MAX_RETENTION_DAYS },
} as const satisfies Record<string, Range>;

export function resolveCrossAccountVaultArgs(args: CrossAccountVaultArgs) {
    const d = CROSS_ACCOUNT_VAULT_DEFAULTS;
    return {
        ...args,
        changeableForDays: args.changeableForDays ?? d.changeableForDays,
        minRetentionDays: args.minRetentionDays ?? d.minRetentionDays,
        maxRetentionDays: args.maxRetentionDays ?? d.maxRetentionDays,
        deployerRoleArns: args.deployerRoleArns ?? [],
        sourceRegions: args.sourceRegions ?? [],
        sensitiveRestoreRoleArn: args.sensitiveRestoreRoleArn ?? defaultRestoreRole(args.accountId),
        vaultType: args.vaultType ?? d.vaultType,
        tags: args.tags ?? {},
        protect: args.protect ?? d.protect,
    };
}

/** Args with every default applied. */
export type ResolvedCrossAccountVaultArgs = ReturnType<typeof resolveCrossAccountVaultArgs>;
