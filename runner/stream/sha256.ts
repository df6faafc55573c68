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
