import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { manifestKey } from "../../../shared/object-key";
import { type Manifest, parseManifest } from "../../../runner/manifest";

/**
 * What an attacker (or a test fixture) writes with plain SDK calls: no If-None-Match, no lock headers.
 * moto does not evaluate bucket policies, so these writes succeed here; each test that uses them says which
 * AWS control would have refused them.
 */
export class Forger {
    constructor(
        private readonly s3: S3Client,
        private readonly bucket: string,
        private readonly kmsArn: string,
    ) {}

    /** A plain PutObject with SSE-KMS; on an existing key it adds a version. Returns the version id. */
    async put(key: string, body: Buffer | string): Promise<string> {
        const response = await this.s3.send(
            new PutObjectCommand({
                Bucket: this.bucket,
                Key: key,
                Body: body,
                ServerSideEncryption: "aws:kms",
                SSEKMSKeyId: this.kmsArn,
            }),
        );
        return response.VersionId!;
    }

    async bytes(key: string, versionId?: string): Promise<Buffer> {
        const response = await this.s3.send(
            new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }),
        );
        return Buffer.from(await response.Body!.transformToByteArray());
    }

    async manifestOf(dumpKey: string): Promise<Manifest> {
        const text = (await this.bytes(manifestKey(dumpKey))).toString("utf8");
        return parseManifest(text, manifestKey(dumpKey));
    }

    /**
     * Writes `stored` at `key` and a manifest that describes it exactly (version id, sha256, sizes), based
     * on `base` with `changes`: a forgery no checksum can tell from a real dump. The uncompressed size is
     * gunzip's unless `changes` gives it (bytes that are not gzip).
     */
    async dumpWithManifest(
        key: string,
        stored: Buffer,
        base: Manifest,
        changes: Partial<Manifest> = {},
    ): Promise<{ versionId: string; manifestVersionId: string; sha256: string }> {
        const versionId = await this.put(key, stored);
        const sha256 = createHash("sha256").update(stored).digest("hex");
        const manifest: Manifest = {
            ...base,
            key,
            versionId,
            sha256,
            compressedBytes: stored.length,
            uncompressedBytes: changes.uncompressedBytes ?? gunzipSync(stored).length,
            parts: 1,
            ...changes,
        };
        const manifestVersionId = await this.put(manifestKey(key), JSON.stringify(manifest));
        return { versionId, manifestVersionId, sha256 };
    }
}
