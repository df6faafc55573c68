export { ByteCounter } from "./byte-counter";
export {
    createDumpCompressor,
    createDumpDecompressor,
    createDumpGzip,
    type DumpCompressorOptions,
    type GzipOptions,
} from "./compression";
export {
    describeStart,
    type DumpFormat,
    dumpFormatOf,
    FormatGate,
    formatKeyDisagreement,
    formatMismatch,
    HEAD_BYTES,
} from "./format";
export { createParallelGzip, ParallelGzip, type ParallelGzipOptions } from "./parallel-gzip";
export { type ExpectedObject, restoreObject, type RestoreResult, type RestoreTools } from "./restore";
export { hashObject, type ObjectDigest, Sha256Counter, sha256OfObject } from "./sha256";
export { ChildFilter, type ChildFilterOptions } from "./child-filter";
export {
    checkZstd,
    createZstdCompress,
    createZstdDecompress,
    resolveZstdOptions,
    type ZstdOptions,
} from "./zstd";
export { type FilterCounts, OwnershipFilter, type OwnershipSkips } from "./ownership-filter";
