/**
 * stdin -> createParallelGzip -> stdout: the compressor alone, for the benchmark's "parallel-gzip only"
 * row and its chunk-size/concurrency sweep (`pg_dump | node gzip-filter.js > /dev/null` against
 * `pg_dump | gzip > /dev/null`).
 *
 * Knobs (unset = the module's defaults): PGZ_LEVEL, PGZ_CHUNK_BYTES, PGZ_CONCURRENCY.
 */
import { pipeline } from "node:stream/promises";
import { createParallelGzip } from "../runner/stream/parallel-gzip";

function numberFromEnv(name: string): number | undefined {
    const text = process.env[name];
    return text === undefined || text === "" ? undefined : Number(text);
}

pipeline(
    process.stdin,
    createParallelGzip({
        level: numberFromEnv("PGZ_LEVEL"),
        chunkBytes: numberFromEnv("PGZ_CHUNK_BYTES"),
        concurrency: numberFromEnv("PGZ_CONCURRENCY"),
    }),
    process.stdout,
).catch((error: unknown) => {
    process.stderr.write(`gzip-filter: ${(error as Error).message}\n`);
    process.exit(1);
});
