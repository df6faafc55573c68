/**
 * zstd as a stream stage: the reference `zstd` executable, streaming stdin to stdout in a child
 * process (`child-filter.ts`).
 *
 * Why the executable rather than a binding:
 * - it is the reference implementation (BSD-licensed, maintained by its authors), multi-threaded
 *   (`-T<n>` workers compress while pg_dump produces and the upload sends) and streaming by nature;
 *   its output is the standard frame format any `zstd -d`/`zstdcat` reads, with a content checksum;
 * - the compression runs outside Node, so it uses cores without competing for the libuv threadpool
 *   that parallel gzip, fs and DNS share, and its memory is the child's, bounded by the level's window
 *   (a few MB per worker at the default level);
 * - no npm dependency, so nothing new in the bundle: the job gets `zstd` from the distribution
 *   (Debian/Ubuntu package `zstd`), and a missing one is found by `checkZstd` before a dump starts.
 * Node's own `zlib.createZstdCompress` (Node 22.15+) would need no executable at all, but Node
 * documents it as experimental and the project still supports Node 20.
 *
 * Decompression is bounded too: `zstd -d` refuses a frame whose window needs more than 128 MB
 * (its `--memory` default), so a crafted object cannot make a restore allocate without limit. And it
 * is strict: `zstd -d` would also decode gzip, xz and lz4 input (it detects them), which would let a
 * manifest that says zstd restore an object that is not; the stage refuses any stream that does not
 * start with the zstd frame magic, so the manifest's `format` decides and nothing is guessed.
 */
import * as os from "node:os";
import type { TransformCallback } from "node:stream";
import { COMPRESSIONS } from "../../shared/compression";
import { runCommand } from "../run-command";
import { ChildFilter } from "./child-filter";

const LEVELS = COMPRESSIONS.zstd.levels;

/** The oldest zstd the stage relies on: `-T` multi-threading and content checksums by default. */
export const MIN_ZSTD_VERSION = [1, 4, 0] as const;

export interface ZstdOptions {
    /** The `zstd` executable: a path, or a name looked up on PATH. Default `zstd`. */
    readonly path?: string;
    /** Compression level, 1 to 19. Default 3 (zstd's own default). */
    readonly level?: number;
    /**
     * Worker threads (`-T<n>`); 0 lets zstd pick one per physical core. Default: the CPUs this process
     * may use (`os.availableParallelism()`), because zstd counts physical cores and a 2-vCPU build
     * host has one.
     */
    readonly threads?: number;
}

const DEFAULT_PATH = "zstd";
const MISSING_HINT = "install zstd (Debian/Ubuntu package `zstd`) or give the path to the executable";

/** Validates and fills in defaults; throws an error that names the field and the fix. */
export function resolveZstdOptions(opts: ZstdOptions = {}): Required<ZstdOptions> {
    const level = opts.level ?? LEVELS.default;
    const threads = opts.threads ?? os.availableParallelism();
    const zstdPath = opts.path ?? DEFAULT_PATH;
    if (!Number.isInteger(level) || level < LEVELS.min || level > LEVELS.max) {
        throw new RangeError(
            `\`level\` must be an integer from ${LEVELS.min} to ${LEVELS.max} for zstd (got ${level})`,
        );
    }
    if (!Number.isInteger(threads) || threads < 0 || threads > 256) {
        throw new RangeError(`\`threads\` must be an integer from 0 to 256 (got ${threads})`);
    }
    if (zstdPath.trim() === "")
        throw new RangeError("`path` must name the zstd executable (got an empty string)");
    return { level, threads, path: zstdPath };
}

/** The arguments of a compressing `zstd`: quiet (stderr is for errors), stdin to stdout. */
export function zstdCompressArgs(level: number, threads: number): string[] {
    return ["-q", "-c", `-${level}`, `-T${threads}`];
}

/** The arguments of a decompressing `zstd`; it checks every frame's content checksum. */
export const ZSTD_DECOMPRESS_ARGS: readonly string[] = ["-d", "-q", "-c"];

/** A stage from bytes to a zstd stream. Pipe it with `stream.pipeline`, so a failure anywhere stops it. */
export function createZstdCompress(opts: ZstdOptions = {}): ChildFilter {
    const { path, level, threads } = resolveZstdOptions(opts);
    return new ChildFilter({
        name: "zstd",
        file: path,
        args: zstdCompressArgs(level, threads),
        missingHint: MISSING_HINT,
    });
}

