import { DRILL_SETTINGS, type DrillConfig, parseDrillConfig } from "../config";
import type { Logger } from "../log";
import { connect, createDatabase, dropDatabase, resolveConnection, scratchDatabaseName } from "../postgres";
import { createS3Client, newestBackup, readManifest } from "../s3";
import { restoreAndCheck } from "./checked-restore";
import { defineCommand } from "./spec";

export interface DrillReport {
    status: "ok" | "failed";
    database: string;
    key: string | null;
    scratchDatabase: string;
    /** Wall-clock seconds from first byte requested to restore committed: the measured RTO. */
    restoreSeconds: number | null;
    compressedBytes: number | null;
    tablesCompared: number;
    problems: string[];
}

/** Restores the newest dump into a scratch database, compares row counts, and always drops the scratch. */
export async function runDrill(
    config: DrillConfig,
    log: Logger,
    now: () => Date = () => new Date(),
): Promise<DrillReport> {
    const connection = await resolveConnection(config);
    const scratch = scratchDatabaseName(config.database, now());
    const report: DrillReport = {
        status: "failed",
        database: config.database,
        key: null,
        scratchDatabase: scratch,
        restoreSeconds: null,
        compressedBytes: null,
        tablesCompared: 0,
        problems: [],
    };
    const s3 = createS3Client();
    const admin = await connect(connection, config.maintenanceDb);
    let created = false;
    try {
        const newest = await newestBackup(s3, config.bucket, config.keyPrefix, config.database);
        if (!newest)
            throw new Error(
                `no dump with a manifest for ${config.database} under ${config.bucket}/${config.keyPrefix}/`,
            );
        report.key = newest.key;
        const manifest = await readManifest(s3, config.bucket, newest.key);
        await createDatabase(admin, scratch);
        created = true;
        log.info("drill-restore", `restoring ${newest.key} into scratch database ${scratch}`, {
            key: newest.key,
            scratch,
        });
        const checked = await restoreAndCheck(
            s3,
            config.bucket,
            newest.key,
            manifest,
            connection,
            scratch,
            config.psqlPath,
        );
        report.restoreSeconds = checked.restore.seconds;
        report.compressedBytes = checked.restore.compressedBytes;
        report.tablesCompared = Object.keys(manifest.rowCounts).length;
        report.problems.push(...checked.problems);
    } catch (error) {
        report.problems.push((error as Error).message);
    } finally {
        if (created) {
            await dropDatabase(admin, scratch).catch((error: unknown) =>
                report.problems.push(
                    `could not drop scratch database ${scratch}: ${(error as Error).message}`,
                ),
            );
        }
        await admin.end().catch(() => undefined);
        s3.destroy();
    }
    report.status = report.problems.length === 0 ? "ok" : "failed";
    return report;
}

export const drillCommand = defineCommand({
    name: "drill",
    description:
        "Restore the newest dump into a scratch database on the given server, compare row counts with " +
        "the manifest, report the restore time (measured RTO) and drop the scratch database.",
    settings: DRILL_SETTINGS,
    parse: parseDrillConfig,
    run: async (config, log) => {
        const report = await runDrill(config, log);
        if (report.status !== "ok") log.error("drill-failed", `drill failed: ${report.problems.join("; ")}`);
        return { output: report, ok: report.status === "ok" };
    },
});
