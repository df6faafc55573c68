import {
    DeleteObjectCommand,
    GetObjectCommand,
    HeadObjectCommand,
    PutObjectCommand,
    type S3Client,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { COMPRESSIONS } from "../../shared/compression";
import { dumpKey, manifestKey } from "../../shared/object-key";
import { type Manifest, parseManifest } from "../../runner/manifest";

export interface DeleteAttempt {
    key: string;
    versionId: string;
    refused: boolean;
    /** S3's answer: its error code and message, or that it deleted the version. */
    answer: string;
    /** HeadObject of that version afterwards. */
    stillThere: boolean;
}

/**
 * What anyone with `s3:DeleteObjectVersion` (an admin of the backup account) would try: delete the dump's
 * version outright, not merely hide it behind a delete marker. Object Lock in COMPLIANCE mode refuses it
 * until the retain-until date, whoever asks; moto refuses it too ("Access Denied"; AWS adds "because object
 * protected by object lock.").
 */
export async function tryToDeleteVersion(
    s3: S3Client,
    bucket: string,
    key: string,
    versionId: string,
): Promise<DeleteAttempt> {
    let refused = false;
    let answer = "S3 deleted the version";
    try {
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    } catch (error) {
        refused = true;
        answer = `${(error as Error).name}: ${(error as Error).message}`;
    }
    const stillThere = await s3
        .send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))
        .then(() => true)
        .catch(() => false);
    return { key, versionId, refused, answer, stillThere };
}

/** What a forger restores, given the chance: a table no real dump of the database has. */
const FORGED_SQL = "-- forged\nCREATE TABLE public.forged_by_a_compromised_writer (x integer);\n";

/** How far ahead the forger dates its key, so that by the key's name it stays "newest" for days. */
const FORGED_DAYS_AHEAD = 3;

/**
 * A compromised writer, using only what the writer role may do on AWS: a new key under its own database's
 * prefix, written with If-None-Match and SSE-KMS and no lock headers (the bucket policy requires exactly
 * that), plus a manifest that describes the forged bytes perfectly (sha256, size, version id). Its one
 * tell is the one a writer cannot forge: S3 stored it now, while its key is dated days ahead. verify reads
 * S3's clock, not the key, and reports it.
 */
export async function plantForgedDump(
    s3: S3Client,
    target: { bucket: string; kmsKeyArn: string; keyPrefix: string; database: string; realDumpKey: string },
    now: Date = new Date(),
): Promise<{ key: string; versionId: string }> {
    const { bucket, kmsKeyArn } = target;
    const real = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: manifestKey(target.realDumpKey) }),
    );
    const base: Manifest = parseManifest(await real.Body!.transformToString("utf8"), target.realDumpKey);
    const dated = new Date(now.getTime() + FORGED_DAYS_AHEAD * 86_400_000);
    const key = dumpKey(target.keyPrefix, target.database, dated, COMPRESSIONS.gzip.keySuffix);
    const body = gzipSync(FORGED_SQL);
    const write = (Key: string, Body: Buffer | string) =>
        s3.send(
            new PutObjectCommand({
                Bucket: bucket,
                Key,
                Body,
                IfNoneMatch: "*",
                ServerSideEncryption: "aws:kms",
                SSEKMSKeyId: kmsKeyArn,
            }),
        );
    const versionId = (await write(key, body)).VersionId!;
    const manifest: Manifest = {
        ...base,
        key,
        versionId,
        sha256: createHash("sha256").update(body).digest("hex"),
        compressedBytes: body.length,
        uncompressedBytes: Buffer.byteLength(FORGED_SQL),
        parts: 1,
        format: COMPRESSIONS.gzip.format,
        level: COMPRESSIONS.gzip.levels.default,
        startedAt: dated.toISOString(),
        finishedAt: dated.toISOString(),
        rowCounts: { '"public"."forged_by_a_compromised_writer"': 0 },
    };
    await write(manifestKey(key), JSON.stringify(manifest));
    return { key, versionId };
}