/** Every zstd frame starts with these four bytes (RFC 8878, 3.1.1: 0xFD2FB528, little-endian). */
export const ZSTD_MAGIC = Buffer.from(COMPRESSIONS.zstd.magic);

/** The first bytes of a few formats a wrong object may be in, for the refusal's message. */
const KNOWN_MAGIC: Array<[string, Buffer]> = [
    ["gzip", Buffer.from(COMPRESSIONS.gzip.magic)],
    ["xz", Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a])],
    ["lz4", Buffer.from([0x04, 0x22, 0x4d, 0x18])],
];

/** `zstd -d` that accepts only zstd: the first four bytes must be the frame magic. */
class ZstdDecompress extends ChildFilter {
    private head: Buffer | undefined = Buffer.alloc(0);

    override _write(chunk: Buffer, encoding: BufferEncoding, callback: TransformCallback): void {
        if (this.head === undefined) return super._write(chunk, encoding, callback);
        const head = Buffer.concat([this.head, chunk]);
        if (head.length < ZSTD_MAGIC.length) {
            this.head = head;
            return callback();
        }
        this.head = undefined;
        if (!head.subarray(0, ZSTD_MAGIC.length).equals(ZSTD_MAGIC)) return callback(notZstd(head));
        super._write(head, encoding, callback);
    }

    override _final(callback: (error?: Error | null) => void): void {
        if (this.head !== undefined) return callback(notZstd(this.head));
        super._final(callback);
    }
}

function notZstd(head: Buffer): Error {
    const start = head
        .subarray(0, 8)
        .toString("hex")
        .replace(/(..)(?!$)/g, "$1 ");
    const known = KNOWN_MAGIC.find(([, magic]) => head.subarray(0, magic.length).equals(magic));
    const what =
        head.length === 0 ? "it is empty" : `it starts with ${start}${known ? ` (${known[0]})` : ""}`;
    return new Error(`zstd -d: the input is not a zstd stream: ${what}`);
}

/**
 * A stage from a zstd stream (one frame or several) back to the bytes. Input that is not zstd,
 * corrupt (every frame carries a checksum) or truncated is an error.
 */
export function createZstdDecompress(opts: Pick<ZstdOptions, "path"> = {}): ChildFilter {
    const { path } = resolveZstdOptions({ path: opts.path });
    return new ZstdDecompress({
        name: "zstd -d",
        file: path,
        args: ZSTD_DECOMPRESS_ARGS,
        missingHint: MISSING_HINT,
    });
}

/**
 * Proves that `zstdPath` is a usable zstd before anything is uploaded: it runs, says it is Zstandard,
 * and is at least `MIN_ZSTD_VERSION`. `setting` names what the operator changes to fix it (the flag
 * and variable that give the path), and every message ends with it. Resolves to the version.
 */
export async function checkZstd(zstdPath: string, setting: string): Promise<{ version: string }> {
    const fix = `install zstd (Debian/Ubuntu package \`zstd\`) or set ${setting} to its path`;
    let result;
    try {
        result = await runCommand(zstdPath, ["--version"]);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const what =
            code === "ENOENT"
                ? "was not found"
                : `could not be started (${code ?? (error as Error).message})`;
        throw new Error(`zstd executable \`${zstdPath}\` ${what}; ${fix}`);
    }
    const text = `${result.stdout}${result.stderr}`;
    const match = /Zstandard CLI.*v(\d+)\.(\d+)\.(\d+)/.exec(text);
    if (result.code !== 0 || !match) {
        throw new Error(
            `\`${zstdPath} --version\` did not report a Zstandard CLI (exit ${result.code}: ${text.trim().slice(0, 200)}); ${fix}`,
        );
    }
    const version = [Number(match[1]), Number(match[2]), Number(match[3])];
    const tooOld = version.findIndex((v, i) => v !== MIN_ZSTD_VERSION[i]);
    if (tooOld >= 0 && version[tooOld] < MIN_ZSTD_VERSION[tooOld]) {
        throw new Error(
            `zstd \`${zstdPath}\` is ${version.join(".")}, older than ${MIN_ZSTD_VERSION.join(".")}; ${fix}`,
        );
    }
    return { version: version.join(".") };
}
