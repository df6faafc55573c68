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
import { DUMP_SUFFIX, ZSTD_DUMP_SUFFIX } from "./object-key";

export interface CompressionSpec {
    /** What the manifest's `format` field records. */
    readonly format: string;
    /** The end of the dump's object key. */
    readonly keySuffix: string;
    /** The `Content-Type` the object is stored with. */
    readonly contentType: string;
    /** Compression levels the runner accepts, and the default. */
    readonly levels: { readonly min: number; readonly max: number; readonly default: number };
}

export const COMPRESSIONS = {
    /** The default: any gzip reader restores it (`gunzip | psql`), and `.sql.gz` is the documented key. */
    gzip: {
        format: "plain-sql-gzip",
        keySuffix: DUMP_SUFFIX,
        contentType: "application/gzip",
        // zlib's range; 6 is gzip's and zlib's own default.
        levels: { min: 1, max: 9, default: 6 },
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
