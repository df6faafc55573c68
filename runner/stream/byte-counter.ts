import { Transform, type TransformCallback } from "node:stream";

/** Pass-through that counts bytes, so the manifest can record the uncompressed dump size. */
export class ByteCounter extends Transform {
    bytes = 0;

    constructor(private readonly onBytes?: (total: number) => void) {
        super();
    }

    override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
        this.bytes += chunk.length;
        this.onBytes?.(this.bytes);
        callback(null, chunk);
    }
}
