/** Byte sources, sinks and checks shared by the zstd stage's tests. */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createZstdCompress, type ZstdOptions } from "../../../runner/stream/zstd";

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** Dump-like text (tab-separated rows with an md5), deterministic per seed. */
export function rows(size: number, seed = 0): Buffer {
    const lines: string[] = [];
    let length = 0;
    for (let i = 0; length < size; i++) {
        const line = `${i}\t${i % 100}\t${crypto.createHash("md5").update(`${seed}:${i}`).digest("hex")}\tactive\n`;
        lines.push(line);
        length += line.length;
    }
    return Buffer.from(lines.join("")).subarray(0, size);
}

/** A source of `total` bytes made lazily in `piece`-sized chunks, counting what was pulled. */
export function lazySource(total: number, piece: number, make: (n: number, i: number) => Buffer) {
    const state = { pulled: 0 };
    let i = 0;
    const stream = new Readable({
        read() {
            if (state.pulled >= total) return void this.push(null);
            const n = Math.min(piece, total - state.pulled);
            state.pulled += n;
            this.push(make(n, i++));
        },
    });
    return { stream, state };
}

export function collector(): { sink: Writable; output: () => Buffer } {
    const parts: Buffer[] = [];
    const sink = new Writable({
        write(chunk: Buffer, _e, cb) {
            parts.push(chunk);
            cb();
        },
    });
    return { sink, output: () => Buffer.concat(parts) };
}

export async function compress(data: Buffer, opts: ZstdOptions = {}): Promise<Buffer> {
    const { sink, output } = collector();
    await pipeline(Readable.from([data]), createZstdCompress(opts), sink);
    return output();
}

export function systemZstd(args: string[], input: Buffer): Buffer {
    const r = spawnSync("zstd", args, { input, maxBuffer: 256 * MiB });
    expect(r.status, r.stderr?.toString()).to.equal(0);
    return r.stdout;
}

export function alive(pid: number | undefined): boolean {
    try {
        process.kill(pid as number, 0);
        return true;
    } catch {
        return false;
    }
}

export async function failure(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        return error as Error;
    }
    throw new Error("expected a failure");
}
