import { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf, schemaOf } from "../lib/config";
import { T } from "../lib/types";
import { list, num, plain, PreviewUnknowns, record, show } from "../lib/values";

export const backupPlanRetention: ResourceValidationPolicy = {
    name: "backup-plan-retention",
    description:
        "Every backup plan rule and copy action keeps recovery points for an explicit `deleteAfter` within the " +
        "allowed days, and at least 90 days after any cold-storage transition, which AWS requires (a copy kept too briefly fails its purpose; AWS Backup refuses the rest at run time).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("minRetentionDays", "maxRetentionDays", "minColdStorageDays"),
    validateResource: (args, reportViolation) => {
        if (args.type !== T.plan) return;
        const cfg = configOf(args);
        const unknowns = new PreviewUnknowns();
        const checkLifecycle = (lifecycle: unknown, what: string) => {
            const l = record(lifecycle) ?? {};
            if (unknowns.check(lifecycle, `lifecycle of ${what}`)) return;
            if (
                unknowns.check(l.deleteAfter, `deleteAfter of ${what}`) ||
                unknowns.check(l.coldStorageAfter, `coldStorageAfter of ${what}`)
            )
                return;
            const deleteAfter = num(l.deleteAfter);
            const coldAfter = num(l.coldStorageAfter);
            if (deleteAfter === undefined) {
                reportViolation(
                    `${what} must set \`lifecycle.deleteAfter\` (at least ${cfg.minRetentionDays} days)`,
                );
                return;
            }
            if (deleteAfter < cfg.minRetentionDays) {
                reportViolation(
                    `${what} must keep recovery points at least ${cfg.minRetentionDays} days (\`deleteAfter\` is ${deleteAfter})`,
                );
            } else if (deleteAfter > cfg.maxRetentionDays) {
                reportViolation(
                    `${what} must keep recovery points at most ${cfg.maxRetentionDays} days (\`deleteAfter\` is ${deleteAfter})`,
                );
            }
            if (coldAfter !== undefined && deleteAfter - coldAfter < cfg.minColdStorageDays) {
                reportViolation(
                    `${what} must keep recovery points at least ${cfg.minColdStorageDays} days in cold storage ` +
                        `(\`deleteAfter\` ${deleteAfter} - \`coldStorageAfter\` ${coldAfter} = ${deleteAfter - coldAfter})`,
                );
            }
        };
        const plan = `backup plan "${args.name}"`;
        const rules = plain(args.props).rules;
        if (!unknowns.check(rules, `rules of ${plan}`)) {
            for (const raw of list(rules)) {
                const rule = record(raw) ?? {};
                const ruleWhat = `rule ${show(rule.ruleName)} of ${plan}`;
                checkLifecycle(rule.lifecycle, ruleWhat);
                if (unknowns.check(rule.copyActions, `copy actions of ${ruleWhat}`)) continue;
                for (const rawCopy of list(rule.copyActions)) {
                    const copy = record(rawCopy) ?? {};
                    checkLifecycle(
                        copy.lifecycle,
                        `copy action to ${show(copy.destinationVaultArn)} in ${ruleWhat}`,
                    );
                }
            }
        }
        unknowns.throwIfAny();
    },
};
