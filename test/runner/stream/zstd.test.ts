/** The zstd stage against the real `zstd` executable (scripts/setup.sh installs it): data and limits. */
import { expect } from "chai";
import * as crypto from "node:crypto";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createZstdCompress, createZstdDecompress, resolveZstdOptions } from "../../../runner/stream/zstd";
import { collector, compress, KiB, lazySource, MiB, rows, systemZstd } from "./zstd-fixtures";

describe("the zstd stage", function () {
    this.timeout(60_000);

    describe("round trip", () => {
        for (const size of [0, 1, 1000, 3 * MiB + 123]) {
            for (const kind of ["random", "rows"] as const) {
                it(`${size} ${kind} bytes: the system zstd and the decompress stage both return them`, async () => {
                    const data = kind === "random" ? crypto.randomBytes(size) : rows(size, size);
                    const zst = await compress(data, { threads: 2 });
                    expect(zst.length).to.be.greaterThan(0);
                    expect(systemZstd(["-d", "-c"], zst).equals(data)).to.equal(true);
                    const { sink, output } = collector();
                    await pipeline(Readable.from([zst]), createZstdDecompress(), sink);
                    expect(output().equals(data)).to.equal(true);
                });
            }
        }

        it("honours the level: 19 is smaller than 1 on the same rows", async () => {
            const data = rows(2 * MiB);
            const [fast, small] = [await compress(data, { level: 1 }), await compress(data, { level: 19 })];
            expect(small.length).to.be.lessThan(fast.length);
            expect(systemZstd(["-d", "-c"], small).equals(data)).to.equal(true);
        });

        it("decodes several concatenated frames as one stream", async () => {
            const [a, b] = [rows(100 * KiB, 1), rows(100 * KiB, 2)];
            const both = Buffer.concat([await compress(a), await compress(b)]);
            const { sink, output } = collector();
            await pipeline(Readable.from([both]), createZstdDecompress(), sink);
            expect(output().equals(Buffer.concat([a, b]))).to.equal(true);
        });
    });

    it("streams 64 MiB in 64 KiB chunks through compress and decompress with bounded buffers", async () => {
        const total = 64 * MiB;
        const { stream } = lazySource(total, 64 * KiB, (n, i) => rows(n, i));
        const inHash = crypto.createHash("sha256");
        const outHash = crypto.createHash("sha256");
        const tap = new Writable({
            write(chunk: Buffer, _e, cb) {
                outHash.update(chunk);
                cb();
            },
        });
        stream.on("data", (chunk: Buffer) => inHash.update(chunk));
        const z = createZstdCompress({ threads: 2 });
        const d = createZstdDecompress();
        let maxBuffered = 0;
        const sampler = setInterval(() => {
            for (const s of [z, d]) maxBuffered = Math.max(maxBuffered, s.readableLength, s.writableLength);
        }, 1);
        try {
            await pipeline(stream, z, d, tap);
        } finally {
            clearInterval(sampler);
        }
        expect(outHash.digest("hex")).to.equal(inHash.digest("hex"));
        // One pipe read (64 KiB) over a 16-64 KiB high-water mark at most, whatever the input size.
        expect(maxBuffered).to.be.at.most(256 * KiB);
    });

    it("stops pulling its source while nobody reads its output, then finishes", async () => {
        const total = 256 * MiB;
        // Random bytes do not compress, so what zstd holds back is what it was given.
        const { stream, state } = lazySource(total, 64 * KiB, (n) => crypto.randomBytes(n));
        const z = createZstdCompress({ threads: 1, level: 1 });
        stream.pipe(z);
        let last = -1;
        for (let stable = 0; stable < 10;) {
            await new Promise((r) => setTimeout(r, 30));
            stable = state.pulled === last ? stable + 1 : 0;
            last = state.pulled;
        }
        // The pipes and zstd's own window and job buffers, not the input: far less than 256 MiB.
        expect(state.pulled).to.be.greaterThan(0);
        expect(state.pulled).to.be.lessThan(64 * MiB);
        const { sink } = collector();
        await pipeline(z, sink);
        expect(state.pulled).to.equal(total);
    });

    describe("options", () => {
        it("defaults to level 3, every CPU this process may use, and `zstd` on PATH", () => {
            const o = resolveZstdOptions();
            expect(o.level).to.equal(3);
            expect(o.threads).to.be.at.least(1);
            expect(o.path).to.equal("zstd");
        });

        const bad: Array<[object, string]> = [
            [{ level: 0 }, "`level` must be an integer from 1 to 19 for zstd (got 0)"],
            [{ level: 20 }, "`level` must be an integer from 1 to 19 for zstd (got 20)"],
            [{ level: 2.5 }, "`level` must be an integer from 1 to 19 for zstd (got 2.5)"],
            [{ threads: -1 }, "`threads` must be an integer from 0 to 256 (got -1)"],
            [{ path: " " }, "`path` must name the zstd executable (got an empty string)"],
        ];
        for (const [opts, message] of bad) {
            it(`rejects ${JSON.stringify(opts)}`, () => {
                expect(() => createZstdCompress(opts)).to.throw(RangeError, message);
            });
        }
    });
});
