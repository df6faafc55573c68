/**
 * The vault locks a stack can see, by vault ARN: the retention range AWS Backup enforces on every job
 * and copy into each vault. Three sources, each read only when its values are known:
 * - a standard vault of the stack with its `VaultLockConfiguration` (tied by `backupVaultName`);
 * - a logically air-gapped vault of the stack (its lock is its own `minRetentionDays`/`maxRetentionDays`);
 * - a StackReference of the stack whose outputs use Strongbox's names (`vaultArn` with
 *   `vaultMinRetentionDays`/`vaultMaxRetentionDays`, the same for `sensitiveVault...`, and every entry of
 *   `vaultsByRegion`): how a source stack sees the backup stack's vaults.
 */
import { PolicyResource } from "@pulumi/policy";
import { resolveRef } from "./stack";
import { STACK_REFERENCE, T } from "./types";
import { inRegionOf } from "./vault-settings";
import { num, plain, Props, record, str } from "./values";

export interface VisibleLock {
    readonly min?: number;
    readonly max?: number;
    /** How messages name the vault: `vault "x"` or `` `vaultArn` of stack reference "y" ``. */
    readonly vault: string;
}

function fromOutputs(outputs: Props, where: string, locks: Map<string, VisibleLock>, prefix = ""): void {
    for (const kind of ["vault", "sensitiveVault"]) {
        const arn = str(outputs[`${kind}Arn`]);
        if (arn === undefined) continue;
        locks.set(arn, {
            min: num(outputs[`${kind}MinRetentionDays`]),
            max: num(outputs[`${kind}MaxRetentionDays`]),
            vault: `\`${prefix}${kind}Arn\` of ${where}`,
        });
    }
}

export function visibleLocks(resources: readonly PolicyResource[]): Map<string, VisibleLock> {
    const locks = new Map<string, VisibleLock>();
    const vaults = resources.filter((r) => r.type === T.vault);
    for (const lock of resources.filter((r) => r.type === T.vaultLock)) {
        const vault = resolveRef(lock, "backupVaultName", inRegionOf(lock, vaults), ["name", "id"]);
        const arn = typeof vault === "object" ? str(plain(vault.props).arn) : undefined;
        if (arn === undefined || typeof vault !== "object") continue;
        const p = plain(lock.props);
        locks.set(arn, {
            min: num(p.minRetentionDays),
            max: num(p.maxRetentionDays),
            vault: `vault "${vault.name}"`,
        });
    }
    for (const lag of resources.filter((r) => r.type === T.airGappedVault)) {
        const p = plain(lag.props);
        const arn = str(p.arn);
        if (arn !== undefined)
            locks.set(arn, {
                min: num(p.minRetentionDays),
                max: num(p.maxRetentionDays),
                vault: `vault "${lag.name}"`,
            });
    }
    for (const ref of resources.filter((r) => r.type === STACK_REFERENCE)) {
        const outputs = record(plain(ref.props).outputs) ?? {};
        const where = `stack reference "${ref.name}"`;
        fromOutputs(outputs, where, locks);
        for (const [region, entry] of Object.entries(record(outputs.vaultsByRegion) ?? {})) {
            fromOutputs(record(entry) ?? {}, where, locks, `vaultsByRegion.${region}.`);
        }
    }
    return locks;
}
