import type { Duplex, Transform } from "node:stream";
import * as zlib from "node:zlib";
import { type Compression, COMPRESSIONS } from "../../shared/compression";
import { createParallelGzip } from "./parallel-gzip";
import { createZstdCompress, createZstdDecompress } from "./zstd";

export interface GzipOptions {
    level?: number;
}

/**
 * gzip members compressed in parallel on the libuv threadpool (parallel-gzip.ts), because single-threaded
 * deflate is the bottleneck of the dump pipeline. The output is one valid gzip file, so `gunzip | psql`
 * restores it. To fall back to single-threaded zlib, return `zlib.createGzip({ level })` here.
 */
export function createDumpGzip(options: GzipOptions = {}): Transform {
    return createParallelGzip({ level: options.level });
}

export interface DumpCompressorOptions {
    readonly compression: Compression;
    /** Default: the compression's own (`shared/compression.ts`: gzip 6, zstd 3). */
    readonly level?: number;
    /** The `zstd` executable, for zstd. Default `zstd` on PATH. */
    readonly zstdPath?: string;
}

/**
 * The one place that decides how dumps are compressed: parallel gzip in this process, or the reference
 * `zstd` executable in a child process with one worker per CPU (zstd.ts says why a child process).
 */
export function createDumpCompressor(options: DumpCompressorOptions): Duplex {
    const level = options.level ?? COMPRESSIONS[options.compression].levels.default;
    return options.compression === "zstd"
        ? createZstdCompress({ level, path: options.zstdPath })
        : createDumpGzip({ level });
}

/**
 * The reader of a compression. Both refuse input that is not theirs (zlib's "incorrect header check",
 * the zstd stage's magic check); the restore puts a FormatGate (format.ts) in front, so the refusal
 * names the object and what its bytes are.
 */
export function createDumpDecompressor(compression: Compression, zstdPath?: string): Duplex {
    return compression === "zstd" ? createZstdDecompress({ path: zstdPath }) : zlib.createGunzip();
}
