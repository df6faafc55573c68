/**
 * The compressions a dump may use, and what the manifest records for each: one table that the runner
 * (writing, and reading back by what the manifest says) and the stack config (validating a
 * database's choice) share.
 *
 * `format` names the whole stored object, not just the codec: plain-format `pg_dump` SQL, then the
 * compression. `plain-sql-gzip` is what every manifest written so far says, so it stays as it is.
 * Readers choose the decompressor from `format` alone: the key's suffix is for people, and a manifest
 * whose format disagrees with the bytes must be refused by the decompressor, not guessed around.
 */
import { DUMP_SUFFIX, type DumpSuffix, ZSTD_DUMP_SUFFIX } from "./object-key";

export interface CompressionSpec {
    /** What the manifest's `format` field records. */
    readonly format: string;
    /** The end of the dump's object key. */
    readonly keySuffix: DumpSuffix;
    /** The `Content-Type` the object is stored with. */
    readonly contentType: string;
    /** Compression levels the runner accepts, and the default. */
    readonly levels: { readonly min: number; readonly max: number; readonly default: number };
    /** The bytes every stream of this format starts with: how a reader refuses an object in another format. */
    readonly magic: readonly number[];
}

export const COMPRESSIONS = {
    /** The default: any gzip reader restores it (`gunzip | psql`), and `.sql.gz` is the documented key. */
    gzip: {
        format: "plain-sql-gzip",
        keySuffix: DUMP_SUFFIX,
        contentType: "application/gzip",
        // zlib's range; 6 is gzip's and zlib's own default.
        levels: { min: 1, max: 9, default: 6 },
        // RFC 1952, 2.3.1: ID1 ID2.
        magic: [0x1f, 0x8b],
    },
    /**
     * Multi-threaded, about as fast as `pg_dump` produces and smaller than gzip -6 (`zstd -3`).
     * 1 to 19: 20 to 22 need `--ultra` and hundreds of MB of window for the restore to hold.
     */
    zstd: {
        format: "plain-sql-zstd",
        keySuffix: ZSTD_DUMP_SUFFIX,
        contentType: "application/zstd",
        levels: { min: 1, max: 19, default: 3 },
        // RFC 8878, 3.1.1: the frame magic 0xFD2FB528, little-endian.
        magic: [0x28, 0xb5, 0x2f, 0xfd],
    },
} as const satisfies Record<string, CompressionSpec>;

export type Compression = keyof typeof COMPRESSIONS;

/** What a dump uses unless told otherwise: gzip, because `.sql.gz` is the documented key contract. */
export const DEFAULT_COMPRESSION: Compression = "gzip";

/** Every manifest `format` a reader must understand. */
export const DUMP_FORMATS = Object.values(COMPRESSIONS).map((c) => c.format);

/** The compression a manifest's `format` names, or undefined for a format this version does not know. */
export function compressionOfFormat(format: string): Compression | undefined {
    return (Object.keys(COMPRESSIONS) as Compression[]).find((c) => COMPRESSIONS[c].format === format);
}

/** Every compression's name, the default first: what `--compression` and the stack config accept. */
export const COMPRESSION_NAMES = Object.keys(COMPRESSIONS) as Compression[];

/** `name` as a compression, or undefined when it names none. */
export function asCompression(name: string): Compression | undefined {
    return COMPRESSION_NAMES.find((c) => c === name);
}

/** The compression whose key suffix `suffix` is. */
export function compressionOfSuffix(suffix: DumpSuffix): Compression {
    return COMPRESSION_NAMES.find((c) => COMPRESSIONS[c].keySuffix === suffix) as Compression;
}

/**
 * Why `level` is not a level of `compression` (a message ending with the accepted range), or undefined
 * when it is one. The runner and the stack config both say it with this.
 */
export function compressionLevelProblem(compression: Compression, level: number): string | undefined {
    const { min, max } = COMPRESSIONS[compression].levels;
    if (Number.isInteger(level) && level >= min && level <= max) return undefined;
    return `must be a whole number from ${min} to ${max} for ${compression} (got ${level})`;
}
