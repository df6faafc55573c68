/**
 * The frame shared by the stack policies that check a per-vault setting (vault lock, access
 * policy): tie each setting to its vault by `backupVaultName`, report a vault that has none, note a
 * setting whose vault is unknown at preview, and hand each vault's settings to the check.
 */
import { PolicyResource, ReportViolation } from "@pulumi/policy";
import { resolveRef, UNRESOLVED } from "./stack";
import { T } from "./types";
import { PreviewUnknowns } from "./values";

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
        settings.map((s) => [s, resolveRef(s, "backupVaultName", vaults, ["name", "id"])]),
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
