import { StackValidationPolicy } from "@pulumi/policy";
import { coversAction, parsePolicy } from "../lib/iam";
import { T } from "../lib/types";
import { plain, PreviewUnknowns } from "../lib/values";
import { forEachVaultSetting, VaultSettingSpec } from "../lib/vault-settings";

const VAULT_POLICY: VaultSettingSpec = {
    type: T.vaultPolicy,
    mustHave: "a VaultPolicy",
    kind: "vault policy",
};

export const backupVaultPolicyDeniesDeletion: StackValidationPolicy = {
    name: "backup-vault-policy-denies-deletion",
    description:
        "Backup vault access policies deny backup:DeleteRecoveryPoint to every principal, so a stolen admin " +
        "credential cannot delete what the lock has not yet protected (a deny in the vault's own policy binds every principal).",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const unknowns = new PreviewUnknowns();
        forEachVaultSetting(args.resources, VAULT_POLICY, unknowns, reportViolation, (policy, name) => {
            const text = plain(policy.props).policy;
            if (unknowns.check(text, `policy of vault policy "${policy.name}"`)) return;
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
        });
        unknowns.throwIfAny();
    },
};
