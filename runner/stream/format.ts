/**
 * Which compression a stored dump is read with, and the check that its bytes are in that compression.
 *
 * The manifest decides: its `format` names the compression, and the key's suffix must agree with it
 * (a manifest saying zstd over a `.sql.gz` key is refused, not guessed around). Only a dump without a
 * manifest, which an operator restores unchecked by its exact `--key`, is read by its key's suffix.
 * Either way the first bytes of the object must be that compression's magic (`shared/compression.ts`),
 * so gzip bytes under a zstd manifest are refused before a decompressor or psql sees them, with a
 * message that says what the bytes are.
 */
import { Transform, type TransformCallback } from "node:stream";
import {
    type Compression,
    COMPRESSIONS,
    COMPRESSION_NAMES,
    compressionOfFormat,
    compressionOfSuffix,
} from "../../shared/compression";
import { dumpSuffixOf } from "../../shared/object-key";

/** How a dump will be read, and what decided it (for messages). */
export interface DumpFormat {
    readonly compression: Compression;
    readonly decidedBy: "manifest" | "key";
}

/**
 * The compression `key` is read with: the manifest's `format` when there is a manifest (its key suffix
 * must agree), else the key's suffix. Throws a refusal that names the key and what disagrees.
 */
export function dumpFormatOf(key: string, manifest: { format: string } | undefined): DumpFormat {
    const suffix = dumpSuffixOf(key);
    if (manifest === undefined) {
        if (suffix === undefined) {
            throw new Error(
                `${key} has no manifest and its name ends with no dump suffix ` +
                    `(${COMPRESSION_NAMES.map((c) => COMPRESSIONS[c].keySuffix).join(", ")}), so nothing ` +
                    "says how it is compressed; give the key of a dump",
            );
        }
        return { compression: compressionOfSuffix(suffix), decidedBy: "key" };
    }
    const problem = formatKeyDisagreement(key, manifest.format);
    if (problem) throw new Error(`refusing ${key}: ${problem}`);
    return { compression: compressionOfFormat(manifest.format) as Compression, decidedBy: "manifest" };
}

/**
 * Where a manifest's `format` and its dump's key contradict each other (a format this runner does not
 * know, or a key suffix of another compression), or undefined when they agree. A key without a dump
 * suffix (an operator's odd `--key`) contradicts nothing: the manifest decides.
 */
export function formatKeyDisagreement(key: string, format: string): string | undefined {
    const compression = compressionOfFormat(format);
    if (compression === undefined) return `its manifest's format ${JSON.stringify(format)} is unknown`;
    const suffix = dumpSuffixOf(key);
    if (suffix === undefined || suffix === COMPRESSIONS[compression].keySuffix) return undefined;
    return (
        `its manifest says ${format} (${compression}, ${COMPRESSIONS[compression].keySuffix}), but the key ` +
        `ends with ${suffix} (${compressionOfSuffix(suffix)}): the manifest and the dump disagree`
    );
}

/** "1f 8b 08 00 (gzip)": the first bytes, and the compression they are the magic of, if any. */
export function describeStart(head: Buffer): string {
    if (head.length === 0) return "it is empty";
    const hex = [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const known = COMPRESSION_NAMES.find((c) => startsWithMagic(head, c));
    return `it starts with ${hex}${known ? ` (${known})` : ""}`;
}

function startsWithMagic(head: Buffer, compression: Compression): boolean {
    const { magic } = COMPRESSIONS[compression];
    return head.length >= magic.length && magic.every((byte, i) => head[i] === byte);
}

/** The bytes needed to tell whether a stream starts with a compression's magic. */
export const HEAD_BYTES = Math.max(...COMPRESSION_NAMES.map((c) => COMPRESSIONS[c].magic.length));

/**
 * Why an object whose first bytes are `head` is not in `format`'s compression, or undefined when it
 * starts with that compression's magic. `what` names the object; `decidedBy` says who claimed the format.
 */
export function formatMismatch(what: string, head: Buffer, format: DumpFormat): string | undefined {
    if (startsWithMagic(head, format.compression)) return undefined;
    const spec = COMPRESSIONS[format.compression];
    const claim = format.decidedBy === "manifest" ? "its manifest says" : "its key says";
    return `${what} is not ${spec.format} as ${claim}: ${describeStart(head)}`;
}

/**
 * A pass-through that refuses a stream not starting with the expected compression's magic: it holds the
 * first bytes until it can tell, then forwards everything unchanged. An empty or too-short stream is
 * refused at its end.
 */
export class FormatGate extends Transform {
    private head: Buffer | undefined = Buffer.alloc(0);

    constructor(
        private readonly what: string,
        private readonly format: DumpFormat,
    ) {
        super();
    }

    override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
        if (this.head === undefined) return callback(null, chunk);
        const head = Buffer.concat([this.head, chunk]);
        if (head.length < COMPRESSIONS[this.format.compression].magic.length) {
            this.head = head;
            return callback();
        }
        this.head = undefined;
        const problem = formatMismatch(this.what, head, this.format);
        callback(problem ? new Error(problem) : null, problem ? undefined : head);
    }

    override _flush(callback: TransformCallback): void {
        if (this.head === undefined) return callback();
        callback(new Error(formatMismatch(this.what, this.head, this.format)));
    }
}
