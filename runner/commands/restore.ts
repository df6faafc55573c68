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
import { restoreIntoTemporary, withRestoreSlot } from "./atomic-restore";
import { chooseDump, s3DumpSource } from "./choose-dump";
import { defineCommand } from "./spec";

export interface RestoreSummary {
    status: "ok" | "failed";
    key: string;
    versionId: string;
    targetDatabase: string;
    restoreSeconds: number;
    compressedBytes: number;
    tables: number;
    problems: string[];
}

type Config = RestoreConfig & { force?: boolean };

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
async function refuseNonEmptyTarget(admin: Client, connection: DbConnection, config: Config): Promise<void> {
    const relations = await relationsIn(admin, connection, config.targetDb);
    if (relations === undefined || relations === 0 || config.force) return;
    throw new Error(
        `target database ${config.targetDb} is not empty (${relations} relations); restore into a new ` +
            "database, or pass --force to replace it once the restored copy is complete",
    );
}

/**
 * Restores the chosen dump (chooseDump: the newest by S3's clock, or an exact --key/--version-id) so that
 * `--target-db` either does not change or, at the end, is the complete, checked copy: the data goes into
 * a temporary database, which gets the target's name only once the stream matched the manifest and the
 * row counts agree. With --force an existing target is dropped only then, right before the rename.
 */
export async function runRestore(
    config: Config,
    log: Logger,
    now: () => Date = () => new Date(),
): Promise<RestoreSummary> {
    const connection = await resolveConnection(config);
    const s3 = createS3Client();
    try {
        const chosen = await chooseDump(
            s3DumpSource(s3, config.bucket, config.keyPrefix, config.database),
            { key: config.key, versionId: config.versionId },
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
                    purpose: "restore",
                    target,
                    name,
                    startedAt,
                });
                const summary: RestoreSummary = {
                    status: "ok",
                    key: chosen.key,
                    versionId: chosen.versionId,
                    targetDatabase: target,
                    restoreSeconds: temporary.restore.seconds,
                    compressedBytes: temporary.restore.compressedBytes,
                    tables: Object.keys(temporary.rowCounts).length,
                    problems: temporary.problems,
                };
                if (temporary.problems.length > 0) {
                    await dropDatabase(admin, name);
                    summary.status = "failed";
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
        "Restore a dump (the newest by S3's clock, refused if suspect; or --key [--version-id]) into " +
        "--target-db, atomically: into a temporary database that is renamed only once it is complete and " +
        "checked. Refuses a non-empty target unless --force.",
    settings: RESTORE_SETTINGS,
    // Only a flag, never an environment variable: dropping a database must be asked for on each run.
    switches: () => [
        new Option("--force", "replace a non-empty target database, once the restored copy is complete"),
    ],
    parse: (flags, env) => ({ ...parseRestoreConfig(flags, env), force: flags.force === true }),
    run: async (config, log) => {
        const summary = await runRestore(config, log);
        if (summary.status !== "ok")
            log.error("restore-failed", `restore problems: ${summary.problems.join("; ")}`);
        return { output: summary, ok: summary.status === "ok" };
    },
});
