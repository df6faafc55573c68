import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configOf, schemaOf } from "../lib/config";
import { coversAction, parsePolicy } from "../lib/iam";
import { resolveRef } from "../lib/stack";
import { T } from "../lib/types";
import { inRegionOf, regionOf } from "../lib/vault-settings";
import { isUnknown, list, num, plain, PreviewUnknowns, record, str } from "../lib/values";

/** A control of a framework: its name and its parameters (as strings), or unknown at preview. */
interface Control {
    readonly name: string;
    readonly parameters: ReadonlyMap<string, string>;
}

function controlsOf(framework: PolicyResource, unknowns: PreviewUnknowns): Control[] | undefined {
    const raw = plain(framework.props).controls;
    if (unknowns.check(raw, `controls of framework "${framework.name}"`)) return undefined;
    return list(raw).flatMap((c) => {
        const control = record(c);
        const name = str(control?.name);
        if (name === undefined) return [];
        const parameters = new Map<string, string>();
        for (const p of list(control?.inputParameters)) {
            const parameter = record(p);
            const key = str(parameter?.name);
            if (key !== undefined && !isUnknown(parameter?.value))
                parameters.set(key, String(parameter?.value));
        }
        return [{ name, parameters }];
    });
}

const where = (region: string | undefined) => (region === undefined ? "the stack's region" : region);

/**
 * The vaults other accounts copy into: the backup account's, which the framework audits. A logically
 * air-gapped vault is one by design; a standard vault is one when its access policy allows
 * backup:CopyIntoBackupVault (a source account's local vault does not).
 */
function destinationVaults(
    resources: readonly PolicyResource[],
    unknowns: PreviewUnknowns,
): PolicyResource[] {
    const vaults = resources.filter((r) => r.type === T.vault);
    const policies = resources.filter((r) => r.type === T.vaultPolicy);
    const copiedInto = vaults.filter((vault) =>
        policies.some((p) => {
            if (resolveRef(p, "backupVaultName", inRegionOf(p, vaults), ["name", "id"]) !== vault)
                return false;
            const text = plain(p.props).policy;
            if (unknowns.check(text, `policy of vault policy "${p.name}"`)) return false;
            const parsed = parsePolicy(text);
            return (
                parsed.ok &&
                parsed.statements.some(
                    (st) => st.effect === "Allow" && coversAction(st, "backup:CopyIntoBackupVault"),
                )
            );
        }),
    );
    return [...copiedInto, ...resources.filter((r) => r.type === T.airGappedVault)];
}

export const backupAuditFramework: StackValidationPolicy = {
    name: "backup-audit-framework",
    description:
        "Every region with a vault other accounts copy backups into has an AWS Backup Audit Manager framework with the required controls, " +
        "recovery points kept at least the minimum retention, and no role exempt from 'recovery points cannot be " +
        "deleted by hand' (AWS Backup Audit Manager controls).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("requiredFrameworkControls", "minRetentionDays"),
    validateStack: (args, reportViolation) => {
        const cfg = configOf(args);
        const unknowns = new PreviewUnknowns();
        const vaults = destinationVaults(args.resources, unknowns);
        const frameworks = args.resources.filter((r) => r.type === T.framework);
        const regions = new Map<string | undefined, PolicyResource>();
        for (const v of vaults) if (!regions.has(regionOf(v))) regions.set(regionOf(v), v);
        for (const [region, vault] of regions) {
            const here = frameworks.filter((f) => regionOf(f) === region);
            if (here.length === 0) {
                reportViolation(
                    `${where(region)} holds backup vault "${vault.name}", which other accounts copy into, and must have an AWS Backup Audit Manager framework`,
                    vault.urn,
                );
                continue;
            }
            const controls = here.map((f) => controlsOf(f, unknowns));
            if (controls.some((c) => c === undefined)) continue;
            const all = controls.flat() as Control[];
            const missing = cfg.requiredFrameworkControls.filter((n) => !all.some((c) => c.name === n));
            if (missing.length > 0) {
                reportViolation(
                    `the Audit Manager framework of ${where(region)} must have the control(s) ${missing.join(", ")}`,
                    here[0].urn,
                );
            }
        }
        for (const f of frameworks) {
            for (const c of controlsOf(f, unknowns) ?? []) {
                if (
                    c.name === "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED" &&
                    c.parameters.has("principalArnList")
                ) {
                    reportViolation(
                        `framework "${f.name}" must not exempt roles from BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED (principalArnList)`,
                        f.urn,
                    );
                }
                const required = c.parameters.get("requiredRetentionDays");
                const days = num(required);
                if (required !== undefined && !(days !== undefined && days >= cfg.minRetentionDays)) {
                    reportViolation(
                        `framework "${f.name}" must require at least ${cfg.minRetentionDays} days of retention in ${c.name} (got ${required})`,
                        f.urn,
                    );
                }
            }
        }
        unknowns.throwIfAny();
    },
};
