import { expect } from "chai";
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import { Readable, Writable } from "stream";
import { pipeline } from "stream/promises";
import * as zlib from "zlib";
import {
    createParallelGzip,
    ParallelGzip,
    type ParallelGzipOptions,
    resolveParallelGzipOptions,
    threadpoolSize,
} from "../../../runner/stream/parallel-gzip";

const KiB = 1024;

/** Text that compresses about like a dump (md5 hex plus repeated words), deterministic per seed. */
function compressible(size: number, seed = 0): Buffer {
    const lines: string[] = [];
    let length = 0;
    for (let i = 0; length < size; i++) {
        const md5 = crypto.createHash("md5").update(`${seed}:${i}`).digest("hex");
        const line = `${i}\t${i % 100}\t${md5}\tactive\n`;
        lines.push(line);
        length += line.length;
    }
    return Buffer.from(lines.join("")).subarray(0, size);
}

/** Feeds `data` in pieces of the given sizes (cycled), so writes straddle chunk boundaries. */
function source(data: Buffer, pieces: number[] = [64 * KiB]): Readable {
    let offset = 0;
    let i = 0;
    return new Readable({
        read() {
            if (offset >= data.length) {
                this.push(null);
                return;
            }
            const n = pieces[i++ % pieces.length];
            this.push(data.subarray(offset, offset + n));
            offset += n;
        },
    });
}

function collector(): { sink: Writable; output: () => Buffer } {
    const parts: Buffer[] = [];
    const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
            parts.push(chunk);
            callback();
        },
    });
    return { sink, output: () => Buffer.concat(parts) };
}

async function compress(
    data: Buffer,
    opts: ParallelGzipOptions,
    pieces?: number[],
): Promise<[Buffer, ParallelGzip]> {
    const gz = createParallelGzip(opts);
    const { sink, output } = collector();
    await pipeline(source(data, pieces), gz, sink);
    return [output(), gz];
}

/** What the stream must produce: one independent member per chunk, in input order. */
function expectedMembers(data: Buffer, chunkBytes: number, level: number): Buffer {
    if (data.length === 0) return zlib.gzipSync(data, { level });
    const members: Buffer[] = [];
    for (let offset = 0; offset < data.length; offset += chunkBytes) {
        members.push(zlib.gzipSync(data.subarray(offset, offset + chunkBytes), { level }));
    }
    return Buffer.concat(members);
}

function systemGunzip(gz: Buffer): Buffer {
    const result = spawnSync("gzip", ["-dc"], { input: gz, maxBuffer: 256 * 1024 * 1024 });
    expect(result.error, "`gzip` must be on PATH").to.equal(undefined);
    expect(result.status, result.stderr.toString()).to.equal(0);
    return result.stdout;
}

/** Resolves once `read()` has not grown for a while: the pipeline has stalled on backpressure. */
async function settled(read: () => number): Promise<void> {
    let last = -1;
    let stableFor = 0;
    while (stableFor < 10) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        stableFor = read() === last ? stableFor + 1 : 0;
        last = read();
    }
}

