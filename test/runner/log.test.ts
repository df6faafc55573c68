import { expect } from "chai";
import { createLogger } from "../../runner/log";

/** A stand-in for process.stderr that records writes and claims to be (or not be) a terminal. */
function fakeStream(isTTY: boolean) {
    const writes: string[] = [];
    const stream = { isTTY, write: (text: string) => writes.push(text) > 0 };
    return { stream: stream as unknown as NodeJS.WriteStream, writes };
}

describe("logger", () => {
    it("writes one JSON object per line when stderr is not a terminal", () => {
        const { stream, writes } = fakeStream(false);
        let clock = 0;
        const log = createLogger({ stream, now: () => clock });
        log.info("part-uploaded", "part 1 stored", { part: 1 });
        clock = 6000;
        log.progress({ uncompressedBytes: 6_000_000, compressedBytes: 1_000_000, parts: 1 });
        const records = writes.map((w) => JSON.parse(w) as Record<string, unknown>);
        expect(records[0]).to.include({
            level: "info",
            event: "part-uploaded",
            message: "part 1 stored",
            part: 1,
        });
        expect(records[1]).to.include({
            event: "progress",
            uncompressedBytes: 6_000_000,
            bytesPerSecond: 1_000_000,
        });
        expect(writes.every((w) => w.endsWith("\n"))).to.equal(true);
    });

    it("rewrites one progress line on a terminal, throttled, and ends it before the next message", () => {
        const { stream, writes } = fakeStream(true);
        let clock = 0;
        const log = createLogger({ stream, now: () => clock });
        clock = 1000;
        log.progress({ uncompressedBytes: 2 * 1024 * 1024, compressedBytes: 1024 * 1024, parts: 0 });
        clock = 1100;
        log.progress({ uncompressedBytes: 3 * 1024 * 1024, compressedBytes: 1024 * 1024, parts: 0 });
        log.warn("x", "something odd");
        expect(writes[0]).to.match(/^\r2\.0 MiB dumped, 1\.0 MiB uploaded in 0 parts, 2\.0 MiB\/s/);
        expect(writes, "the second update within 500 ms is dropped").to.have.length(3);
        expect(writes[1]).to.equal("\n");
        expect(writes[2]).to.equal("strongbox warn: something odd\n");
    });

    it("logs progress as often as asked (--progress-every), and no more often", () => {
        const { stream, writes } = fakeStream(false);
        let clock = 0;
        const log = createLogger({ stream, now: () => clock, progressIntervalMs: 200 });
        for (clock = 200; clock <= 1000; clock += 100) {
            log.progress({ uncompressedBytes: clock, compressedBytes: 1, parts: 0 });
        }
        expect(
            writes.map((w) => (JSON.parse(w) as { uncompressedBytes: number }).uncompressedBytes),
        ).to.deep.equal([200, 400, 600, 800, 1000]);
    });
});
