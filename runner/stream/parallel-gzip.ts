/**
 * A gzip Transform that compresses on several cores at once.
 *
 * Why: a single deflate stream runs on one core and is the bottleneck of `pg_dump | gzip | upload`
 * (measured: pg_dump alone ~5x faster than the gzip step). Deflate cannot be split mid-stream, but
 * RFC 1952 lets a file be a concatenation of gzip members, and every reader we rely on (`gzip -d`, so
 * `gunzip | psql`; `zlib.gunzip*`, `createGunzip`) decodes all members in order. So the
 * input is cut into fixed-size chunks, each chunk becomes an independent member compressed with async
 * `zlib.gzip` (which runs on the libuv threadpool, off the main thread), and members are emitted
 * strictly in input order. The cost is a dictionary restart per chunk: +0.04% size at 1 MiB chunks
 * (measured on dump-like data), +0.16% at 256 KiB.
 *
 * Threadpool: libuv's pool has `UV_THREADPOOL_SIZE` threads (default 4, read once at the first pool
 * use, so it must be set in the environment before the process starts). It is shared with fs,
 * `dns.lookup` and some crypto; a concurrency above the pool size only queues, and a concurrency equal
 * to it would make the S3 client's DNS lookups wait behind compression. Hence the default below keeps
 * one thread free.
 *
 * Memory is bounded whatever the input size: at most `concurrency` chunks are compressing or waiting
 * to be emitted, input is not acknowledged while that window is full (so upstream backpressure reaches
 * `pg_dump`'s pipe), and a finished member is not pushed while the readable side is over its
 * high-water mark. Worst case ≈ (concurrency + 1) × chunkBytes of input plus the members in flight.
 */
import * as os from "os";
import { Transform, TransformCallback } from "stream";
import * as zlib from "zlib";

export interface ParallelGzipOptions {
    /** Deflate level, -1 (zlib default, which is 6) to 9. Default 6, the same as `gzip` and `zlib`. */
    readonly level?: number;
    /**
     * Uncompressed bytes per gzip member. Default 1 MiB: on dump-like data (~2.6:1) 256 KiB to 4 MiB
     * were equally fast within the noise of a shared 2-core machine, while larger chunks cost memory
     * (4 MiB: ~45 MB more peak RSS) and smaller ones size (see above).
     */
    readonly chunkBytes?: number;
    /**
     * Chunks compressing or waiting to be emitted at once. Default: the number of CPUs
     * (`os.availableParallelism()`), capped at `UV_THREADPOOL_SIZE - 1` (see the file comment).
     */
    readonly concurrency?: number;
}

export const DEFAULT_LEVEL = 6;
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;

/**
 * The libuv threadpool size this process gets, parsed as libuv does (`atoi`; 0 or junk means 1, more than
 * 1024 or negative means 1024; unset means 4).
 */
export function threadpoolSize(env: NodeJS.ProcessEnv = process.env): number {
    const text = env.UV_THREADPOOL_SIZE;
    if (text === undefined) return 4;
    const n = parseInt(text, 10) || 0;
    if (n === 0) return 1;
    return n < 0 || n > 1024 ? 1024 : n;
}

export function defaultConcurrency(): number {
    return Math.max(1, Math.min(os.availableParallelism(), threadpoolSize() - 1));
}

/** Validates and fills in defaults; throws an error that names the field and the fix. */
export function resolveParallelGzipOptions(opts: ParallelGzipOptions = {}): Required<ParallelGzipOptions> {
    const level = opts.level ?? DEFAULT_LEVEL;
    const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    const concurrency = opts.concurrency ?? defaultConcurrency();
    if (!Number.isInteger(level) || level < -1 || level > 9) {
        throw new RangeError(`\`level\` must be an integer from -1 to 9 (got ${level})`);
    }
    // The upper bound keeps one chunk well inside Buffer and zlib limits; nobody needs 1 GiB members.
    if (!Number.isInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > 256 * 1024 * 1024) {
        throw new RangeError(`\`chunkBytes\` must be an integer from 1 to 268435456 (got ${chunkBytes})`);
    }
    if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new RangeError(`\`concurrency\` must be a positive integer (got ${concurrency})`);
    }
    return { level, chunkBytes, concurrency };
}

interface Member {
    output?: Buffer;
}

/** Exported for its counters (tests and the bench read them); build it with `createParallelGzip`. */
export class ParallelGzip extends Transform {
    /** Members compressing or compressed but not yet pushed. */
    get inFlight(): number {
        return this.window.length;
    }
    /** The most members ever in flight at once: the memory bound tests assert on. */
    maxInFlight = 0;
    /** Members pushed so far. */
    membersOut = 0;
    bytesIn = 0;
    bytesOut = 0;

