import type { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { StreamingMultipartUpload } from "../../../runner/s3";

const MIB = 1024 * 1024;
const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

interface Sent {
    name: string;
    input: Record<string, unknown>;
}

/** Records every command; UploadPart can be made to fail, and in-flight parts are counted. */
function fakeS3(options: { failPart?: number; partDelayMs?: number; completeFails?: unknown } = {}) {
    const sent: Sent[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const client = {
        send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
            const name = command.constructor.name.replace(/Command$/, "");
            sent.push({ name, input: command.input });
            switch (name) {
                case "CreateMultipartUpload":
                    return { UploadId: "upload-1", ServerSideEncryption: "aws:kms", SSEKMSKeyId: KEY_ARN };
                case "UploadPart": {
                    inFlight++;
                    maxInFlight = Math.max(maxInFlight, inFlight);
                    await new Promise((resolve) => setTimeout(resolve, options.partDelayMs ?? 1));
                    inFlight--;
                    if (command.input.PartNumber === options.failPart)
                        throw new Error("simulated 500 after retries");
                    return { ETag: `"etag-${String(command.input.PartNumber)}"` };
                }
                case "CompleteMultipartUpload":
                    if (options.completeFails) throw options.completeFails;
                    return { VersionId: "v1", ETag: '"final"' };
                default:
                    return {};
            }
        },
    };
    return {
        client: client as unknown as S3Client,
        sent,
        maxInFlight: () => maxInFlight,
        inFlight: () => inFlight,
    };
}

function target() {
    return {
        bucket: "b",
        key: "layer3/db/2026/01/01/db_20260101T000000Z.sql.gz",
        kmsKeyId: KEY_ARN,
        contentType: "application/gzip",
    };
}

/** Yields `data` in uneven chunks, as a gzip stream would. */
async function* chunked(data: Buffer): AsyncIterable<Buffer> {
    let offset = 0;
    let size = 1;
    while (offset < data.length) {
        yield data.subarray(offset, offset + size);
        offset += size;
        size = (size * 7 + 12345) % (3 * MIB);
    }
}

describe("StreamingMultipartUpload", () => {
    it("creates the upload with SSE-KMS, bucket key and SHA256 checksums, and no lock headers", async () => {
        const s3 = fakeS3();
        const upload = new StreamingMultipartUpload(s3.client, target());
        const before = Date.now();
        await upload.create();
        expect(s3.sent[0].input).to.include({
            ServerSideEncryption: "aws:kms",
            SSEKMSKeyId: KEY_ARN,
            BucketKeyEnabled: true,
            ChecksumAlgorithm: "SHA256",
        });
        // Lock headers would need s3:PutObjectRetention, which writers must not hold: the bucket's default
        // retention locks the dump, and the read-back checks it from the time the upload started.
        expect(s3.sent[0].input).not.to.have.any.keys("ObjectLockMode", "ObjectLockRetainUntilDate");
        expect(upload.startedAt.getTime()).to.be.within(before, Date.now());
    });

    it("completes only if the key is new (If-None-Match: *)", async () => {
        const s3 = fakeS3();
        const upload = new StreamingMultipartUpload(s3.client, target());
        await upload.create();
        await upload.consume(Readable.from([randomBytes(1024)]));
        await upload.complete();
        const complete = s3.sent.find((c) => c.name === "CompleteMultipartUpload")!;
        expect(complete.input.IfNoneMatch).to.equal("*");
    });

    for (const [status, name] of [
        [412, "PreconditionFailed"],
        [409, "ConditionalRequestConflict"],
    ] as const) {
        it(`turns a ${status} ${name} at completion into "already exists ... nothing was replaced"`, async () => {
            const refused = Object.assign(new Error("At least one of the pre-conditions did not hold"), {
                name,
                $metadata: { httpStatusCode: status },
            });
            const s3 = fakeS3({ completeFails: refused });
            const upload = new StreamingMultipartUpload(s3.client, target());
            await upload.create();
            await upload.consume(Readable.from([randomBytes(1024)]));
            let message = "";
            try {
                await upload.complete();
            } catch (error) {
                message = (error as Error).message;
            }
            expect(message).to.equal(
                `the dump b/${target().key} already exists: a second dump in the same second, or an attempt ` +
                    "to overwrite; nothing was replaced",
            );
        });
    }

    it("cuts parts at exactly the part size, checksums each, and hashes the whole object", async () => {
        const s3 = fakeS3();
        const data = randomBytes(20 * MIB + 123);
        const upload = new StreamingMultipartUpload(s3.client, target());
        await upload.create();
        await upload.consume(chunked(data));
        const result = await upload.complete();

        const parts = s3.sent.filter((c) => c.name === "UploadPart");
        expect(parts.map((p) => (p.input.Body as Buffer).length)).to.deep.equal([
            8 * MIB,
            8 * MIB,
            4 * MIB + 123,
        ]);
        expect(Buffer.concat(parts.map((p) => p.input.Body as Buffer)).equals(data)).to.equal(true);
        for (const part of parts) {
            expect(part.input.ChecksumAlgorithm).to.equal("SHA256");
            expect(part.input.ChecksumSHA256).to.equal(
                createHash("sha256")
                    .update(part.input.Body as Buffer)
                    .digest("base64"),
            );
        }
        const complete = s3.sent.find((c) => c.name === "CompleteMultipartUpload")!;
        const completed = (complete.input.MultipartUpload as { Parts: Array<Record<string, unknown>> }).Parts;
        expect(completed.map((p) => p.PartNumber)).to.deep.equal([1, 2, 3]);
        expect(completed[1].ChecksumSHA256).to.equal(parts[1].input.ChecksumSHA256);
        expect(result).to.include({
            versionId: "v1",
            parts: 3,
            compressedBytes: data.length,
            sha256: createHash("sha256").update(data).digest("hex"),
        });
    });

    it("keeps no more parts in flight than the concurrency allows", async () => {
        const s3 = fakeS3({ partDelayMs: 30 });
        const upload = new StreamingMultipartUpload(s3.client, target(), { concurrency: 2 });
        await upload.create();
        await upload.consume(Readable.from([randomBytes(40 * MIB)]));
        expect(s3.sent.filter((c) => c.name === "UploadPart")).to.have.length(5);
        expect(s3.maxInFlight()).to.equal(2);
    });

    it("when the source fails, rejects only after parts in flight have settled (so an abort comes last)", async () => {
        const s3 = fakeS3({ partDelayMs: 200 });
        const upload = new StreamingMultipartUpload(s3.client, target(), { concurrency: 4 });
        await upload.create();
        async function* failing(): AsyncIterable<Buffer> {
            yield randomBytes(8 * MIB);
            throw new Error("pg_dump died");
        }
        let message = "";
        try {
            await upload.consume(failing());
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).to.equal("pg_dump died");
        expect(s3.sent.filter((c) => c.name === "UploadPart")).to.have.length(1);
        expect(s3.inFlight(), "no part still uploading when consume rejects").to.equal(0);
    });

    it("sends one part for an empty source so the upload can still complete", async () => {
        const s3 = fakeS3();
        const upload = new StreamingMultipartUpload(s3.client, target());
        await upload.create();
        await upload.consume(Readable.from([]));
        expect(s3.sent.filter((c) => c.name === "UploadPart")).to.have.length(1);
    });

    it("rejects with a message naming the part and what to check when a part fails; abort sends AbortMultipartUpload", async () => {
        const s3 = fakeS3({ failPart: 2 });
        const upload = new StreamingMultipartUpload(s3.client, target());
        await upload.create();
        let message = "";
        try {
            await upload.consume(Readable.from([randomBytes(30 * MIB)]));
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).to.contain("S3 UploadPart 2 of b/layer3/db").and.to.contain("simulated 500");
        await upload.abort();
        expect(s3.sent.at(-1)).to.deep.include({ name: "AbortMultipartUpload" });
        expect(s3.sent.at(-1)!.input).to.include({ UploadId: "upload-1", Key: target().key });
        expect(s3.sent.some((c) => c.name === "CompleteMultipartUpload")).to.equal(false);
    });
});
