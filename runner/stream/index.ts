export { ByteCounter } from "./byte-counter";
export { createDumpGzip, type GzipOptions } from "./compression";
export { createParallelGzip, ParallelGzip, type ParallelGzipOptions } from "./parallel-gzip";
export { type ExpectedObject, restoreObject, type RestoreResult } from "./restore";
export { Sha256Counter, sha256OfObject } from "./sha256";
export { ChildFilter, type ChildFilterOptions } from "./child-filter";
export {
    checkZstd,
    createZstdCompress,
    createZstdDecompress,
    resolveZstdOptions,
    type ZstdOptions,
} from "./zstd";