    private readonly opts: Required<ParallelGzipOptions>;
    private readonly zlibOpts: zlib.ZlibOptions;
    private pending: Buffer[] = [];
    private pendingBytes = 0;
    /** Members in input order; the head is pushed as soon as it is compressed. */
    private window: Member[] = [];
    /** The readable side is over its high-water mark: hold finished members until `_read`. */
    private blocked = false;
    /** The write callback, held while the window is full so that no more input is accepted. */
    private heldWrite: TransformCallback | null = null;
    private heldFlush: TransformCallback | null = null;

    constructor(opts: ParallelGzipOptions = {}) {
        super();
        this.opts = resolveParallelGzipOptions(opts);
        this.zlibOpts = {
            level: this.opts.level,
            // zlib.gzip returns to the main thread each time its output buffer fills (16 KiB by
            // default); one buffer the size of the chunk makes a member a single threadpool job.
            chunkSize: Math.max(16 * 1024, Math.min(this.opts.chunkBytes + 1024, 8 * 1024 * 1024)),
        };
    }

    override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
        this.pending.push(chunk);
        this.pendingBytes += chunk.length;
        this.bytesIn += chunk.length;
        this.heldWrite = callback;
        this.pump();
    }

    override _flush(callback: TransformCallback): void {
        this.heldFlush = callback;
        this.pump();
    }

    override _read(size: number): void {
        this.blocked = false;
        this.pump();
        // Transform's own _read releases a write callback it parked while the readable side was full.
        super._read(size);
    }

    override _destroy(err: Error | null, callback: (error: Error | null) => void): void {
        // In-flight compressions finish on the threadpool and are dropped in `pump`.
        this.pending = [];
        this.window = [];
        this.heldWrite = null;
        this.heldFlush = null;
        callback(err);
    }

    /** Moves everything forward that can move: push finished members, start chunks, release callbacks. */
    private pump(): void {
        if (this.destroyed) return;
        while (!this.blocked && this.window.length > 0 && this.window[0].output !== undefined) {
            const out = (this.window.shift() as Member).output as Buffer;
            this.membersOut++;
            this.bytesOut += out.length;
            if (!this.push(out)) this.blocked = true;
        }
        while (this.window.length < this.opts.concurrency && this.pendingBytes >= this.opts.chunkBytes) {
            this.start(this.takePending(this.opts.chunkBytes));
        }
        const flushing = this.heldFlush !== null;
        // The tail, or the only member of an empty input so that the output is a valid (empty) gzip file.
        if (flushing && this.window.length < this.opts.concurrency) {
            if (this.pendingBytes > 0 || (this.membersOut === 0 && this.window.length === 0)) {
                this.start(this.takePending(this.pendingBytes));
            }
        }
        if (this.heldWrite && this.pendingBytes < this.opts.chunkBytes) {
            const cb = this.heldWrite;
            this.heldWrite = null;
            cb();
        }
        if (this.heldFlush && this.window.length === 0 && this.pendingBytes === 0 && this.membersOut > 0) {
            const cb = this.heldFlush;
            this.heldFlush = null;
            cb();
        }
    }

    /**
     * One member; overridable so that tests can complete members out of order or fail one. Must call
     * back exactly once, asynchronously.
     */
    protected compress(input: Buffer, options: zlib.ZlibOptions, callback: zlib.CompressCallback): void {
        zlib.gzip(input, options, callback);
    }

    private takePending(n: number): Buffer {
        const all =
            this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
        const head = all.subarray(0, n);
        const rest = all.subarray(n);
        this.pending = rest.length > 0 ? [rest] : [];
        this.pendingBytes = rest.length;
        return head;
    }

    private start(input: Buffer): void {
        const member: Member = {};
        this.window.push(member);
        this.maxInFlight = Math.max(this.maxInFlight, this.window.length);
        this.compress(input, this.zlibOpts, (err, output) => {
            if (this.destroyed) return;
            if (err) {
                this.destroy(err);
                return;
            }
            member.output = output;
            this.pump();
        });
    }
}

/**
 * A Transform from bytes to a gzip file made of independent members compressed in parallel, in order.
 * Pipe it with `stream.pipeline` so that an error on either side destroys the other.
 */
export function createParallelGzip(opts?: ParallelGzipOptions): ParallelGzip {
    return new ParallelGzip(opts);
}
