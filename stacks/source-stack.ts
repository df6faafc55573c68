/**
 * The source-account stack (`prod-source`): the PgDumpRunner for every configured
 * database, writing into the bucket and key the backup stack exports, and, when
 * `strongbox:source.snapshots` is set, the SnapshotCopyPlan that copies RDS
 * snapshots into the backup account's locked vault of this region. Deploy after
 * the backup stack; its outputs arrive through a StackReference named in config.
 */
import * as pulumi from "@pulumi/pulumi";
import { PgDumpRunner } from "../components/pg-dump-runner";
import { pgDumpRunnerArgs, SourceStackConfig } from "./config";
import { BackupWriters, runnerRoleArn, runnerWriterGrant } from "./runner-grant";
import { declareSnapshotCopies } from "./source-snapshots";

/** The backup stack's required outputs, by the names it exports. */
export const REQUIRED_BACKUP_OUTPUTS = [
    "backupAccountId",
    "bucketName",
    "bucketArn",
    "bucketRegion",
    "kmsKeyArn",
    "keyPrefix",
    "retentionDays",
    "writers",
    "vaultName",
    "vaultArn",
    "vaultKmsKeyArn",
] as const;

/**
 * Read only when the stack copies RDS snapshots: the backup account's vaults per region, with their
 * locks' bounds (a missing one fails the check with its own message rather than `requireOutput`'s).
 */
export const SNAPSHOT_DESTINATION_OUTPUTS = ["vaultsByRegion"] as const;

export type BackupStackOutputs = {
    readonly [K in (typeof REQUIRED_BACKUP_OUTPUTS)[number]]: pulumi.Output<
        K extends "retentionDays" ? number : K extends "writers" ? BackupWriters : string
    >;
};

/** Reads every required output; `requireOutput` fails the deployment naming the missing one. */
export function readBackupStackOutputs(ref: pulumi.StackReference): BackupStackOutputs {
    const entries = REQUIRED_BACKUP_OUTPUTS.map((k) => [k, ref.requireOutput(k)] as const);
    return Object.fromEntries(entries) as unknown as BackupStackOutputs;
}

/** Test seams; a real deployment passes none. */
export interface SourceStackOptions {
    /** Runner bundle to upload instead of the one built from `dist/`. */
    readonly runnerBundle?: pulumi.asset.Archive;
}

export function buildSourceStack(
    cfg: SourceStackConfig,
    options: SourceStackOptions = {},
): Record<string, pulumi.Input<unknown>> {
    const s = cfg.source;
    const backupStack = new pulumi.StackReference(s.backupStack);
    const backup = readBackupStackOutputs(backupStack);
    // The args the config's validation already ran the component's own checks on, plus the target.
    const args = pgDumpRunnerArgs(s, cfg.region, cfg.environment);

    // The runner writes under the prefix the backup stack granted its role, and only databases granted there.
    // The check runs as soon as the backup stack's outputs are known: at preview for a deployed backup stack;
    // should they be unknown at preview, at `pulumi up`, before the runner's policies and project are
    // created (both take this prefix).
    const grant = backup.writers.apply((writers) =>
        runnerWriterGrant(
            writers,
            runnerRoleArn(s.accountId, s.runnerRoleName),
            s.databases.map((d) => d.name),
            s.backupStack,
        ),
    );
    const runner = new PgDumpRunner(`${args.namePrefix}-pgdump`, {
        ...args,
        target: {
            bucketName: backup.bucketName,
            bucketArn: backup.bucketArn,
            bucketRegion: backup.bucketRegion,
            kmsKeyArn: backup.kmsKeyArn,
            keyPrefix: grant.keyPrefix,
            retentionDays: backup.retentionDays,
        },
        runnerBundle: options.runnerBundle,
        tags: { ...cfg.tags, "strongbox:stack": "source", "strongbox:environment": cfg.environment },
    });

    const tags = { ...cfg.tags, "strongbox:stack": "source", "strongbox:environment": cfg.environment };
    const snapshots = declareSnapshotCopies(cfg, backupStack, tags);

    return {
        ...snapshots,
        runnerProjectName: runner.projectName,
        runnerRoleArn: runner.runnerRoleArn,
        runnerSecurityGroupId: runner.securityGroupId,
        runnerLogGroupName: runner.logGroupName,
        failureTopicArn: runner.failureTopicArn,
        scheduleGroupName: runner.scheduleGroupName,
        scheduleNames: runner.scheduleNames,
        artifactBucketName: runner.artifactBucketName,
        // Which backup target this source is paired with, for operators and the later backup-plan issue.
        backupBucketName: backup.bucketName,
        backupVaultArn: backup.vaultArn,
    };
}
