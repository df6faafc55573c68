import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as zlib from "node:zlib";
import { libpqEnv, type DbConnection } from "./db-connection";
import { startProcess } from "./run-command";

export interface RestoreResult {
    sha256: string;
    compressedBytes: number;
    seconds: number;
}

/**
 * S3 object -> gunzip -> `psql` into `database`, in one transaction that stops at the first error, while
 * hashing the compressed bytes so the caller can compare them with the manifest. Nothing touches disk.
 */
export async function restoreObject(
    s3: S3Client,
    source: { bucket: string; key: string; versionId?: string | null },
    connection: DbConnection,
    database: string,
    psqlPath: string,
): Promise<RestoreResult> {
    const started = Date.now();
    const response = await s3.send(
        new GetObjectCommand({
            Bucket: source.bucket,
            Key: source.key,
            VersionId: source.versionId ?? undefined,
        }),
    );
    if (!(response.Body instanceof Readable))
        throw new Error(`S3 returned no body for ${source.bucket}/${source.key}`);
    const hash = createHash("sha256");
    let compressedBytes = 0;
    const hasher = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
            hash.update(chunk);
            compressedBytes += chunk.length;
            callback(null, chunk);
        },
    });
    const psql = startProcess(
        "psql",
        psqlPath,
        ["--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction", "--output=/dev/null"],
        libpqEnv(connection, database),
    );
    psql.child.stdout.resume();
    const [streamed, restored] = await Promise.allSettled([
        pipeline(response.Body, hasher, zlib.createGunzip(), psql.child.stdin),
        psql.finished,
    ]);
    // When psql stops at an SQL error the pipe breaks too; psql's own message is the one that helps.
    const failure =
        restored.status === "rejected"
            ? restored.reason
            : streamed.status === "rejected"
              ? streamed.reason
              : undefined;
    if (failure !== undefined) {
        psql.kill();
        throw new Error(
            `restoring ${source.bucket}/${source.key} into ${database} failed: ${(failure as Error).message}`,
        );
    }
    return { sha256: hash.digest("hex"), compressedBytes, seconds: (Date.now() - started) / 1000 };
}

/** Hashes a stored object by streaming it; memory stays constant whatever its size. */
export async function sha256OfObject(
    s3: S3Client,
    bucket: string,
    key: string,
    versionId?: string | null,
): Promise<string> {
    const response = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId ?? undefined }),
    );
    if (!(response.Body instanceof Readable)) throw new Error(`S3 returned no body for ${bucket}/${key}`);
    const hash = createHash("sha256");
    for await (const chunk of response.Body) hash.update(chunk as Buffer);
    return hash.digest("hex");
}
