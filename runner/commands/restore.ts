import { Option } from "commander";
import { parseRestoreConfig, RESTORE_SETTINGS, type RestoreConfig } from "../config";
import type { Logger } from "../log";
import type { Manifest } from "../manifest";
import {
    connect,
    createDatabase,
    databaseExists,
    type DbConnection,
    dropDatabase,
    resolveConnection,
    userRelationCount,
} from "../postgres";
import { createS3Client, listDumps, newestBackup, readManifest } from "../s3";
import { restoreAndCheck } from "./checked-restore";
import { defineCommand } from "./spec";

export interface RestoreSummary {
    status: "ok" | "failed";
    key: string;
    targetDatabase: string;
    restoreSeconds: number;
    compressedBytes: number;
    tables: number;
    problems: string[];
}

/**
 * Restores a chosen dump (or the newest with a manifest) into `--target-db`. A target that holds any
 * relation is refused, because restoring plain SQL on top of existing objects half-fails; `--force`
 * drops and recreates it instead.
 */
export async function runRestore(
    config: RestoreConfig & { force?: boolean },
    log: Logger,
): Promise<RestoreSummary> {
    const connection = await resolveConnection(config);
    const s3 = createS3Client();
    try {
        const key =
            config.key ?? (await newestBackup(s3, config.bucket, config.keyPrefix, config.database))?.key;
        if (!key) {
            throw new Error(
                `no dump with a manifest for ${config.database} under ${config.bucket}/${config.keyPrefix}/; ` +
                    "check --dbname, --key-prefix and --bucket, or give --key",
            );
        }
        let manifest: Manifest | undefined;
        try {
            manifest = await readManifest(s3, config.bucket, key);
        } catch (error) {
            if (!config.key) throw error;
            log.warn("no-manifest", `restoring ${key} without a manifest: ${(error as Error).message}`, {
                key,
            });
        }
        if (
            config.key &&
            !(await listDumps(s3, config.bucket, config.keyPrefix, config.database)).some(
                (d) => d.key === key,
            )
        ) {
            log.warn("foreign-key", `${key} is not under ${config.keyPrefix}/${config.database}/`, { key });
        }
        await prepareTarget(connection, config, log);
        log.info("restore-started", `restoring ${key} into ${config.targetDb}`, {
            key,
            target: config.targetDb,
        });
        const checked = await restoreAndCheck(
            s3,
            config.bucket,
            key,
            manifest,
            connection,
            config.targetDb,
            config.psqlPath,
        );
        return {
            status: checked.problems.length === 0 ? "ok" : "failed",
            key,
            targetDatabase: config.targetDb,
            restoreSeconds: checked.restore.seconds,
            compressedBytes: checked.restore.compressedBytes,
            tables: Object.keys(checked.rowCounts).length,
            problems: checked.problems,
        };
    } finally {
        s3.destroy();
    }
}

async function prepareTarget(
    connection: DbConnection,
    config: RestoreConfig & { force?: boolean },
    log: Logger,
): Promise<void> {
    const admin = await connect(connection, config.maintenanceDb);
    try {
        if (!(await databaseExists(admin, config.targetDb))) {
            await createDatabase(admin, config.targetDb);
            return;
        }
        const target = await connect(connection, config.targetDb);
        const relations = await userRelationCount(target).finally(() => target.end().catch(() => undefined));
        if (relations === 0) return;
        if (!config.force) {
            throw new Error(
                `target database ${config.targetDb} is not empty (${relations} relations); restore into a new ` +
                    "database, or pass --force to drop and recreate it",
            );
        }
        log.warn("target-dropped", `--force: dropping and recreating ${config.targetDb}`, {
            target: config.targetDb,
        });
        await dropDatabase(admin, config.targetDb);
        await createDatabase(admin, config.targetDb);
    } finally {
        await admin.end().catch(() => undefined);
    }
}

export const restoreCommand = defineCommand({
    name: "restore",
    description:
        "Restore a dump (--key, or the newest with a manifest) into --target-db; refuses a non-empty " +
        "target unless --force, which drops and recreates it.",
    settings: RESTORE_SETTINGS,
    // Only a flag, never an environment variable: dropping a database must be asked for on each run.
    switches: () => [new Option("--force", "drop and recreate a non-empty target database")],
    parse: (flags, env) => ({ ...parseRestoreConfig(flags, env), force: flags.force === true }),
    run: async (config, log) => {
        const summary = await runRestore(config, log);
        if (summary.status !== "ok")
            log.error("restore-failed", `restore problems: ${summary.problems.join("; ")}`);
        return { output: summary, ok: summary.status === "ok" };
    },
});
