import { COMPRESSIONS } from "../../shared/compression";
import { dumpKey, manifestKey } from "../../shared/object-key";
import { DUMP_SETTINGS, type DumpConfig, label, parseDumpConfig } from "../config";
import type { Logger } from "../log";
import type { Manifest } from "../manifest";
import {
    clientMajor,
    connect,
    ExportedSnapshot,
    listRoles,
    pgDumpVersion,
    resolveConnection,
    serverInfo,
    serverMajor,
    versionMismatch,
} from "../postgres";
import {
    confirmLocked,
    createS3Client,
    putManifest,
    requireObjectLock,
    StreamingMultipartUpload,
} from "../s3";
import { checkZstd } from "../stream";
import { uploadDump } from "./dump-stream";
import { defineCommand } from "./spec";

export interface DumpSummary {
    status: "ok";
    database: string;
    bucket: string;
    key: string;
    manifestKey: string;
    versionId: string | null;
    compressedBytes: number;
    uncompressedBytes: number;
    sha256: string;
    parts: number;
    /** The manifest's `format` (`plain-sql-gzip`, `plain-sql-zstd`) and the level used. */
    format: string;
    level: number;
    retainUntil: string;
    durationSeconds: number;
}

export async function runDump(
    config: DumpConfig,
    log: Logger,
    now: () => Date = () => new Date(),
): Promise<DumpSummary> {
    const startedAt = now();
    const spec = COMPRESSIONS[config.compression];
    const level = config.compressionLevel ?? spec.levels.default;
    // First of all: a build without the zstd executable fails here, before any connection or upload.
    if (config.compression === "zstd") {
        const { version } = await checkZstd(config.zstdPath, label("zstdPath"));
        log.info("zstd-found", `compressing with zstd ${version} at level ${level}`, { version, level });
    }
    const connection = await resolveConnection(config);
    const database = connection.database;
    const key = dumpKey(config.keyPrefix, database, startedAt, spec.keySuffix);
    const s3 = createS3Client();

    const client = await connect(connection);
    try {
        const server = await serverInfo(client);
        const roles = await listRoles(client);
        const pgDumpVersionText = await pgDumpVersion(config.pgDumpPath);
        const mismatch = versionMismatch(
            clientMajor(pgDumpVersionText),
            serverMajor(server.serverVersionNum),
            config.pgDumpPath,
        );
        if (mismatch) throw new Error(mismatch);
        await requireObjectLock(s3, config.bucket, log);

        const snapshot = await ExportedSnapshot.open(client);
        log.info("snapshot-exported", `dumping ${database} at snapshot ${snapshot.snapshotId} to ${key}`, {
            database,
            key,
            snapshot: snapshot.snapshotId,
            pgDumpVersion: pgDumpVersionText,
            serverVersion: server.serverVersion,
        });
        const upload = new StreamingMultipartUpload(
            s3,
            {
                bucket: config.bucket,
                key,
                kmsKeyId: config.kmsKeyId,
                contentType: spec.contentType,
                metadata: { "strongbox-database": database },
            },
            {
                expectedBytes: config.expectedSize,
                concurrency: config.uploadConcurrency,
                onPart: (part, bytes) => log.info("part-uploaded", `part ${part} stored`, { part, bytes }),
            },
        );
        const result = await uploadDump(config, log, s3, upload, snapshot, connection, database);
        try {
            await snapshot.close();
        } catch {
            // The dump already finished; a failed COMMIT of a read-only transaction changes nothing.
        }

        const versionId = result.versionId ?? null;
        const manifest: Manifest = {
            formatVersion: 1,
            database,
            bucket: config.bucket,
            key,
            versionId,
            compressedBytes: result.compressedBytes,
            uncompressedBytes: result.uncompressedBytes,
            sha256: result.sha256,
            parts: result.parts,
            format: spec.format,
            level,
            pgDumpVersion: pgDumpVersionText,
            serverVersion: server.serverVersion,
            snapshot: snapshot.snapshotId,
            startedAt: startedAt.toISOString(),
            finishedAt: now().toISOString(),
            retainUntil: result.retainUntil.toISOString(),
            kmsKeyId: config.kmsKeyId,
            rowCounts: result.rowCounts,
            roles,
        };
        const manifestAt = manifestKey(key);
        const manifestWrittenAt = now();
        const manifestVersionId = await putManifest(
            s3,
            { bucket: config.bucket, key: manifestAt, kmsKeyId: config.kmsKeyId },
            manifest,
        );
        await confirmLocked(
            s3,
            {
                bucket: config.bucket,
                key: manifestAt,
                versionId: manifestVersionId,
                what: "the manifest",
                kmsKeyId: config.kmsKeyId,
                writtenAt: manifestWrittenAt,
                retentionDays: config.retentionDays,
            },
            log,
        );
        const summary: DumpSummary = {
            status: "ok",
            database,
            bucket: config.bucket,
            key,
            manifestKey: manifestAt,
            versionId,
            compressedBytes: result.compressedBytes,
            uncompressedBytes: result.uncompressedBytes,
            sha256: result.sha256,
            parts: result.parts,
            format: spec.format,
            level,
            retainUntil: result.retainUntil.toISOString(),
            durationSeconds: (now().getTime() - startedAt.getTime()) / 1000,
        };
        log.info("dump-finished", `dump of ${database} stored and verified locked at ${key}`, { ...summary });
        return summary;
    } finally {
        await client.end().catch(() => undefined);
        s3.destroy();
    }
}

export const dumpCommand = defineCommand({
    name: "dump",
    description:
        "Stream pg_dump (plain SQL) through gzip (or zstd) into a COMPLIANCE-locked, SSE-KMS multipart " +
        "upload at <prefix>/<db>/<YYYY>/<MM>/<DD>/<db>_<YYYYMMDDTHHMMSSZ>.sql.gz (.sql.zst) with a locked " +
        "manifest beside it.",
    settings: DUMP_SETTINGS,
    parse: parseDumpConfig,
    run: async (config, log) => ({ output: await runDump(config, log), ok: true }),
});
