/** The zstd stage's failures, against the real `zstd` executable: each one loud, none leaving a process. */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ChildFilter } from "../../../runner/stream/child-filter";
import { checkZstd, createZstdCompress, createZstdDecompress } from "../../../runner/stream/zstd";
import { alive, collector, compress, failure, KiB, lazySource, MiB, rows, systemZstd } from "./zstd-fixtures";

describe("the zstd stage's failures", function () {
    this.timeout(60_000);

    describe("failures", () => {
        it("a missing executable fails the stage with the fix", async () => {
            const error = await failure(
                pipeline(
                    Readable.from([Buffer.from("x")]),
                    createZstdCompress({ path: "/nonexistent/zstd" }),
                    collector().sink,
                ),
            );
            expect(error.message).to.equal(
                "zstd: `/nonexistent/zstd` was not found: install zstd (Debian/Ubuntu package `zstd`) or give the path to the executable",
            );
        });

        it("checkZstd names the setting to fix before anything runs, and accepts the real one", async () => {
            const setting = "`--zstd-path` (`ZSTD_PATH`)";
            expect((await failure(checkZstd("/nonexistent/zstd", setting))).message).to.equal(
                "zstd executable `/nonexistent/zstd` was not found; install zstd (Debian/Ubuntu package `zstd`) " +
                    "or set `--zstd-path` (`ZSTD_PATH`) to its path",
            );
            // gzip answers `--version` too, but it is not zstd.
            expect((await failure(checkZstd("gzip", setting))).message).to.match(
                /^`gzip --version` did not report a Zstandard CLI \(exit 0: gzip .*\); install zstd .* to its path$/s,
            );
            const { version } = await checkZstd("zstd", setting);
            expect(version).to.match(/^1\.\d+\.\d+$/);
        });

        it("corrupt input fails the decompress stage with zstd's own words", async () => {
            const zst = Buffer.from(await compress(rows(1 * MiB)));
            zst[Math.floor(zst.length / 2)] ^= 0xff;
            const error = await failure(
                pipeline(Readable.from([zst]), createZstdDecompress(), collector().sink),
            );
            expect(error.message).to.match(/^zstd -d exited with code 1: .*(corrupt|checksum|Data)/is);
        });

        it("gzip bytes given to the zstd reader are refused, though `zstd -d` alone would decode them", async () => {
            const gz = spawnSync("gzip", ["-c"], { input: rows(10 * KiB) }).stdout;
            // The premise: the executable itself guesses the format.
            expect(systemZstd(["-d", "-c"], gz).equals(rows(10 * KiB))).to.equal(true);
            const error = await failure(
                pipeline(Readable.from([gz]), createZstdDecompress(), collector().sink),
            );
            expect(error.message).to.match(
                /^zstd -d: the input is not a zstd stream: it starts with 1f 8b 08 .* \(gzip\)$/,
            );
        });

        it("an empty or too-short input is refused as not zstd", async () => {
            for (const [input, what] of [
                [Buffer.alloc(0), "it is empty"],
                [Buffer.from([0x28, 0xb5]), "it starts with 28 b5"],
            ] as Array<[Buffer, string]>) {
                const error = await failure(
                    pipeline(Readable.from([input]), createZstdDecompress(), collector().sink),
                );
                expect(error.message).to.equal(`zstd -d: the input is not a zstd stream: ${what}`);
            }
        });

        it("the magic is checked even when it arrives one byte at a time", async () => {
            const data = rows(50 * KiB);
            const zst = await compress(data);
            const bytes = [...zst.subarray(0, 6)].map((b) => Buffer.from([b]));
            const { sink, output } = collector();
            await pipeline(Readable.from([...bytes, zst.subarray(6)]), createZstdDecompress(), sink);
            expect(output().equals(data)).to.equal(true);
        });

        it("a truncated stream is an error, not a shorter result", async () => {
            const zst = await compress(rows(1 * MiB));
            const error = await failure(
                pipeline(
                    Readable.from([zst.subarray(0, zst.length - 100)]),
                    createZstdDecompress(),
                    collector().sink,
                ),
            );
            expect(error.message).to.match(/^zstd -d exited with code 1: /);
        });

        it("a child killed from outside fails the stage", async () => {
            const { stream } = lazySource(1024 * MiB, 64 * KiB, (n) => crypto.randomBytes(n));
            const z = createZstdCompress({ threads: 1 });
            const done = pipeline(stream, z, collector().sink);
            await new Promise((r) => setTimeout(r, 200));
            process.kill(z.pid as number, "SIGKILL");
            expect((await failure(done)).message).to.equal("zstd was killed by SIGKILL: (no stderr)");
        });
    });

    describe("abort", () => {
        let frame: Buffer;
        before(async () => {
            frame = await compress(rows(256 * KiB));
        });
        const cases: Array<[string, () => ChildFilter, () => (n: number) => Buffer]> = [
            ["compress", () => createZstdCompress({ threads: 2 }), () => (n) => crypto.randomBytes(n)],
            // Valid frames, one after another, for ever: the reader has no reason to stop by itself.
            ["decompress", () => createZstdDecompress(), () => () => frame],
        ];
        for (const [label, make, input] of cases) {
            it(`aborting a ${label} stage mid-stream leaves no zstd process behind`, async () => {
                const stage = make();
                const controller = new AbortController();
                const { stream } = lazySource(Number.MAX_SAFE_INTEGER, 64 * KiB, input());
                const done = pipeline(stream, stage, collector().sink, { signal: controller.signal });
                await new Promise((r) => setTimeout(r, 100));
                expect(alive(stage.pid)).to.equal(true);
                controller.abort();
                expect((await failure(done)).name).to.equal("AbortError");
                await new Promise((r) => (stage.closed ? r(undefined) : stage.once("close", r)));
                expect(alive(stage.pid)).to.equal(false);
            });
        }
    });
});
