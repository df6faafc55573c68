import {
    DeleteObjectCommand,
    PutObjectCommand,
    PutObjectRetentionCommand,
    type S3Client,
} from "@aws-sdk/client-s3";
import { pipeline } from "node:stream/promises";
import { createS3Client } from "../aws-clients";
import { requireObjectLock } from "../bucket-preflight";
import { ByteCounter } from "../byte-counter";
import type { DumpConfig } from "../config";
import { type DbConnection, libpqEnv, resolveConnection } from "../db-connection";
import { createDumpGzip } from "../gzip-factory";
import { dumpKey, manifestKey } from "../../../shared/object-key";
import { kmsKeysMatch } from "../kms-key-id";
import { headObject, lockProblems } from "../lock-check";
import type { Logger } from "../log";
import type { Manifest } from "../manifest";
import { StreamingMultipartUpload } from "../multipart-upload";
import { pgDumpArgs, pgDumpVersion } from "../pg-dump-process";
import { type RunningProcess, startProcess } from "../run-command";
import { connect, countRows, ExportedSnapshot, serverInfo } from "../pg-snapshot";
import { clientMajor, serverMajor, versionMismatch } from "../pg-version";

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
    retainUntil: string;
    durationSeconds: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function runDump(
    config: DumpConfig,
    log: Logger,
    now: () => Date = () => new Date(),
): Promise<DumpSummary> {
    const startedAt = now();
    const connection = await resolveConnection(config);
    const database = connection.database;
    // Whole seconds: S3 stores retain-until with second precision, and the read-back compares exactly.
    const retainUntil = new Date(
        Math.ceil((startedAt.getTime() + config.retentionDays * DAY_MS) / 1000) * 1000,
    );
    const key = dumpKey(config.keyPrefix, database, startedAt);
    const s3 = createS3Client();

    const client = await connect(connection);
    try {
        const server = await serverInfo(client);
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
                retainUntil,
                contentType: "application/gzip",
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
            format: "plain-sql-gzip",
            pgDumpVersion: pgDumpVersionText,
            serverVersion: server.serverVersion,
            snapshot: snapshot.snapshotId,
            startedAt: startedAt.toISOString(),
            finishedAt: now().toISOString(),
            retainUntil: retainUntil.toISOString(),
            kmsKeyId: config.kmsKeyId,
            rowCounts: result.rowCounts,
        };
        const manifestAt = manifestKey(key);
        await putLockedManifest(s3, config, manifestAt, manifest, retainUntil);
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
            retainUntil: retainUntil.toISOString(),
            durationSeconds: (now().getTime() - startedAt.getTime()) / 1000,
        };
        log.info("dump-finished", `dump of ${database} stored and verified locked at ${key}`, { ...summary });
        return summary;
    } finally {
        await client.end().catch(() => undefined);
        s3.destroy();
    }
}

/**
 * pg_dump -> count -> gzip -> multipart upload, with row counts taken concurrently on the exporting
 * connection. The upload is completed only after pg_dump exited 0 and the counts succeeded; any failure
 * aborts it, so S3 never holds a truncated dump at the final key.
 */
async function uploadDump(
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
        pgDump = startProcess(
            "pg_dump",
            config.pgDumpPath,
            pgDumpArgs(snapshot.snapshotId),
            libpqEnv(connection, database),
        );
        pgDump.child.stdin.end();
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
        const gzip = createDumpGzip({ level: config.compressionLevel });
        streamed = pipeline(pgDump.child.stdout, counter, gzip, (source: AsyncIterable<Buffer>) =>
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
    await lockAndCheck(s3, config, upload, result.versionId, log);
    return result;
}

/**
 * Sets the retention explicitly, then reads it back. On AWS the lock headers of CreateMultipartUpload
 * already apply and PutObjectRetention with the same date is a no-op; moto ignores lock headers on
 * multipart uploads, so without this call the object would stay unlocked there.
 */
async function lockAndCheck(
    s3: S3Client,
    config: DumpConfig,
    upload: StreamingMultipartUpload,
    versionId: string | undefined,
    log: Logger,
): Promise<void> {
    const key = upload.targetKey;
    const retainUntil = upload.retainUntil;
    try {
        await s3.send(
            new PutObjectRetentionCommand({
                Bucket: config.bucket,
                Key: key,
                VersionId: versionId,
                Retention: { Mode: "COMPLIANCE", RetainUntilDate: retainUntil },
            }),
        );
    } catch (error) {
        log.warn("retention-put-failed", `PutObjectRetention failed: ${(error as Error).message}`, { key });
    }
    const head = await headObject(s3, config.bucket, key, versionId);
    const problems = lockProblems(head, { kmsKeyId: config.kmsKeyId, retainAtLeastUntil: retainUntil });
    if (problems.length === 0) return;
    // An unlocked object can (and must) be removed so it never looks like a backup; a locked one cannot.
    let removal = "it was deleted";
    try {
        await s3.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key, VersionId: versionId }));
    } catch (error) {
        removal =
            `it could not be deleted (${(error as Error).message}); no manifest was written, so verify, ` +
            "drill and list do not treat it as a backup";
    }
    throw new Error(
        `the stored dump ${config.bucket}/${key} (version ${versionId ?? "none"}) failed the read-back: ` +
            `${problems.join("; ")}. ${removal}. Check the bucket's Object Lock configuration and BACKUP_KMS_KEY_ID.`,
    );
}

async function putLockedManifest(
    s3: S3Client,
    config: DumpConfig,
    key: string,
    manifest: Manifest,
    retainUntil: Date,
): Promise<void> {
    const response = await s3.send(
        new PutObjectCommand({
            Bucket: config.bucket,
            Key: key,
            Body: `${JSON.stringify(manifest, null, 2)}\n`,
            ContentType: "application/json",
            ServerSideEncryption: "aws:kms",
            SSEKMSKeyId: config.kmsKeyId,
            BucketKeyEnabled: true,
            ObjectLockMode: "COMPLIANCE",
            ObjectLockRetainUntilDate: retainUntil,
            ChecksumAlgorithm: "SHA256",
        }),
    );
    const head = await headObject(s3, config.bucket, key, response.VersionId);
    const problems = lockProblems(head, { kmsKeyId: config.kmsKeyId, retainAtLeastUntil: retainUntil });
    if (problems.length > 0) {
        throw new Error(`the manifest ${config.bucket}/${key} failed the read-back: ${problems.join("; ")}`);
    }
}
