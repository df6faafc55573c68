/**
 * "Checked at preview, not at 02:00": AWS Backup refuses a copy whose retention falls outside the
 * destination vault lock's range only when the copy job runs ("AWS Backup Vault Lock": a job with a
 * retention outside the lock's minimum and maximum fails), days after a deploy that looked fine. The
 * lock's bounds come from the backup stack's outputs, so this check runs as soon as they are known: at
 * preview when they already are, otherwise inside the `apply` that feeds the plan its destination, so
 * the plan is never created with a copy AWS would refuse.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResolvedRule, SnapshotDestination } from "./args";
import { parseVaultArn } from "./arns";

/** What the check needs of the plan: its rules, where it runs, and how to name a field. */
export interface PlanSide {
    readonly rules: readonly ResolvedRule[];
    readonly accountId: string;
    readonly region: string;
    readonly environment: string;
    readonly describeField: (field: string) => string;
}

/** The destination with its values resolved (a bound is undefined when the backup stack does not export it). */
export interface KnownDestination {
    readonly vaultArn: string | undefined;
    readonly minRetentionDays: number | undefined;
    readonly maxRetentionDays: number | undefined;
    readonly describedAs: string;
    readonly whenMissing?: string;
}

export class DestinationLockError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(
            `Invalid snapshot copies (checked against the destination vault):\n  - ${problems.join("\n  - ")}`,
        );
        this.name = "DestinationLockError";
    }
}

function retentionSource(plan: PlanSide, r: ResolvedRule): string {
    const field = plan.describeField(`rules.${r.name}.${r.copyRetentionFrom}`);
    if (r.copyRetentionFrom === "copyRetentionDays") return field;
    const inherited = r.defaulted.has("retentionDays") ? `the ${plan.environment} default of ` : "";
    return `${plan.describeField(`rules.${r.name}.copyRetentionDays`)} (unset: ${inherited}${field})`;
}

/** Every way the plan's copies would fail against `d`, one line each, naming the key, the value and the limit. */
export function destinationProblems(plan: PlanSide, d: KnownDestination): string[] {
    if (d.vaultArn === undefined || d.vaultArn === "")
        return [
            `${d.describedAs} does not exist: ${d.whenMissing ?? "deploy it before the plan that copies into it"}`,
        ];
    const vault = parseVaultArn(d.vaultArn);
    const where = `the lock of ${d.describedAs}`;
    const destinationField = `${d.describedAs} (${d.vaultArn})`;
    if (!vault)
        return [`${d.describedAs} must be an AWS Backup vault ARN (got ${JSON.stringify(d.vaultArn)})`];
    const problems: string[] = [];
    if (vault.accountId === plan.accountId) {
        problems.push(
            `${destinationField} is in the source account ${plan.accountId}: snapshots must be copied to the backup account`,
        );
    }
    if (vault.region !== plan.region) {
        // "Copy a backup" (AWS Backup Developer Guide): for RDS and Aurora snapshots AWS Backup automates
        // either a cross-account or a cross-Region copy, not both in one copy action.
        problems.push(
            `${destinationField} is in ${vault.region}, the plan in ${plan.region}: AWS Backup copies RDS snapshots across accounts only within a region; copy into a backup-account vault in ${plan.region} instead (the backup stack declares one per source region it lists)`,
        );
    }
    for (const [bound, value] of [
        ["minimum", d.minRetentionDays],
        ["maximum", d.maxRetentionDays],
    ] as const) {
        if (value === undefined || !Number.isInteger(value)) {
            problems.push(
                `${d.describedAs} comes with no ${bound} retention of its lock (got ${JSON.stringify(value)}): \`pulumi up\` the backup stack first, it exports the bounds`,
            );
        }
    }
    if (problems.length > 0) return problems;
    const min = d.minRetentionDays!;
    const max = d.maxRetentionDays!;
    for (const r of plan.rules) {
        const days = r.copyRetentionDays;
        if (days < min || days > max) {
            const [side, limit, fix] =
                days < min
                    ? ["below", `${min}, the minimum`, "raise it"]
                    : ["above", `${max}, the maximum`, "lower it"];
            problems.push(
                `${retentionSource(plan, r)} is ${days}, ${side} ${limit} retention of ${where}: AWS Backup would fail every ${r.name} copy job; ${fix}, or change the vault lock's bounds`,
            );
        }
    }
    return problems;
}

/** True when `value` is an Output or a promise: its value is not here yet. */
function isDeferred(value: unknown): boolean {
    return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/** `destination` when none of its values is deferred (so the check can run before any resource). */
export function knownNow(d: SnapshotDestination): KnownDestination | undefined {
    const values = [d.vaultArn, d.minRetentionDays, d.maxRetentionDays];
    return values.some(isDeferred)
        ? undefined
        : {
              vaultArn: d.vaultArn as string | undefined,
              minRetentionDays: d.minRetentionDays as number,
              maxRetentionDays: d.maxRetentionDays as number,
              describedAs: d.describedAs,
              whenMissing: d.whenMissing,
          };
}

/**
 * The destination vault ARN, checked: the `apply` throws `DestinationLockError` (failing the preview or
 * the update before the plan that uses the ARN is created) when the plan's copies do not fit. While the
 * values are unknown (a preview before the backup stack has them) the `apply` cannot run yet: `notify`
 * is told so, and the check runs when they become known.
 */
export function checkedDestinationArn(
    plan: PlanSide,
    destination: SnapshotDestination,
    notify: (message: string) => void,
): pulumi.Output<string> {
    const values = pulumi.all([
        destination.vaultArn,
        destination.minRetentionDays,
        destination.maxRetentionDays,
    ]);
    // `isKnown` is the SDK's own (internal) flag for "this preview cannot see the value"; apply skips its
    // callback in that case, so this is the only place that can say the check is pending.
    const isKnown = (values as unknown as { isKnown?: Promise<boolean> }).isKnown;
    void isKnown?.then((known) => {
        if (!known)
            notify(
                `the lock bounds of ${destination.describedAs} are not known during this preview; every copy's retention is checked against them as soon as they are, before the backup plan is created`,
            );
    });
    return values.apply(([vaultArn, min, max]) => {
        const problems = destinationProblems(plan, {
            vaultArn,
            minRetentionDays: min,
            maxRetentionDays: max,
            describedAs: destination.describedAs,
            whenMissing: destination.whenMissing,
        });
        if (problems.length > 0) throw new DestinationLockError(problems);
        return vaultArn!;
    });
}
