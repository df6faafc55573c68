import type { S3Client } from "@aws-sdk/client-s3";
import { Option } from "commander";
import { auditSwitchOptions, DRILL_SETTINGS, type DrillConfig, parseDrillConfig } from "../config";
import type { Logger } from "../log";
import { dropDatabase, resolveConnection, temporaryDatabaseName } from "../postgres";
import { createS3Client } from "../s3";
import { restoreIntoTemporary, withRestoreSlot } from "./atomic-restore";
import { type AuditTrail, receiptBase, recordChecks } from "./audit-trail";
import { type ChosenDump, chooseDump, s3DumpSource } from "./choose-dump";
import { type DrillServer, type EphemeralClusterInfo, withEphemeralCluster } from "./drill-ephemeral";
import { defineCommand } from "./spec";

export interface DrillReport {
    status: "ok" | "failed";
    database: string;
    key: string | null;
    versionId: string | null;
    /** The sha256 of the restored bytes, streamed as they were restored (null when the restore did not finish). */
    sha256: string | null;
    scratchDatabase: string | null;
    /** Wall-clock seconds from first byte requested to restore committed: the measured RTO. */
    restoreSeconds: number | null;
    /** The target it was held to (--rto-seconds / DRILL_RTO_SECONDS), or null. */
    rtoSeconds: number | null;
    compressedBytes: number | null;
    tablesCompared: number;
    /** With --ephemeral: the throwaway cluster, which is gone when the drill ends. */
    cluster: EphemeralClusterInfo | null;
    problems: string[];
    audit?: AuditTrail;
}

/**
 * Restores the chosen dump into a marked scratch database on `server` (after dropping what an
 * interrupted drill of the same database left), compares its row counts with the manifest, and always
 * drops the scratch database.
 */
async function restoreAndCompare(
    s3: S3Client,
    config: DrillConfig,
    chosen: ChosenDump,
    server: DrillServer,
    report: DrillReport,
    log: Logger,
    now: () => Date,
): Promise<void> {
    const { connection } = server;
    await withRestoreSlot(connection, server.maintenanceDb, "drill", config.database, log, async (admin) => {
        const startedAt = now();
        const scratch = temporaryDatabaseName("drill", config.database, startedAt);
        report.scratchDatabase = scratch;
        log.info("drill-restore", `restoring ${chosen.key} (version ${chosen.versionId}) into ${scratch}`, {
            key: chosen.key,
            versionId: chosen.versionId,
            scratch,
        });
        const temporary = await restoreIntoTemporary(admin, {
            s3,
            bucket: config.bucket,
            chosen,
            connection,
            psqlPath: server.psqlPath,
            zstdPath: config.zstdPath,
            purpose: "drill",
            target: config.database,
            name: scratch,
            startedAt,
        });
        report.restoreSeconds = temporary.restore.seconds;
        report.compressedBytes = temporary.restore.compressedBytes;
        report.sha256 = temporary.restore.sha256;
        report.tablesCompared = Object.keys(chosen.manifest?.rowCounts ?? {}).length;
        report.problems.push(...temporary.problems);
        await dropDatabase(admin, scratch).catch((error: unknown) =>
            report.problems.push(`could not drop scratch database ${scratch}: ${(error as Error).message}`),
        );
    });
}

/** A role the dump names but no cluster has: say what would have made it exist. */
function explained(message: string, config: DrillConfig): string {
    if (!config.ephemeral || !/role "[^"]+" does not exist/.test(message)) return message;
    return (
        `${message} (the dump names a role its manifest does not list: dumps made before manifests ` +
        "recorded the server's roles cannot be drilled with --ephemeral; drill them on a server that has the roles)"
    );
}

