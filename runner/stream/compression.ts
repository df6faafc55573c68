import type { Transform } from "node:stream";
import { createParallelGzip } from "./parallel-gzip";

export interface GzipOptions {
    level?: number;
}

/**
 * The one place that decides how dumps are compressed: gzip members compressed in parallel on the libuv
 * threadpool (parallel-gzip.ts), because single-threaded deflate is the bottleneck of the dump pipeline.
 * The output is one valid gzip file, so `gunzip | psql` restores it. To fall back to single-threaded
 * zlib, return `zlib.createGzip({ level })` here.
 */
export function createDumpGzip(options: GzipOptions = {}): Transform {
    return createParallelGzip({ level: options.level });
}
