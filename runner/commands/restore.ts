import { Option } from "commander";
import type { Client } from "pg";
import { parseRestoreConfig, RESTORE_SETTINGS, type RestoreConfig } from "../config";
import type { Logger } from "../log";
import {
    connect,
    databaseExists,
    type DbConnection,
    dropDatabase,
    markVerified,
    promoteTemporary,
    resolveConnection,
    temporaryDatabaseName,
    userRelationCount,
} from "../postgres";
import { createS3Client } from "../s3";
import { restoreIntoTemporary, type TemporaryRestore, withRestoreSlot } from "./atomic-restore";
import { type ChosenDump, chooseDump, s3DumpSource } from "./choose-dump";
import { compareRowCounts, formatRestoreSummary, type RestoreView } from "./restore-table";
import { defineCommand } from "./spec";

export interface RestoreSummary extends RestoreView {
    database: string;
    tables: number;
}

/** Relations (tables, views, sequences...) in the target, or undefined when it does not exist. */
async function relationsIn(
    admin: Client,
    connection: DbConnection,
    target: string,
): Promise<number | undefined> {
    if (!(await databaseExists(admin, target))) return undefined;
    const db = await connect(connection, target);
    return userRelationCount(db).finally(() => db.end().catch(() => undefined));
}

/** A target with data is refused unless --force: restoring over an application's database is never implied. */
async function refuseNonEmptyTarget(
    admin: Client,
    connection: DbConnection,
    config: RestoreConfig,
): Promise<void> {
    const relations = await relationsIn(admin, connection, config.targetDb);
    if (relations === undefined || relations === 0 || config.force) return;
    throw new Error(
        `target database ${config.targetDb} is not empty (${relations} relations); restore into a new ` +
            "database, or pass --force to replace it once the restored copy is complete",
    );
}

/** A plain dump names its roles without creating them; on a server without them, say what to do. */
function explainMissingRole(error: unknown, config: RestoreConfig): Error {
    const message = (error as Error).message;
    const role = /role "([^"]+)" does not exist/.exec(message)?.[1];
    if (role === undefined || (config.skips.owner && config.skips.privileges)) return error as Error;
    return new Error(
        `${message}. The dump names role ${role}, which the target server does not have: create the dump's ` +
            "roles there first, or restore with --no-owner (the restoring user owns everything) and " +
            "--no-privileges (no GRANT or REVOKE)",
    );
}

function summaryOf(
    config: RestoreConfig,
    chosen: ChosenDump,
    temporary: TemporaryRestore,
    status: "ok" | "failed",
): RestoreSummary {
    return {
        status,
        database: config.database,
        key: chosen.key,
        versionId: chosen.versionId,
        targetDatabase: config.targetDb,
        storedAt: chosen.entry.storedAt.toISOString(),
        snapshotAt: chosen.manifest?.startedAt ?? null,
        at: config.at?.toISOString() ?? null,
        restoreSeconds: temporary.restore.seconds,
        compressedBytes: temporary.restore.compressedBytes,
        tables: Object.keys(temporary.rowCounts).length,
        rowCounts: compareRowCounts(chosen.manifest?.rowCounts, temporary.rowCounts),
        skipped: temporary.restore.skipped ?? null,
        problems: [...temporary.problems],
    };
}

/**
 * Restores the chosen dump (chooseDump: the newest by S3's clock, the newest stored at or before --at, or
 * an exact --key/--version-id) so that `--target-db` either does not change or, at the end, is the
 * complete, checked copy: the data goes into a temporary database, which gets the target's name only once
 * the stream matched the manifest and the row counts agree. With --force an existing target is dropped
 * only then, right before the rename.
 */
