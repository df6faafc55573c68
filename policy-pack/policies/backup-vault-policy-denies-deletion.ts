import { StackValidationPolicy } from "@pulumi/policy";
import { coversAction, parsePolicy } from "../lib/iam";
import { resolveRef, UNRESOLVED } from "../lib/stack";
import { T } from "../lib/types";
import { plain, PreviewUnknowns } from "../lib/values";

export const backupVaultPolicyDeniesDeletion: StackValidationPolicy = {
    name: "backup-vault-policy-denies-deletion",
    description:
        "Backup vault access policies deny backup:DeleteRecoveryPoint to every principal, so a stolen admin " +
        "credential cannot delete what the lock has not yet protected (seed 003: vault access policy; DESIGN: CrossAccountVault).",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const unknowns = new PreviewUnknowns();
        const vaults = args.resources.filter((r) => r.type === T.vault);
        const policies = args.resources.filter((r) => r.type === T.vaultPolicy);
        const targets = new Map(
            policies.map((p) => [p, resolveRef(p, "backupVaultName", vaults, ["name", "id"])]),
        );
        for (const vault of vaults) {
            const name = `"${vault.name}"`;
            const mine = policies.filter((p) => targets.get(p) === vault);
            if (mine.length === 0) {
                const unresolved = policies.filter((p) => targets.get(p) === UNRESOLVED);
                if (unresolved.length > 0)
                    unresolved.forEach((p) => unknowns.note(`vault of vault policy "${p.name}"`));
                else reportViolation(`backup vault ${name} must have a VaultPolicy`, vault.urn);
                continue;
            }
            for (const policy of mine) {
                const text = plain(policy.props).policy;
                if (unknowns.check(text, `policy of vault policy "${policy.name}"`)) continue;
                const parsed = parsePolicy(text);
                if (!parsed.ok) {
                    reportViolation(
                        `access policy of backup vault ${name} must be a valid IAM policy document`,
                        policy.urn,
                    );
                } else if (
                    !parsed.statements.some(
                        (s) =>
                            s.effect === "Deny" &&
                            s.principalIsEveryone &&
                            coversAction(s, "backup:DeleteRecoveryPoint"),
                    )
                ) {
                    reportViolation(
                        `access policy of backup vault ${name} must deny backup:DeleteRecoveryPoint to every principal`,
                        policy.urn,
                    );
                }
            }
        }
        unknowns.throwIfAny();
    },
};
