/**
 * The source stack's RDS snapshot copies: a SnapshotCopyPlan whose destinations are the backup
 * account's vaults in this stack's region, read from the backup stack's `vaultsByRegion` output. They
 * are read with `getOutput`, not `requireOutput`: a backup stack deployed before it exported them yields
 * nothing, and the plan's own check then says what to do instead of a bare "output not found".
 */
import * as pulumi from "@pulumi/pulumi";
import { SnapshotCopyPlan, SnapshotDestination } from "../components/snapshot-copy-plan";
import { snapshotCopyPlanArgs, SourceStackConfig } from "./config";

type Regional = Partial<
    Record<
        | "vaultArn"
        | "vaultMinRetentionDays"
        | "vaultMaxRetentionDays"
        | "sensitiveVaultArn"
        | "sensitiveVaultMinRetentionDays"
        | "sensitiveVaultMaxRetentionDays",
        unknown
    >
>;

function destinations(ref: pulumi.StackReference, region: string, backupStack: string) {
    const regional = ref
        .getOutput("vaultsByRegion")
        .apply((byRegion) => ((byRegion ?? {}) as Record<string, Regional | undefined>)[region] ?? {});
    const value = <T>(key: keyof Regional) => regional.apply((r) => r[key] as T | undefined);
    const from = `(\`vaultsByRegion\` of the backup stack ${backupStack})`;
    const destination: SnapshotDestination = {
        vaultArn: value<string>("vaultArn"),
        minRetentionDays: value<number>("vaultMinRetentionDays"),
        maxRetentionDays: value<number>("vaultMaxRetentionDays"),
        describedAs: `the backup account's vault for ${region} ${from}`,
        whenMissing: `add ${region} to \`strongbox:backup.vault.sourceRegions\` and \`pulumi up\` the backup stack first`,
    };
    const sensitiveDestination: SnapshotDestination = {
        vaultArn: value<string>("sensitiveVaultArn"),
        minRetentionDays: value<number>("sensitiveVaultMinRetentionDays"),
        maxRetentionDays: value<number>("sensitiveVaultMaxRetentionDays"),
        describedAs: `the backup account's sensitive vault for ${region} ${from}`,
        whenMissing: `set \`strongbox:backup.vault.sensitiveVault\` (and ${region} in \`sourceRegions\`) and \`pulumi up\` the backup stack first, or remove \`strongbox:source.snapshots.sensitive\``,
    };
    return { destination, sensitiveDestination };
}

/** Declares the plan when `strongbox:source.snapshots` is set; returns the stack outputs it adds. */
export function declareSnapshotCopies(
    cfg: SourceStackConfig,
    backupStack: pulumi.StackReference,
    tags: Record<string, string>,
): Record<string, pulumi.Output<unknown>> {
    const s = cfg.source;
    if (s.snapshots === undefined) return {};
    const args = snapshotCopyPlanArgs({ ...s, snapshots: s.snapshots }, cfg.region, cfg.environment);
    const { destination, sensitiveDestination } = destinations(backupStack, cfg.region, s.backupStack);
    const plan = new SnapshotCopyPlan(`${args.namePrefix}-snapshots`, {
        ...args,
        destination,
        sensitiveDestination: args.sensitive === undefined ? undefined : sensitiveDestination,
        tags,
    });
    return {
        snapshotPlanId: plan.planId,
        ...(plan.sensitivePlanId && { snapshotSensitivePlanId: plan.sensitivePlanId }),
        snapshotVaultName: plan.localVaultName,
        snapshotFailureTopicArn: plan.failureTopicArn,
        snapshotCopyVaultArn: plan.destinationVaultArn,
        ...(plan.sensitiveDestinationVaultArn && {
            snapshotSensitiveCopyVaultArn: plan.sensitiveDestinationVaultArn,
        }),
    };
}