/**
 * Restores the newest dump (chosen as `restore` chooses: a suspect newest one fails the drill) into a
 * scratch database, on a server of yours or, with --ephemeral, in a throwaway cluster of the dump's major
 * version, compares row counts with the manifest, measures the restore against --rto-seconds, and
 * removes what it created. The scratch is a marked temporary database, so one left by a killed drill is
 * dropped by the next drill of the database.
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
        sha256: null,
        scratchDatabase: null,
        restoreSeconds: null,
        rtoSeconds: config.rtoSeconds ?? null,
        compressedBytes: null,
        tablesCompared: 0,
        cluster: null,
        problems: [],
    };
    const s3 = createS3Client();
    try {
        try {
            const source = s3DumpSource(s3, config.bucket, config.keyPrefix, config.database);
            const chosen = await chooseDump(source, { key: config.key, versionId: config.versionId }, log);
            report.key = chosen.key;
            report.versionId = chosen.versionId;
            if (!chosen.manifest)
                report.problems.push(`${chosen.key} has no manifest to compare the restore with`);
            const restore = (server: DrillServer) =>
                restoreAndCompare(s3, config, chosen, server, report, log, now);
            if (config.ephemeral) {
                await withEphemeralCluster(
                    { ...config, manifest: chosen.manifest, key: chosen.key, log },
                    (cluster) => (report.cluster = cluster),
                    restore,
                );
            } else {
                const connection = await resolveConnection(config);
                await restore({
                    connection,
                    maintenanceDb: config.maintenanceDb,
                    psqlPath: config.psqlPath ?? "psql",
                });
            }
        } catch (error) {
            report.problems.push(explained((error as Error).message, config));
        }
        if (report.cluster && !report.cluster.removed)
            report.problems.push(
                `the throwaway cluster's directory ${report.cluster.directory} could not be removed`,
            );
        if (
            config.rtoSeconds !== undefined &&
            report.restoreSeconds !== null &&
            report.restoreSeconds > config.rtoSeconds
        ) {
            report.problems.push(
                `the restore took ${report.restoreSeconds.toFixed(1)} s, over the RTO target of ${config.rtoSeconds} s`,
            );
        }
        report.status = report.problems.length === 0 ? "ok" : "failed";
        const { switches } = config;
        if (switches.receipts || switches.publishMetrics)
            report.audit = await recordDrill(s3, config, report, log, now());
        return report;
    } finally {
        s3.destroy();
    }
}

function recordDrill(s3: S3Client, config: DrillConfig, report: DrillReport, log: Logger, at: Date) {
    const { key, versionId, sha256, status, problems, restoreSeconds, database, ...details } = report;
    const command = config.ephemeral ? "drill --ephemeral" : "drill";
    const ok = status === "ok" ? 1 : 0;
    return recordChecks(
        { s3, ...config, log },
        [
            {
                ...receiptBase(command, config.bucket, at),
                kind: "drill",
                database,
                key,
                versionId,
                sha256,
                verdict: status,
                problems,
                restoreSeconds,
                details,
            },
        ],
        [
            { metric: "drillSucceeded", database, value: ok, at },
            ...(restoreSeconds === null
                ? []
                : [{ metric: "restoreSeconds" as const, database, value: restoreSeconds, at }]),
        ],
    );
}

export const drillCommand = defineCommand({
    name: "drill",
    description:
        "Restore the newest dump (by S3's clock; a suspect one fails the drill) into a scratch database, " +
        "or with --ephemeral into a throwaway PostgreSQL of the dump's major version, compare row counts " +
        "with the manifest, report the restore time (measured RTO), and remove what it created.",
    settings: DRILL_SETTINGS,
    switches: () => [
        new Option(
            "--ephemeral",
            "restore into a throwaway PostgreSQL of the dump's major version (started on a free loopback " +
                "port in a temporary directory, removed afterwards) instead of a server of yours",
        ),
        ...auditSwitchOptions(),
    ],
    parse: parseDrillConfig,
    run: async (config, log) => {
        const report = await runDrill(config, log);
        if (report.status !== "ok") log.error("drill-failed", `drill failed: ${report.problems.join("; ")}`);
        const recorded = (report.audit?.problems.length ?? 0) === 0;
        return { output: report, ok: report.status === "ok" && recorded };
    },
});
