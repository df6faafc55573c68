/**
 * Part sizing for the streamed multipart upload.
 *
 * The dump's size is unknown until pg_dump finishes, and S3 allows at most 10,000 parts of 5 MiB..5 GiB
 * (any size for the last). Parts may differ in size, so instead of one fixed size we grow it: the base
 * size for the first 1,000 parts, then double every 1,000 parts, capped at 1 GiB. From the default 8 MiB
 * base that holds 1,000 x (8+16+32+64+128+256+512+3x1024) MiB = 3.9 TiB (4.3 TB) of *compressed* dump,
 * a database of well over 10 TB at typical SQL compression, while a small database still uses small
 * parts. Memory is bounded by the part being filled plus the parts in flight: at most
 * (1 + concurrency) x the current part size, i.e. 24 MiB for the first 8 GiB and never more than 3 GiB
 * at the default concurrency of 2.
 *
 * An `--expected-size` hint (compressed bytes, overestimate rather than under) raises the base so the
 * hinted size fits in the first 2,000 parts; growth still rescues a dump that outgrows the hint.
 */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PART_BYTES = 5 * 1024 * 1024 * 1024;
export const MAX_PARTS = 10_000;
export const DEFAULT_BASE_PART_BYTES = 8 * 1024 * 1024;
export const PARTS_PER_TIER = 1_000;
export const GROWTH_CAP_BYTES = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;

/** Base part size for an optional expected compressed size, rounded up to whole MiB. */
export function basePartSize(expectedBytes?: number): number {
    if (expectedBytes === undefined || expectedBytes <= 0) return DEFAULT_BASE_PART_BYTES;
    const perPart = Math.ceil(expectedBytes / (2 * PARTS_PER_TIER) / MIB) * MIB;
    return Math.min(MAX_PART_BYTES, Math.max(DEFAULT_BASE_PART_BYTES, perPart));
}

/** Size of part `partNumber` (1-based) for a given base. */
export function partSizeFor(partNumber: number, base: number): number {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
        throw new Error(`part number must be 1..${MAX_PARTS} (got ${partNumber})`);
    }
    const tier = Math.floor((partNumber - 1) / PARTS_PER_TIER);
    const cap = Math.max(base, GROWTH_CAP_BYTES);
    return Math.min(MAX_PART_BYTES, cap, base * 2 ** tier);
}

/** Largest total size (bytes) that fits into MAX_PARTS parts for a given base. */
export function capacityFor(base: number): number {
    let total = 0;
    for (let part = 1; part <= MAX_PARTS; part++) total += partSizeFor(part, base);
    return total;
}
