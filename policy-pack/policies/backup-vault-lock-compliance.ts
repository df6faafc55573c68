import { StackValidationPolicy } from "@pulumi/policy";
import { configOf, schemaOf } from "../lib/config";
import { T } from "../lib/types";
import { num, plain, PreviewUnknowns, Props } from "../lib/values";
import { forEachVaultSetting, VaultSettingSpec } from "../lib/vault-settings";

const VAULT_LOCK: VaultSettingSpec = {
    type: T.vaultLock,
    mustHave: "a VaultLockConfiguration",
    kind: "vault lock",
};

export const backupVaultLockCompliance: StackValidationPolicy = {
    name: "backup-vault-lock-compliance",
    description:
        "Backup vaults have a vault lock in compliance mode (`changeableForDays` set) whose minimum retention is at " +
        "least the minimum and whose maximum is within the cap (only a compliance-mode lock stops an administrator).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("minRetentionDays", "maxRetentionDays", "minChangeableForDays"),
    validateStack: (args, reportViolation) => {
        const cfg = configOf(args);
        const unknowns = new PreviewUnknowns();
        forEachVaultSetting(args.resources, VAULT_LOCK, unknowns, reportViolation, (lock, name) => {
            const p: Props = plain(lock.props);
            const what = `vault lock of backup vault ${name}`;
            if (!unknowns.check(p.changeableForDays, `changeableForDays of ${what}`)) {
                const changeable = num(p.changeableForDays);
                if (changeable === undefined) {
                    reportViolation(
                        `${what} must set \`changeableForDays\` (without it the lock is in governance mode and can be removed)`,
                        lock.urn,
                    );
                } else if (changeable < cfg.minChangeableForDays) {
                    reportViolation(
                        `${what} must set \`changeableForDays\` to at least ${cfg.minChangeableForDays} (got ${changeable})`,
                        lock.urn,
                    );
                }
            }
            if (!unknowns.check(p.minRetentionDays, `minRetentionDays of ${what}`)) {
                const min = num(p.minRetentionDays);
                if (min === undefined || min < cfg.minRetentionDays) {
                    reportViolation(
                        `${what} must set \`minRetentionDays\` to at least ${cfg.minRetentionDays} (got ${min ?? "none"})`,
                        lock.urn,
                    );
                }
            }
            if (!unknowns.check(p.maxRetentionDays, `maxRetentionDays of ${what}`)) {
                const max = num(p.maxRetentionDays);
                if (max !== undefined && max > cfg.maxRetentionDays) {
                    reportViolation(
                        `${what} must set \`maxRetentionDays\` to at most ${cfg.maxRetentionDays} (got ${max})`,
                        lock.urn,
                    );
                }
            }
        });
        unknowns.throwIfAny();
    },
};
