import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { Readable, Transform, type TransformCallback } from "node:stream";

/** Pass-through that hashes and counts the bytes it forwards, so a stream can be checked against a manifest. */
export class Sha256Counter extends Transform {
    bytes = 0;
    private readonly hash = createHash("sha256");

    override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        callback(null, chunk);
    }

    /** The hex digest; call once, after the stream has ended (or failed). */
    digest(): string {
        return this.hash.digest("hex");
    }
}

/** What streaming a stored object found: its sha256, its size, and its first bytes (its format's magic). */
export interface ObjectDigest {
    sha256: string;
    bytes: number;
    /** Up to the first `headBytes` bytes. */
    head: Buffer;
}

/** Hashes a stored object by streaming it, keeping its first bytes; memory stays constant whatever its size. */
export async function hashObject(
    s3: S3Client,
    object: { bucket: string; key: string; versionId?: string | null },
    headBytes = 8,
): Promise<ObjectDigest> {
    const { bucket, key } = object;
    const response = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: object.versionId ?? undefined }),
    );
    if (!(response.Body instanceof Readable)) throw new Error(`S3 returned no body for ${bucket}/${key}`);
    const hash = createHash("sha256");
    let bytes = 0;
    let head = Buffer.alloc(0);
    for await (const chunk of response.Body as AsyncIterable<Buffer>) {
        hash.update(chunk);
        bytes += chunk.length;
        if (head.length < headBytes) head = Buffer.concat([head, chunk.subarray(0, headBytes - head.length)]);
    }
    return { sha256: hash.digest("hex"), bytes, head };
}

/** Hashes a stored object by streaming it; memory stays constant whatever its size. */
export async function sha256OfObject(
    s3: S3Client,
    bucket: string,
    key: string,
    versionId?: string | null,
): Promise<string> {
    return (await hashObject(s3, { bucket, key, versionId })).sha256;
}
