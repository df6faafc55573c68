import { DRILL_SETTINGS, type DrillConfig, parseDrillConfig } from "../config";
import type { Logger } from "../log";
import { dropDatabase, resolveConnection, temporaryDatabaseName } from "../postgres";
import { createS3Client } from "../s3";
import { restoreIntoTemporary, withRestoreSlot } from "./atomic-restore";
import { chooseDump, s3DumpSource } from "./choose-dump";
import { defineCommand } from "./spec";

export interface DrillReport {
    status: "ok" | "failed";
    database: string;
    key: string | null;
    versionId: string | null;
    scratchDatabase: string | null;
    /** Wall-clock seconds from first byte requested to restore committed: the measured RTO. */
    restoreSeconds: number | null;
    compressedBytes: number | null;
    tablesCompared: number;
    problems: string[];
}

/**
 * Restores the newest dump (chosen as `restore` chooses: a suspect newest one fails the drill) into a
 * scratch database, compares row counts with the manifest, and always drops the scratch. The scratch is a
 * marked temporary database, so one left by a killed drill is dropped by the next drill of the database.
 */
export async function runDrill(
    config: DrillConfig,
    log: Logger,
    now: () => Date = () => new Date(),
): Promise<DrillReport> {
    const report: DrillReport = {
        status: "failed",
        database: config.database,
        key: null,
        versionId: null,
        scratchDatabase: null,
        restoreSeconds: null,
        compressedBytes: null,
        tablesCompared: 0,
        problems: [],
    };
    const s3 = createS3Client();
    try {
        const connection = await resolveConnection(config);
        const chosen = await chooseDump(
            s3DumpSource(s3, config.bucket, config.keyPrefix, config.database),
            { key: config.key, versionId: config.versionId },
            log,
        );
        report.key = chosen.key;
        report.versionId = chosen.versionId;
        if (!chosen.manifest)
            report.problems.push(`${chosen.key} has no manifest to compare the restore with`);
        await withRestoreSlot(
            connection,
            config.maintenanceDb,
            "drill",
            config.database,
            log,
            async (admin) => {
                const startedAt = now();
                const scratch = temporaryDatabaseName("drill", config.database, startedAt);
                report.scratchDatabase = scratch;
                log.info(
                    "drill-restore",
                    `restoring ${chosen.key} (version ${chosen.versionId}) into ${scratch}`,
                    {
                        key: chosen.key,
                        versionId: chosen.versionId,
                        scratch,
                    },
                );
                const temporary = await restoreIntoTemporary(admin, {
                    s3,
                    bucket: config.bucket,
                    chosen,
                    connection,
                    psqlPath: config.psqlPath,
                    zstdPath: config.zstdPath,
                    purpose: "drill",
                    target: config.database,
                    name: scratch,
                    startedAt,
                });
                report.restoreSeconds = temporary.restore.seconds;
                report.compressedBytes = temporary.restore.compressedBytes;
                report.tablesCompared = Object.keys(chosen.manifest?.rowCounts ?? {}).length;
                report.problems.push(...temporary.problems);
                await dropDatabase(admin, scratch).catch((error: unknown) =>
                    report.problems.push(
                        `could not drop scratch database ${scratch}: ${(error as Error).message}`,
                    ),
                );
            },
        );
    } catch (error) {
        report.problems.push((error as Error).message);
    } finally {
        s3.destroy();
    }
    report.status = report.problems.length === 0 ? "ok" : "failed";
    return report;
}

export const drillCommand = defineCommand({
    name: "drill",
    description:
        "Restore the newest dump (by S3's clock; a suspect one fails the drill) into a scratch database, " +
        "compare row counts with the manifest, report the restore time (measured RTO), drop the scratch.",
    settings: DRILL_SETTINGS,
    parse: parseDrillConfig,
    run: async (config, log) => {
        const report = await runDrill(config, log);
        if (report.status !== "ok") log.error("drill-failed", `drill failed: ${report.problems.join("; ")}`);
        return { output: report, ok: report.status === "ok" };
    },
});
