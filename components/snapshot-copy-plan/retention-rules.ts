/**
 * The retention rules a plan must obey whatever its destination: AWS Backup's 90 days in cold storage,
 * and (unless asked otherwise) long-term rules that keep at least as long as the daily one. Both apply
 * to the local recovery point and to its copy.
 */
import * as limits from "../../shared/limits";
import * as check from "../common/checks";
import type { ResolvedRule } from "./args";

/** "Backups transitioned to cold storage must be stored in cold storage for a minimum of 90 days" ("Lifecycle"). */
export const MIN_DAYS_IN_COLD_STORAGE = limits.MIN_COLD_STORAGE_DAYS;

/**
 * A weekly or monthly recovery point kept for less time than a daily one is almost always a typo (the
 * long-term copy is the one an auditor asks for); `allowShorterLongTermRetention` says it is meant.
 */
export function shorterThanDailyProblems(rules: readonly ResolvedRule[]): check.Problem[] {
    const daily = rules.find((r) => r.name === "daily");
    if (daily === undefined) return [];
    const problems: check.Problem[] = [];
    for (const r of rules.filter((x) => x !== daily)) {
        for (const field of ["retentionDays", "copyRetentionDays"] as const) {
            if (r[field] < daily[field]) {
                problems.push(
                    check.problem(
                        `rules.${r.name}.${field}`,
                        `(${r[field]}) is shorter than \`rules.daily.${field}\` (${daily[field]}): raise it, or set \`allowShorterLongTermRetention: true\` if that is meant`,
                    ),
                );
            }
        }
    }
    return problems;
}
