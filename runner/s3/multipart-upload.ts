import {
    AbortMultipartUploadCommand,
    CompleteMultipartUploadCommand,
    CreateMultipartUploadCommand,
    type CompletedPart,
    type S3Client,
    UploadPartCommand,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { alreadyExistsMessage, IF_NONE_MATCH_ANY, isAlreadyExists } from "./conditional-write";
import { basePartSize, MAX_PARTS, partSizeFor } from "./part-size";

/** How long the failure path tries to abort an upload before leaving it to the lifecycle rule. */
export const ABORT_TIMEOUT_MS = 10_000;

/**
 * Where a dump goes. There is deliberately no lock here: writers send no Object Lock headers (they would
 * need s3:PutObjectRetention, which writers must not hold, or they could extend retention forever); the
 * lock comes from the bucket's default COMPLIANCE retention and the read-back (locked-object.ts) checks it.
 */
export interface UploadTarget {
    bucket: string;
    key: string;
    kmsKeyId: string;
    contentType: string;
    metadata?: Record<string, string>;
}

export interface UploadResult {
    uploadId: string;
    versionId?: string;
    etag?: string;
    parts: number;
    compressedBytes: number;
    /** Hex sha256 of the whole stored object, computed while streaming. */
    sha256: string;
    /** What S3 said when the upload was created, checked before any data is sent. */
    createdEncryption: { serverSideEncryption?: string; kmsKeyId?: string };
}

export interface UploadProgress {
    compressedBytes: number;
    parts: number;
}

/**
 * Streams a source of unknown length into one S3 object with our own multipart driver, because
 * lib-storage's Upload uses one fixed part size and cannot grow parts as a multi-terabyte dump demands
 * (see part-size.ts). Each part carries its SHA-256 so S3 rejects a part corrupted in transit.
 *
 * The upload is *not* completed here: `consume` returns once all parts are stored, and the caller decides
 * (after checking that pg_dump succeeded) whether to `complete` or `abort`.
 */
export class StreamingMultipartUpload {
    private uploadId: string | undefined;
    private readonly parts: CompletedPart[] = [];
    private readonly wholeObject = createHash("sha256");
    private compressedBytes = 0;
    private createdEncryption: UploadResult["createdEncryption"] = {};
    private createdAt: Date | undefined;

    constructor(
        private readonly s3: S3Client,
        private readonly target: UploadTarget,
        private readonly options: {
            expectedBytes?: number;
            concurrency?: number;
            onProgress?: (progress: UploadProgress) => void;
            onPart?: (partNumber: number, bytes: number) => void;
        } = {},
    ) {}

    get id(): string | undefined {
        return this.uploadId;
    }

    /** Compressed bytes read from the source so far (uploaded or buffered). */
    get bytesSoFar(): number {
        return this.compressedBytes;
    }

    get partsSoFar(): number {
        return this.parts.length;
    }

    get targetKey(): string {
        return this.target.key;
    }

    /** When create() was sent, by our clock: S3 counts the default retention from about then. */
    get startedAt(): Date {
        if (!this.createdAt) throw new Error("create() must be called before startedAt");
        return this.createdAt;
    }

    async create(): Promise<UploadResult["createdEncryption"]> {
        this.createdAt = new Date();
        const response = await this.s3.send(
            new CreateMultipartUploadCommand({
                Bucket: this.target.bucket,
                Key: this.target.key,
                ContentType: this.target.contentType,
                Metadata: this.target.metadata,
                ServerSideEncryption: "aws:kms",
                SSEKMSKeyId: this.target.kmsKeyId,
                BucketKeyEnabled: true,
                ChecksumAlgorithm: "SHA256",
            }),
        );
        if (!response.UploadId) throw new Error("S3 CreateMultipartUpload returned no UploadId");
        this.uploadId = response.UploadId;
        this.createdEncryption = {
            serverSideEncryption: response.ServerSideEncryption,
            kmsKeyId: response.SSEKMSKeyId,
        };
        return this.createdEncryption;
    }

    /** Reads the whole source, uploading parts as they fill; at most `concurrency` parts in flight. */
    async consume(source: AsyncIterable<Buffer>): Promise<void> {
        if (!this.uploadId) throw new Error("create() must be called before consume()");
        const base = basePartSize(this.options.expectedBytes);
        const concurrency = this.options.concurrency ?? 2;
        const inFlight = new Set<Promise<void>>();
        let failure: unknown;
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        let partNumber = 1;

        const send = async (body: Buffer) => {
            const number = partNumber++;
            const upload = this.uploadPart(number, body).catch((error: unknown) => {
                failure ??= error;
            });
            inFlight.add(upload);
            void upload.finally(() => inFlight.delete(upload));
            while (inFlight.size >= concurrency) await Promise.race(inFlight);
            if (failure !== undefined) throw failure;
        };

        try {
            for await (const chunk of source) {
                this.wholeObject.update(chunk);
                this.compressedBytes += chunk.length;
                let rest: Buffer = chunk;
                // Cut exactly at the part size so memory stays bounded by the part size, not by chunk sizes.
                while (rest.length > 0) {
                    if (partNumber > MAX_PARTS) {
                        throw new Error(
                            `the dump outgrew ${MAX_PARTS} parts; pass a larger --expected-size so parts start bigger`,
                        );
                    }
                    const room = partSizeFor(partNumber, base) - pendingBytes;
                    const take = rest.subarray(0, room);
                    pending.push(take);
                    pendingBytes += take.length;
                    rest = rest.subarray(take.length);
                    if (pendingBytes === partSizeFor(partNumber, base)) {
                        const body = Buffer.concat(pending, pendingBytes);
                        pending = [];
                        pendingBytes = 0;
                        await send(body);
                    }
                }
            }
            // The last part may be smaller than 5 MiB; with an empty source we still send one (empty) part.
            if (pendingBytes > 0 || partNumber === 1) await send(Buffer.concat(pending, pendingBytes));
            await Promise.all(inFlight);
            if (failure !== undefined) throw failure;
        } finally {
            // Even when the source fails, wait for parts in flight: a part that lands after the caller's
            // AbortMultipartUpload would outlive the abort.
            await Promise.allSettled(inFlight);
        }
    }

    private async uploadPart(partNumber: number, body: Buffer): Promise<void> {
        const checksum = createHash("sha256").update(body).digest("base64");
        const response = await this.s3
            .send(
                new UploadPartCommand({
                    Bucket: this.target.bucket,
                    Key: this.target.key,
                    UploadId: this.uploadId,
                    PartNumber: partNumber,
                    Body: body,
                    ContentLength: body.length,
                    ChecksumAlgorithm: "SHA256",
                    ChecksumSHA256: checksum,
                }),
            )
            .catch((error: unknown) => {
                throw new Error(
                    `S3 UploadPart ${partNumber} of ${this.target.bucket}/${this.target.key} failed after ` +
                        `retries: ${(error as Error).message}; check network access to S3 (AWS_ENDPOINT_URL, VPC ` +
                        "endpoint or NAT) and the runner role's s3:PutObject permission",
                );
            });
        if (!response.ETag) throw new Error(`S3 UploadPart ${partNumber} returned no ETag`);
        this.parts.push({ PartNumber: partNumber, ETag: response.ETag, ChecksumSHA256: checksum });
        this.options.onPart?.(partNumber, body.length);
        this.options.onProgress?.({ compressedBytes: this.compressedBytes, parts: this.parts.length });
    }

    /** Completes only if the key has no object yet; a 412 becomes a message that says nothing was replaced. */
    async complete(): Promise<UploadResult> {
        const parts = [...this.parts].sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
        const response = await this.s3
            .send(
                new CompleteMultipartUploadCommand({
                    Bucket: this.target.bucket,
                    Key: this.target.key,
                    UploadId: this.uploadId,
                    MultipartUpload: { Parts: parts },
                    IfNoneMatch: IF_NONE_MATCH_ANY,
                }),
            )
            .catch((error: unknown) => {
                if (!isAlreadyExists(error)) throw error;
                throw new Error(alreadyExistsMessage("the dump", this.target.bucket, this.target.key));
            });
        return {
            uploadId: this.uploadId!,
            versionId: response.VersionId,
            etag: response.ETag,
            parts: parts.length,
            compressedBytes: this.compressedBytes,
            sha256: this.wholeObject.digest("hex"),
            createdEncryption: this.createdEncryption,
        };
    }

    /**
     * Aborts the upload so no part lingers (and is billed); a no-op before create(). It gets
     * ABORT_TIMEOUT_MS rather than a whole retry window: it usually runs right after S3 failed for that
     * long already, and the bucket's abort-incomplete-uploads lifecycle rule removes the parts anyway.
     */
    async abort(): Promise<void> {
        if (!this.uploadId) return;
        await this.s3.send(
            new AbortMultipartUploadCommand({
                Bucket: this.target.bucket,
                Key: this.target.key,
                UploadId: this.uploadId,
            }),
            { abortSignal: AbortSignal.timeout(ABORT_TIMEOUT_MS) },
        );
    }
}
