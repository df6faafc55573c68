/**
 * The backup plan's rules, as pure data: one rule per schedule (daily, weekly, monthly), each keeping
 * its recovery point in the local vault for its own retention and copying it into the destination
 * vault with the copy's retention; and, when asked, a continuous-backup rule for point-in-time restore.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedRule } from "./args";

export interface PlanRulesSettings {
    readonly rules: readonly ResolvedRule[];
    /** Name of the local vault every rule backs up into. */
    readonly targetVaultName: pulumi.Input<string>;
    /** The checked destination vault ARN (see `destination-check.ts`). */
    readonly destinationVaultArn: pulumi.Input<string>;
    readonly scheduleTimezone: string;
    /** Days of continuous backup, or none. */
    readonly pointInTimeRecoveryDays?: number;
}

/** The rule name of the continuous (point-in-time) backup rule. */
export const CONTINUOUS_RULE_NAME = "continuous";

function lifecycle(deleteAfter: number, coldStorageAfter: number | undefined) {
    return coldStorageAfter === undefined ? { deleteAfter } : { deleteAfter, coldStorageAfter };
}

export function planRules(s: PlanRulesSettings): aws.types.input.backup.PlanRule[] {
    const rules: aws.types.input.backup.PlanRule[] = s.rules.map((r) => ({
        ruleName: r.name,
        targetVaultName: s.targetVaultName,
        schedule: r.schedule,
        scheduleExpressionTimezone: s.scheduleTimezone,
        startWindow: r.startWindowMinutes,
        completionWindow: r.completionWindowMinutes,
        lifecycle: lifecycle(r.retentionDays, r.coldStorageAfterDays),
        // Its own lifecycle, always: a copy without one inherits the local recovery point's.
        copyActions: [
            {
                destinationVaultArn: s.destinationVaultArn,
                lifecycle: lifecycle(r.copyRetentionDays, r.copyColdStorageAfterDays),
            },
        ],
    }));
    if (s.pointInTimeRecoveryDays !== undefined) {
        const daily = s.rules.find((r) => r.name === "daily") ?? s.rules[0];
        rules.push({
            // Point-in-time restore lives in the source account only: a copy of a continuous backup
            // becomes a plain snapshot ("Copy a backup"), which the daily rule already copies.
            ruleName: CONTINUOUS_RULE_NAME,
            targetVaultName: s.targetVaultName,
            enableContinuousBackup: true,
            // AWS Backup needs a schedule even for continuous backups (its maintenance frequency).
            schedule: daily.schedule,
            scheduleExpressionTimezone: s.scheduleTimezone,
            startWindow: daily.startWindowMinutes,
            completionWindow: daily.completionWindowMinutes,
            lifecycle: { deleteAfter: s.pointInTimeRecoveryDays },
        });
    }
    return rules;
}
