/**
 * The benchmark's verify steps: is `strongbox verify` as fast as downloading the object it checks, and
 * does its memory stay flat on an object of more than a gigabyte?
 *
 *   (v)  node dist/bundle/strongbox.js verify     lists the history, reads the manifest, streams and
 *                                                 hashes the whole object, checks its lock and key
 *   (dl) node sdk-download.js                     the same object version, downloaded and thrown away
 *
 * The object is written once, untimed, before the runs: 1.1 GB x BENCH_SCALE of random bytes in a gzip
 * stream of stored blocks (verify hashes the stored bytes and checks only that they start as gzip, never
 * decompressing them; random bytes keep any transport compression from flattering either step), uploaded with SSE-KMS under a dump's key
 * with a manifest that describes it, and locked as the bucket's default retention would lock it on AWS.
 */
import { PutObjectCommand, PutObjectRetentionCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { createHash, randomBytes } from "node:crypto";
import { pipeline, Readable, Transform } from "node:stream";
import { createGzip } from "node:zlib";
import { motoS3Client } from "../devtools";
import type { Manifest } from "../runner/manifest";
import { MIN_RETENTION_DAYS } from "../shared/limits";
import { DEFAULT_KEY_PREFIX, dumpKey, manifestKey } from "../shared/object-key";
import { type Measurement, run } from "./measure";
import { SDK_DOWNLOAD } from "./restore-steps";
import { BUCKET, type BenchEnv, CLI } from "./steps";

export const VERIFY_DATABASE = "bench_verify";
/** At BENCH_SCALE 1: more than the gigabyte the peak-RSS target is defined for. */
export const VERIFY_OBJECT_BYTES = 1.1e9;
export const VERIFY_STEP_IDS = ["v", "dl"];

export interface VerifyObject {
    key: string;
    versionId: string;
    bytes: number;
    sha256: string;
}

const CHUNK = 1024 * 1024;

/** Random bytes, `total` of them. */
function randomStream(total: number): Readable {
    let left = total;
    return new Readable({
        read() {
            if (left <= 0) return void this.push(null);
            const chunk = randomBytes(Math.min(CHUNK, left));
            left -= chunk.length;
            this.push(chunk);
        },
    });
}

/**
 * `total` random bytes as a real gzip stream (level 0: stored blocks, so it is as large as its input and
 * costs nothing to make), hashed and counted as it leaves: verify checks that a dump starts as its
 * manifest's format says, so the object must be the gzip its manifest claims.
 */
function randomGzip(
    total: number,
    hash: ReturnType<typeof createHash>,
    counted: { bytes: number },
): Readable {
    const measure = new Transform({
        transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            counted.bytes += chunk.length;
            done(null, chunk);
        },
    });
    return pipeline(randomStream(total), createGzip({ level: 0 }), measure, () => undefined);
}

async function lockAndDescribe(s3: S3Client, env: BenchEnv, object: VerifyObject): Promise<void> {
    // moto ignores the bucket's default retention on multipart uploads; AWS would have applied it.
    await s3.send(
        new PutObjectRetentionCommand({
            Bucket: BUCKET,
            Key: object.key,
            VersionId: object.versionId,
            Retention: {
                Mode: "COMPLIANCE",
                RetainUntilDate: new Date(Date.now() + (MIN_RETENTION_DAYS * 24 + 1) * 3_600_000),
            },
        }),
    );
    const now = new Date().toISOString();
    const manifest: Manifest = {
        formatVersion: 1,
        database: VERIFY_DATABASE,
        bucket: BUCKET,
        key: object.key,
        versionId: object.versionId,
        compressedBytes: object.bytes,
        uncompressedBytes: object.bytes,
        sha256: object.sha256,
        parts: Math.ceil(object.bytes / (5 * CHUNK)),
        format: "plain-sql-gzip",
        pgDumpVersion: "bench (random bytes)",
        serverVersion: "15",
        snapshot: "bench",
        startedAt: now,
        finishedAt: now,
        retainUntil: now,
        kmsKeyId: env.kmsKeyArn,
        rowCounts: {},
    };
    await s3.send(
        new PutObjectCommand({
            Bucket: BUCKET,
            Key: manifestKey(object.key),
            Body: JSON.stringify(manifest),
            ServerSideEncryption: "aws:kms",
            SSEKMSKeyId: env.kmsKeyArn,
            IfNoneMatch: "*",
        }),
    );
}

/** Writes the object verify checks and (dl) downloads, once, untimed. */
export async function prepareVerifyObject(env: BenchEnv, bytes: number): Promise<VerifyObject> {
    const s3 = motoS3Client(env.moto.endpoint, env.moto.env.AWS_REGION);
    try {
        const key = dumpKey(DEFAULT_KEY_PREFIX, VERIFY_DATABASE, new Date(Date.now() - 60_000));
        const hash = createHash("sha256");
        const counted = { bytes: 0 };
        const upload = new Upload({
            client: s3,
            params: {
                Bucket: BUCKET,
                Key: key,
                Body: randomGzip(bytes, hash, counted),
                ContentType: "application/gzip",
                ServerSideEncryption: "aws:kms",
                SSEKMSKeyId: env.kmsKeyArn,
            },
        });
        const done = await upload.done();
        if (!done.VersionId) throw new Error(`no version id for ${key}`);
        const object = { key, versionId: done.VersionId, bytes: counted.bytes, sha256: hash.digest("hex") };
        await lockAndDescribe(s3, env, object);
        return object;
    } finally {
        s3.destroy();
    }
}

/** (v) and (dl), each a function of the repeat number like the other steps. */
export function verifyStepRunners(
    env: BenchEnv,
    object: VerifyObject | undefined,
): Record<string, [string, () => Promise<Measurement>]> {
    const need = (): VerifyObject => {
        if (!object) throw new Error("the verify steps need prepareVerifyObject first");
        return object;
    };
    const awsEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env.moto.env };
    return {
        v: [
            "(v) strongbox verify of the object",
            () =>
                run(
                    process.execPath,
                    [
                        CLI,
                        "verify",
                        "--databases",
                        VERIFY_DATABASE,
                        "--max-age-hours",
                        "48",
                        "--log-format",
                        "json",
                    ],
                    {
                        ...awsEnv,
                        BACKUP_BUCKET: BUCKET,
                        BACKUP_KMS_KEY_ID: env.kmsKeyArn,
                        BACKUP_RETENTION_DAYS: String(MIN_RETENTION_DAYS),
                    },
                ),
        ],
        dl: [
            "(dl) SDK download of the same object",
            () => {
                const { key, versionId } = need();
                return run(
                    process.execPath,
                    [SDK_DOWNLOAD, "--bucket", BUCKET, "--key", key, "--version-id", versionId, "--discard"],
                    awsEnv,
                );
            },
        ],
    };
}