export async function runRestore(
    config: RestoreConfig,
    log: Logger,
    now: () => Date = () => new Date(),
): Promise<RestoreSummary> {
    const connection = await resolveConnection(config);
    const s3 = createS3Client();
    try {
        const chosen = await chooseDump(
            s3DumpSource(s3, config.bucket, config.keyPrefix, config.database),
            { key: config.key, versionId: config.versionId, at: config.at },
            log,
        );
        const target = config.targetDb;
        return await withRestoreSlot(
            connection,
            config.maintenanceDb,
            "restore",
            target,
            log,
            async (admin) => {
                // Before the download: an hour of streaming must not end in "the target is not empty".
                await refuseNonEmptyTarget(admin, connection, config);
                const startedAt = now();
                const name = temporaryDatabaseName("restore", target, startedAt);
                log.info(
                    "restore-started",
                    `restoring ${chosen.key} (version ${chosen.versionId}) into ${name}`,
                    {
                        key: chosen.key,
                        versionId: chosen.versionId,
                        temporaryDatabase: name,
                        target,
                    },
                );
                const temporary = await restoreIntoTemporary(admin, {
                    s3,
                    bucket: config.bucket,
                    chosen,
                    connection,
                    psqlPath: config.psqlPath,
                    zstdPath: config.zstdPath,
                    skips: config.skips,
                    purpose: "restore",
                    target,
                    name,
                    startedAt,
                }).catch((error: unknown) => {
                    throw explainMissingRole(error, config);
                });
                if (temporary.problems.length > 0) {
                    await dropDatabase(admin, name);
                    const summary = summaryOf(config, chosen, temporary, "failed");
                    summary.problems.push(
                        `${target} was not touched: the temporary database ${name} was dropped`,
                    );
                    return summary;
                }
                await markVerified(admin, name, temporary.marker);
                // Checked again: the target may have been created or filled while the dump streamed.
                await refuseNonEmptyTarget(admin, connection, config).catch(async (error: unknown) => {
                    await dropDatabase(admin, name);
                    throw error;
                });
                if (await databaseExists(admin, target)) {
                    log.warn("target-replaced", `dropping ${target} to give its name to the restored copy`, {
                        target,
                    });
                    await dropDatabase(admin, target);
                }
                await promoteTemporary(admin, name, target).catch((error: unknown) => {
                    throw new Error(
                        `could not give the checked copy ${name} the name ${target}: ${(error as Error).message}; ` +
                            `it stays under its temporary name (the next restore into ${target} drops it)`,
                    );
                });
                const summary = summaryOf(config, chosen, temporary, "ok");
                log.info(
                    "restore-finished",
                    `${target} now holds ${chosen.key} (version ${chosen.versionId})`,
                    {
                        ...summary,
                    },
                );
                return summary;
            },
        );
    } finally {
        s3.destroy();
    }
}

export const restoreCommand = defineCommand({
    name: "restore",
    description:
        "Restore a dump (the newest by S3's clock, refused if suspect; the newest stored at or before --at; " +
        "or --key [--version-id]) into --target-db, atomically: into a temporary database that is renamed " +
        "only once it is complete and checked, then print each table's rows against the manifest's. " +
        "Refuses a non-empty target unless --force.",
    settings: RESTORE_SETTINGS,
    // Only flags, never environment variables: each changes what happens to a server, or which dump is
    // restored, and must be asked for on each run.
    switches: () => [
        new Option("--force", "replace a non-empty target database, once the restored copy is complete"),
        new Option(
            "--at <when>",
            "the newest good dump S3 stored at or before this time: 2026-11-01, 2026-11-01T06:00:00Z, or 7d / " +
                "12h ago (not with --key)",
        ),
        new Option("--no-owner", "leave out ALTER ... OWNER TO: the restoring user owns every object"),
        new Option("--no-privileges", "leave out GRANT, REVOKE and ALTER DEFAULT PRIVILEGES"),
        new Option("--json", "print JSON even on a terminal"),
    ],
    parse: parseRestoreConfig,
    run: async (config, log) => {
        const summary = await runRestore(config, log);
        if (summary.status !== "ok")
            log.error("restore-failed", `restore problems: ${summary.problems.join("; ")}`);
        const table = !config.json && process.stdout.isTTY;
        return { output: table ? formatRestoreSummary(summary) : summary, ok: summary.status === "ok" };
    },
});
