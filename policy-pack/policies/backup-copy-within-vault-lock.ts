import { StackValidationPolicy } from "@pulumi/policy";
import { T } from "../lib/types";
import { visibleLocks } from "../lib/vault-locks";
import { list, num, plain, PreviewUnknowns, record, show, str } from "../lib/values";

/**
 * A copy whose retention falls outside its destination vault's lock is refused by AWS Backup when the
 * copy job runs ("AWS Backup Vault Lock"), days after a deploy that looked fine. The backup and source
 * stacks are previewed separately, so this rule checks what one stack can see: copies into a vault of
 * the same stack, and copies into a vault the stack reads through a StackReference (Strongbox's output
 * names). A copy into a vault it cannot see (a hand-typed ARN of another account, or a StackReference
 * the engine does not show the pack) is not judged here; Strongbox's source stack checks its own copies
 * against the backup stack's outputs in the program itself, at preview.
 */
export const backupCopyWithinVaultLock: StackValidationPolicy = {
    name: "backup-copy-within-vault-lock",
    description:
        "Every backup plan copy action keeps its copies within the retention range of its destination vault's lock, " +
        "wherever the stack can see that lock (a vault of the stack, or one read through a StackReference): AWS Backup " +
        "accepts the plan and fails each copy job outside the range at run time.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const unknowns = new PreviewUnknowns();
        const locks = visibleLocks(args.resources);
        for (const plan of args.resources.filter((r) => r.type === T.plan)) {
            const planWhat = `backup plan "${plan.name}"`;
            const rules = plain(plan.props).rules;
            if (unknowns.check(rules, `rules of ${planWhat}`)) continue;
            for (const rawRule of list(rules)) {
                const rule = record(rawRule) ?? {};
                const ruleWhat = `rule ${show(rule.ruleName)} of ${planWhat}`;
                if (unknowns.check(rule.copyActions, `copy actions of ${ruleWhat}`)) continue;
                for (const rawCopy of list(rule.copyActions)) {
                    const copy = record(rawCopy) ?? {};
                    const destination = copy.destinationVaultArn;
                    if (
                        locks.size > 0 &&
                        unknowns.check(destination, `destination of a copy action in ${ruleWhat}`)
                    )
                        continue;
                    const lock = locks.get(str(destination) ?? "");
                    if (lock === undefined) continue;
                    // A copy without its own lifecycle keeps the rule's ("Copy a backup": copies inherit
                    // their source's configuration unless told otherwise).
                    const lifecycle = record(copy.lifecycle) ?? record(rule.lifecycle) ?? {};
                    const what = `copy action to ${show(destination)} in ${ruleWhat}`;
                    if (unknowns.check(lifecycle.deleteAfter, `deleteAfter of ${what}`)) continue;
                    if (unknowns.check(lock.min, `lock of ${lock.vault}`)) continue;
                    const days = num(lifecycle.deleteAfter);
                    const range = `${lock.min ?? 1}-${lock.max ?? "unlimited"} days`;
                    const outside =
                        days === undefined
                            ? lock.max !== undefined
                            : (lock.min !== undefined && days < lock.min) ||
                              (lock.max !== undefined && days > lock.max);
                    if (outside) {
                        reportViolation(
                            `${what} keeps copies ${days === undefined ? "forever" : `${days} days`}, outside ${range}, ` +
                                `the lock of ${lock.vault}: AWS Backup would fail every such copy job`,
                            plan.urn,
                        );
                    }
                }
            }
        }
        unknowns.throwIfAny();
    },
};
