import type { S3Client } from "@aws-sdk/client-s3";
import { pipeline } from "node:stream/promises";
import type { DumpConfig } from "../config";
import type { Logger } from "../log";
import { countRows, type DbConnection, type ExportedSnapshot, libpqEnv, startPgDump } from "../postgres";
import type { RunningProcess } from "../run-command";
import { confirmLocked, kmsKeysMatch, type StreamingMultipartUpload } from "../s3";
import { ByteCounter, createDumpCompressor } from "../stream";

/**
 * pg_dump -> count -> gzip or zstd -> multipart upload, with row counts taken concurrently on the exporting
 * connection. The upload is completed only after pg_dump exited 0 and the counts succeeded; any failure
 * aborts it, so S3 never holds a truncated dump at the final key. Then the stored version's lock is read
 * back, and its retain-until (S3's, not ours) is returned for the manifest.
 */
export async function uploadDump(
    config: DumpConfig,
    log: Logger,
    s3: S3Client,
    upload: StreamingMultipartUpload,
    snapshot: ExportedSnapshot,
    connection: DbConnection,
    database: string,
) {
    const created = await upload.create();
    let pgDump: RunningProcess | undefined;
    let streamed: Promise<void> | undefined;
    // Once the upload fails, the pipeline tears down its streams and may report a generic AbortError
    // first; the upload's own error is the one that says what to check.
    let uploadError: unknown;
    let interrupted: NodeJS.Signals | undefined;
    let stopOnSignal: ((signal: NodeJS.Signals) => void) | undefined;
    let result;
    try {
        if (created.serverSideEncryption !== "aws:kms" || !kmsKeysMatch(config.kmsKeyId, created.kmsKeyId)) {
            throw new Error(
                `S3 would encrypt the dump with ${created.serverSideEncryption ?? "nothing"} ` +
                    `${created.kmsKeyId ?? ""}, not aws:kms with ${config.kmsKeyId}; check BACKUP_KMS_KEY_ID ` +
                    "and the bucket's default encryption",
            );
        }
        pgDump = startPgDump(config.pgDumpPath, snapshot.snapshotId, libpqEnv(connection, database));
        // CodeBuild stops a timed-out build with SIGTERM: end pg_dump so the failure path below aborts the
        // upload instead of the process dying with parts left behind.
        const running = pgDump;
        stopOnSignal = (signal: NodeJS.Signals) => {
            interrupted = signal;
            running.kill();
        };
        process.once("SIGTERM", stopOnSignal);
        process.once("SIGINT", stopOnSignal);
        const counter = new ByteCounter((total) =>
            log.progress({
                uncompressedBytes: total,
                compressedBytes: upload.bytesSoFar,
                parts: upload.partsSoFar,
            }),
        );
        const compressor = createDumpCompressor({
            compression: config.compression,
            level: config.compressionLevel,
            zstdPath: config.zstdPath,
        });
        streamed = pipeline(pgDump.child.stdout, counter, compressor, (source: AsyncIterable<Buffer>) =>
            upload.consume(source).catch((error: unknown) => {
                uploadError = error;
                throw error;
            }),
        );
        // Counting in the exporting transaction while pg_dump reads the same snapshot costs no extra time.
        const [rowCounts] = await Promise.all([countRows(snapshot.client), streamed, pgDump.finished]);
        log.endProgress();
        result = { ...(await upload.complete()), uncompressedBytes: counter.bytes, rowCounts };
    } catch (error) {
        pgDump?.kill();
        log.endProgress();
        // Let in-flight parts settle first, or a part stored after the abort would outlive it.
        await streamed?.catch(() => undefined);
        await upload
            .abort()
            .catch((abortError: unknown) =>
                log.error(
                    "abort-failed",
                    `could not abort multipart upload ${upload.id} of ${config.bucket}/${upload.targetKey}: ` +
                        `${(abortError as Error).message}; the bucket's abort-incomplete-uploads lifecycle rule ` +
                        "will remove its parts",
                    { uploadId: upload.id },
                ),
            );
        if (interrupted)
            throw new Error(`interrupted by ${interrupted} while streaming; nothing was completed`);
        throw uploadError ?? error;
    } finally {
        if (stopOnSignal) {
            process.removeListener("SIGTERM", stopOnSignal);
            process.removeListener("SIGINT", stopOnSignal);
        }
    }
    const retainUntil = await confirmLocked(
        s3,
        {
            bucket: config.bucket,
            key: upload.targetKey,
            versionId: result.versionId,
            what: "the dump",
            kmsKeyId: config.kmsKeyId,
            writtenAt: upload.startedAt,
            retentionDays: config.retentionDays,
        },
        log,
    );
    return { ...result, retainUntil };
}
