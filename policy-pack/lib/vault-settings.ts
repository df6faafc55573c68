/**
 * The frame shared by the stack policies that check a per-vault setting (vault lock, access
 * policy): tie each setting to its vault by `backupVaultName`, report a vault that has none, note a
 * setting whose vault is unknown at preview, and hand each vault's settings to the check.
 *
 * Vault names are unique per account *and region*, so a stack may hold two vaults of the same name in
 * two regions (resources of @pulumi/aws v7 carry their own `region`): a setting is only tied to a vault
 * in its own region when both name one.
 */
import { PolicyResource, ReportViolation } from "@pulumi/policy";
import { resolveRef, UNRESOLVED } from "./stack";
import { T } from "./types";
import { plain, PreviewUnknowns, str } from "./values";

/** The explicit region of a resource, or undefined when it uses the provider's. */
export function regionOf(r: PolicyResource): string | undefined {
    return str(plain(r.props).region);
}

/** The candidates that may be in the same region as `r` (either without an explicit region matches). */
export function inRegionOf(r: PolicyResource, candidates: readonly PolicyResource[]): PolicyResource[] {
    const region = regionOf(r);
    return candidates.filter(
        (c) => region === undefined || regionOf(c) === undefined || regionOf(c) === region,
    );
}

/** Which setting a backup vault must have, and how to speak of it. */
export interface VaultSettingSpec {
    readonly type: string;
    /** Ends the violation for a vault without one: `backup vault "v" must have <mustHave>`. */
    readonly mustHave: string;
    /** Names a setting whose vault is unknown until apply: `vault of <kind> "x"`. */
    readonly kind: string;
}

/** Calls `check(setting, name)` for every setting of every vault; `name` is the vault as messages quote it. */
export function forEachVaultSetting(
    resources: readonly PolicyResource[],
    spec: VaultSettingSpec,
    unknowns: PreviewUnknowns,
    reportViolation: ReportViolation,
    check: (setting: PolicyResource, name: string) => void,
): void {
    const vaults = resources.filter((r) => r.type === T.vault);
    const settings = resources.filter((r) => r.type === spec.type);
    const targets = new Map(
        settings.map((s) => [s, resolveRef(s, "backupVaultName", inRegionOf(s, vaults), ["name", "id"])]),
    );
    for (const vault of vaults) {
        const name = `"${vault.name}"`;
        const mine = settings.filter((s) => targets.get(s) === vault);
        if (mine.length === 0) {
            const unresolved = settings.filter((s) => targets.get(s) === UNRESOLVED);
            if (unresolved.length > 0)
                unresolved.forEach((s) => unknowns.note(`vault of ${spec.kind} "${s.name}"`));
            else reportViolation(`backup vault ${name} must have ${spec.mustHave}`, vault.urn);
            continue;
        }
        mine.forEach((setting) => check(setting, name));
    }
}
