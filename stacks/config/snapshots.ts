/**
 * The source stack's `strongbox:source.snapshots` as `SnapshotCopyPlan` args, and the component's verdict
 * on them. The destination vaults come from the backup stack at deploy time; their locks' bounds are
 * checked by the component, in messages that name the same config keys as these.
 */
import type { SnapshotCopyPlanArgs } from "../../components/snapshot-copy-plan/args";
import type { Environment } from "../../components/snapshot-copy-plan/environments";
import { snapshotCopyPlanProblems } from "../../components/snapshot-copy-plan/validate";
import { configKey, configProblems, FieldMap } from "./problems";
import { SnapshotsConfig, SourceConfig } from "./schema";

type PlainArgs = Omit<SnapshotCopyPlanArgs, "destination" | "sensitiveDestination">;

const SECTION = "strongbox:source.snapshots";
const SNAPSHOT_FIELDS: FieldMap = {
    namePrefix: "strongbox:environment",
    accountId: "strongbox:source.accountId",
    region: { key: "aws:region", says: "the stack's region" },
    environment: `${SECTION}.environment`,
    // The general selection's keys sit directly under `snapshots`.
    selection: SECTION,
    "selection.resourceArns": { key: `${SECTION}.resourceArns`, says: `\`${SECTION}.resourceArns\`` },
    sensitive: `${SECTION}.sensitive`,
    rules: `${SECTION}.rules`,
    pointInTimeRecoveryDays: `${SECTION}.pointInTimeRecoveryDays`,
    allowShorterLongTermRetention: `${SECTION}.allowShorterLongTermRetention`,
    lockLocalVault: `${SECTION}.lockLocalVault`,
    keyAdminRoleArns: `${SECTION}.keyAdminRoleArns`,
    breakGlassRoleArn: `${SECTION}.breakGlassRoleArn`,
    scheduleTimezone: "strongbox:source.scheduleTimezone",
    notificationEmails: "strongbox:source.notificationEmails",
    sensitiveDestination: {
        key: "strongbox:backup.vault.sensitiveVault",
        says: "a sensitive vault in the backup stack",
    },
};

/** How the plan's messages name a field: by its config key. */
export function snapshotFieldName(field: string): string {
    return `\`${configKey(field, SNAPSHOT_FIELDS, SECTION)}\``;
}

/** The plain `SnapshotCopyPlan` args for `strongbox:source.snapshots` (destinations come from the backup stack). */
export function snapshotCopyPlanArgs(
    s: SourceConfig & { snapshots: SnapshotsConfig },
    region: string,
    environment: string,
): PlainArgs {
    const n = s.snapshots;
    return {
        namePrefix: `strongbox-${environment}`,
        accountId: s.accountId,
        region,
        // A string to the config's schema; the component's validator refuses any other environment.
        environment: n.environment as Environment,
        selection: { resourceArns: n.resourceArns, resourceTags: n.resourceTags },
        sensitive: n.sensitive,
        rules: n.rules,
        pointInTimeRecoveryDays: n.pointInTimeRecoveryDays,
        allowShorterLongTermRetention: n.allowShorterLongTermRetention,
        lockLocalVault: n.lockLocalVault,
        keyAdminRoleArns: n.keyAdminRoleArns,
        breakGlassRoleArn: n.breakGlassRoleArn,
        scheduleTimezone: s.scheduleTimezone,
        notificationEmails: s.notificationEmails,
        describeField: snapshotFieldName,
    };
}

/** What the SnapshotCopyPlan's validator finds wrong with `strongbox:source.snapshots`, under its keys. */
export function snapshotConfigProblems(s: SourceConfig, region: string, environment: string): string[] {
    if (s.snapshots === undefined) return [];
    const args = snapshotCopyPlanArgs({ ...s, snapshots: s.snapshots }, region, environment);
    // The sensitive destination is the backup stack's sensitive vault, read at deploy time.
    const problems = snapshotCopyPlanProblems({
        ...args,
        sensitiveDestination: args.sensitive && ({} as never),
    });
    return configProblems(problems, SNAPSHOT_FIELDS, SECTION);
}