describe("createParallelGzip", () => {
    const chunkBytes = 64 * KiB;

    describe("round trip", () => {
        const sizes = [
            0,
            1,
            1000,
            chunkBytes - 1,
            chunkBytes,
            chunkBytes + 1,
            3 * chunkBytes,
            5 * chunkBytes + 123,
        ];
        for (const size of sizes) {
            for (const kind of ["random", "compressible"] as const) {
                it(`${size} ${kind} bytes decode to the input, one member per chunk in order`, async () => {
                    const data = kind === "random" ? crypto.randomBytes(size) : compressible(size, size);
                    // Odd piece sizes so that writes straddle chunk boundaries.
                    const [gz, stream] = await compress(
                        data,
                        { chunkBytes, concurrency: 3, level: 6 },
                        [7000, 1, 65535, 20000],
                    );
                    expect(zlib.gunzipSync(gz).equals(data)).to.equal(true);
                    expect(gz.equals(expectedMembers(data, chunkBytes, 6))).to.equal(true);
                    expect(stream.membersOut).to.equal(Math.max(1, Math.ceil(size / chunkBytes)));
                    expect(stream.bytesIn).to.equal(size);
                    expect(stream.bytesOut).to.equal(gz.length);
                });
            }
        }

        it("one large write is split into chunks too", async () => {
            const data = compressible(10 * chunkBytes + 5);
            const [gz, stream] = await compress(data, { chunkBytes, concurrency: 2 }, [data.length]);
            expect(stream.membersOut).to.equal(11);
            expect(zlib.gunzipSync(gz).equals(data)).to.equal(true);
        });

        it("the system gzip -d and zlib's streaming gunzip read every member", async () => {
            const data = compressible(7 * chunkBytes + 999);
            const [gz, stream] = await compress(data, { chunkBytes, concurrency: 4 });
            expect(stream.membersOut).to.equal(8);
            expect(systemGunzip(gz).equals(data)).to.equal(true);
            const { sink, output } = collector();
            await pipeline(Readable.from([gz]), zlib.createGunzip(), sink);
            expect(output().equals(data)).to.equal(true);
        });

        it("empty input is a valid gzip file of nothing", async () => {
            const [gz] = await compress(Buffer.alloc(0), {});
            expect(gz.length).to.be.greaterThan(0);
            expect(zlib.gunzipSync(gz).length).to.equal(0);
            expect(systemGunzip(gz).length).to.equal(0);
        });

        it("honours the level", async () => {
            const data = compressible(4 * chunkBytes);
            const [fast] = await compress(data, { chunkBytes, level: 1 });
            const [best] = await compress(data, { chunkBytes, level: 9 });
            expect(fast.equals(expectedMembers(data, chunkBytes, 1))).to.equal(true);
            expect(best.length).to.be.lessThan(fast.length);
        });
    });

    describe("concurrency", () => {
        /** Even members complete 30 ms late, so a member often finishes before the one ahead of it. */
        class UnevenCompletion extends ParallelGzip {
            started = 0;
            completed: number[] = [];
            protected override compress(
                input: Buffer,
                options: zlib.ZlibOptions,
                cb: zlib.CompressCallback,
            ): void {
                const index = this.started++;
                const output = zlib.gzipSync(input, options);
                setTimeout(
                    () => {
                        this.completed.push(index);
                        cb(null, output);
                    },
                    index % 2 === 0 ? 30 : 0,
                );
            }
        }

        it("emits members in input order when later chunks finish first", async () => {
            const data = Buffer.concat(
                Array.from({ length: 12 }, (_, i) =>
                    i % 2 === 0 ? crypto.randomBytes(chunkBytes) : compressible(chunkBytes, i),
                ),
            );
            const gz = new UnevenCompletion({ chunkBytes, concurrency: 4 });
            const { sink, output } = collector();
            await pipeline(source(data), gz, sink);
            // The premise: completion order really differed from input order.
            expect(gz.completed).to.not.deep.equal([...gz.completed].sort((a, b) => a - b));
            expect(gz.maxInFlight).to.equal(4);
            expect(output().equals(expectedMembers(data, chunkBytes, 6))).to.equal(true);
        });

        it("keeps up to `concurrency` chunks in flight and no more", async () => {
            const data = compressible(30 * chunkBytes);
            const [gz, stream] = await compress(data, { chunkBytes, concurrency: 3 });
            expect(stream.maxInFlight).to.equal(3);
            expect(zlib.gunzipSync(gz).equals(data)).to.equal(true);
        });
    });

    describe("backpressure", () => {
        it("stops reading its source while the consumer does not read, then finishes", async () => {
            const concurrency = 2;
            const total = 64 * chunkBytes;
            const data = crypto.randomBytes(total);
            let pulled = 0;
            const counted = source(data, [16 * KiB]).on("data", (chunk: Buffer) => (pulled += chunk.length));
            const gz = createParallelGzip({ chunkBytes, concurrency });
            counted.pause();
            counted.pipe(gz);
            // Nobody reads gz's output yet.
            await settled(() => pulled);
            // Window + one partial chunk + the pushed member + the stream buffers (16 KiB each) and a piece.
            const bound = (concurrency + 2) * chunkBytes + 4 * 16 * KiB;
            expect(pulled).to.be.at.most(bound);
            expect(pulled).to.be.greaterThan(0);
            expect(gz.maxInFlight).to.be.at.most(concurrency);

            const { sink, output } = collector();
            await pipeline(gz, sink);
            expect(pulled).to.equal(total);
            expect(zlib.gunzipSync(output()).equals(data)).to.equal(true);
        });

        it("holds finished members back from a slow consumer: one member buffered at most", async () => {
            const data = crypto.randomBytes(40 * chunkBytes);
            const gz = createParallelGzip({ chunkBytes, concurrency: 4 });
            const parts: Buffer[] = [];
            const slow = new Writable({
                highWaterMark: 1,
                write(chunk: Buffer, _encoding, callback) {
                    parts.push(chunk);
                    setTimeout(callback, 2);
                },
            });
            // Sampled between events: a correct stream never exceeds the bound, whatever the timing.
            let maxReadable = 0;
            let maxWritable = 0;
            const sampler = setInterval(() => {
                maxReadable = Math.max(maxReadable, gz.readableLength);
                maxWritable = Math.max(maxWritable, gz.writableLength);
            }, 1);
            try {
                await pipeline(source(data, [16 * KiB]), gz, slow);
            } finally {
                clearInterval(sampler);
            }
            // Random data does not compress, so one member is the chunk plus the gzip framing.
            expect(maxReadable).to.be.at.most(chunkBytes + KiB);
            expect(maxWritable).to.be.at.most(16 * KiB);
            expect(gz.maxInFlight).to.equal(4);
            expect(zlib.gunzipSync(Buffer.concat(parts)).equals(data)).to.equal(true);
        });
    });

    describe("errors", () => {
        it("an error in the source destroys the stream and rejects the pipeline", async () => {
            const gz = createParallelGzip({ chunkBytes });
            let sent = 0;
            const failing = new Readable({
                read() {
                    if (sent >= 3 * chunkBytes) {
                        this.destroy(new Error("pg_dump exited 1"));
                        return;
                    }
                    sent += 16 * KiB;
                    this.push(crypto.randomBytes(16 * KiB));
                },
            });
            const { sink } = collector();
            let caught: unknown;
            await pipeline(failing, gz, sink).catch((error: unknown) => (caught = error));
            expect((caught as Error)?.message).to.equal("pg_dump exited 1");
            expect(gz.destroyed).to.equal(true);
        });

        it("a failed member destroys the stream with that error", async () => {
            class FailingGzip extends ParallelGzip {
                protected override compress(
                    _input: Buffer,
                    _o: zlib.ZlibOptions,
                    cb: zlib.CompressCallback,
                ): void {
                    setImmediate(() => cb(new Error("deflate failed"), Buffer.alloc(0)));
                }
            }
            const gz = new FailingGzip({ chunkBytes });
            const { sink } = collector();
            let caught: unknown;
            await pipeline(source(compressible(3 * chunkBytes)), gz, sink).catch(
                (error: unknown) => (caught = error),
            );
            expect((caught as Error)?.message).to.equal("deflate failed");
            expect(gz.destroyed).to.equal(true);
        });

        it("destroying mid-stream drops members still compressing", async () => {
            const gz = createParallelGzip({ chunkBytes, concurrency: 2 });
            const emitted: Buffer[] = [];
            gz.on("data", (chunk: Buffer) => emitted.push(chunk));
            gz.write(crypto.randomBytes(2 * chunkBytes));
            gz.destroy();
            await new Promise((resolve) => gz.once("close", resolve));
            // Let the threadpool jobs finish; their results must not be pushed after destroy.
            await new Promise((resolve) => setTimeout(resolve, 50));
            expect(emitted).to.have.length(0);
        });
    });

    describe("options", () => {
        it("defaults to level 6, 1 MiB chunks and at least one chunk in flight", () => {
            const resolved = resolveParallelGzipOptions();
            expect(resolved.level).to.equal(6);
            expect(resolved.chunkBytes).to.equal(1024 * 1024);
            expect(resolved.concurrency).to.be.at.least(1);
        });

        it("reads the libuv threadpool size the way libuv does (default 4)", () => {
            expect(threadpoolSize({})).to.equal(4);
            expect(threadpoolSize({ UV_THREADPOOL_SIZE: "8" })).to.equal(8);
            expect(threadpoolSize({ UV_THREADPOOL_SIZE: "zero" })).to.equal(1);
            expect(threadpoolSize({ UV_THREADPOOL_SIZE: "5000" })).to.equal(1024);
        });

        const bad: [ParallelGzipOptions, string][] = [
            [{ level: 10 }, "`level` must be an integer from -1 to 9 (got 10)"],
            [{ level: 1.5 }, "`level` must be an integer from -1 to 9 (got 1.5)"],
            [{ chunkBytes: 0 }, "`chunkBytes` must be an integer from 1 to 268435456 (got 0)"],
            [{ concurrency: 0 }, "`concurrency` must be a positive integer (got 0)"],
        ];
        for (const [opts, message] of bad) {
            it(`rejects ${JSON.stringify(opts)}`, () => {
                expect(() => createParallelGzip(opts)).to.throw(RangeError, message);
            });
        }
    });
});
