import type { S3Client } from "@aws-sdk/client-s3";
import type { Client } from "pg";
import { label } from "../config";
import type { Logger } from "../log";
import { rowCountDifferences } from "../manifest";
import {
    connect,
    countRows,
    createTemporaryDatabase,
    type DbConnection,
    dropDatabase,
    lockTarget,
    type RowCounts,
    type TemporaryMarker,
    type TemporaryPurpose,
    temporaryLeftovers,
} from "../postgres";
import { checkZstd, dumpFormatOf, type OwnershipSkips, restoreObject, type RestoreResult } from "../stream";
import type { ChosenDump } from "./choose-dump";

/**
 * The part `restore` and `drill` share: a maintenance connection that holds the target's advisory lock
 * for the whole run, after removing what interrupted runs for the same purpose and target left behind
 * (only databases whose name and comment both carry Strongbox's marker; see temporary-database.ts).
 */
export async function withRestoreSlot<T>(
    connection: DbConnection,
    maintenanceDb: string,
    purpose: TemporaryPurpose,
    target: string,
    log: Logger,
    body: (admin: Client) => Promise<T>,
): Promise<T> {
    const admin = await connect(connection, maintenanceDb);
    try {
        await lockTarget(admin, purpose, target);
        for (const { name, marker } of await temporaryLeftovers(admin, purpose, target)) {
            await dropDatabase(admin, name);
            log.warn(
                "leftover-dropped",
                `dropped ${name}, left by an interrupted ${purpose} of ${marker.key} (version ${marker.versionId}) ` +
                    `for ${target} that started at ${marker.startedAt}` +
                    (marker.verified
                        ? "; it had been checked but was never renamed, so run the restore again"
                        : "; it held a partial restore that was never given a real name"),
                { database: name, key: marker.key, versionId: marker.versionId, target },
            );
        }
        return await body(admin);
    } finally {
        await admin.end().catch(() => undefined);
    }
}

export interface TemporaryRestore {
    marker: TemporaryMarker;
    restore: RestoreResult;
    rowCounts: RowCounts;
    /** Row-count differences with the manifest; empty when they agree. */
    problems: string[];
}

async function countRowsIn(connection: DbConnection, database: string): Promise<RowCounts> {
    const db = await connect(connection, database);
    try {
        return await countRows(db);
    } finally {
        await db.end().catch(() => undefined);
    }
}

/**
 * Restores the chosen version into a new database `name`, marked as Strongbox's temporary, and compares
 * its rows with the manifest. How it is decompressed is the manifest's `format` (format.ts); a manifest
 * that contradicts its key, or a zstd dump with no usable zstd, is refused before the temporary database
 * exists. When the restore fails the temporary database is dropped before the error propagates; the
 * caller decides what a row-count difference means and when to drop or rename.
 */
export async function restoreIntoTemporary(
    admin: Client,
    run: {
        s3: S3Client;
        bucket: string;
        chosen: ChosenDump;
        connection: DbConnection;
        psqlPath: string;
        /** The `zstd` executable, for zstd dumps. Default `zstd` on PATH. */
        zstdPath?: string;
        /** Ownership and privilege statements to leave out (restore only). Default none. */
        skips?: OwnershipSkips;
        purpose: TemporaryPurpose;
        target: string;
        name: string;
        startedAt: Date;
    },
): Promise<TemporaryRestore> {
    const { chosen, name } = run;
    const format = dumpFormatOf(chosen.key, chosen.manifest);
    if (format.compression === "zstd") await checkZstd(run.zstdPath ?? "zstd", label("zstdPath"));
    const marker: TemporaryMarker = {
        purpose: run.purpose,
        target: run.target,
        key: chosen.key,
        versionId: chosen.versionId,
        startedAt: run.startedAt.toISOString(),
    };
    await createTemporaryDatabase(admin, name, marker);
    try {
        const restore = await restoreObject(
            run.s3,
            { bucket: run.bucket, key: chosen.key, versionId: chosen.versionId },
            run.connection,
            name,
            { psqlPath: run.psqlPath, zstdPath: run.zstdPath, skips: run.skips },
            format,
            // Checked while streaming, so a dump that differs from its manifest is never committed.
            chosen.manifest && {
                sha256: chosen.manifest.sha256,
                compressedBytes: chosen.manifest.compressedBytes,
            },
        );
        const rowCounts = await countRowsIn(run.connection, name);
        const problems = chosen.manifest ? rowCountDifferences(chosen.manifest.rowCounts, rowCounts) : [];
        return { marker, restore, rowCounts, problems };
    } catch (error) {
        const dropped = await dropDatabase(admin, name).then(
            () => `the temporary database ${name} was dropped`,
            (dropError: unknown) =>
                `the temporary database ${name} could not be dropped (${(dropError as Error).message}); ` +
                "the next run for the same target drops it",
        );
        throw new Error(`${(error as Error).message}; ${dropped}`);
    }
}
