/** How a stored dump's compression is decided (the manifest, never the key) and checked against its bytes. */
import { expect } from "chai";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { gzipSync } from "node:zlib";
import { describeStart, type DumpFormat, dumpFormatOf, FormatGate } from "../../../runner/stream/format";
import { collector, compress, failure } from "./zstd-fixtures";

const GZ_KEY = "layer3/shop/2026/03/01/shop_20260301T013000Z.sql.gz";
const ZST_KEY = "layer3/shop/2026/03/01/shop_20260301T013000Z.sql.zst";

describe("a dump's format", () => {
    describe("dumpFormatOf", () => {
        it("takes the manifest's format when the key agrees", () => {
            expect(dumpFormatOf(ZST_KEY, { format: "plain-sql-zstd" })).to.deep.equal({
                compression: "zstd",
                decidedBy: "manifest",
            });
            expect(dumpFormatOf(GZ_KEY, { format: "plain-sql-gzip" })).to.deep.equal({
                compression: "gzip",
                decidedBy: "manifest",
            });
        });

        it("lets the manifest decide for a key without a dump suffix", () => {
            expect(dumpFormatOf("restores/by-hand", { format: "plain-sql-zstd" }).compression).to.equal(
                "zstd",
            );
        });

        it("refuses a manifest that contradicts the key, naming both", () => {
            expect(() => dumpFormatOf(GZ_KEY, { format: "plain-sql-zstd" })).to.throw(
                `refusing ${GZ_KEY}: its manifest says plain-sql-zstd (zstd, .sql.zst), but the key ends with ` +
                    ".sql.gz (gzip): the manifest and the dump disagree",
            );
            expect(() => dumpFormatOf(ZST_KEY, { format: "plain-sql-gzip" })).to.throw(
                "its manifest says plain-sql-gzip (gzip, .sql.gz), but the key ends with .sql.zst (zstd)",
            );
        });

        it("reads a dump without a manifest by its key, and refuses a key that names no compression", () => {
            expect(dumpFormatOf(ZST_KEY, undefined)).to.deep.equal({ compression: "zstd", decidedBy: "key" });
            expect(dumpFormatOf(GZ_KEY, undefined)).to.deep.equal({ compression: "gzip", decidedBy: "key" });
            expect(() => dumpFormatOf("layer3/shop/odd.bin", undefined)).to.throw(
                "layer3/shop/odd.bin has no manifest and its name ends with no dump suffix (.sql.gz, .sql.zst)",
            );
        });
    });

    describe("FormatGate", () => {
        const zstd = { compression: "zstd", decidedBy: "manifest" } as const;
        const gzip = { compression: "gzip", decidedBy: "manifest" } as const;

        async function through(chunks: Buffer[], format: DumpFormat): Promise<Buffer> {
            const { sink, output } = collector();
            await pipeline(Readable.from(chunks), new FormatGate("the object", format), sink);
            return output();
        }

        it("passes every byte of a stream in the expected format, even with the magic split across chunks", async () => {
            const zst = await compress(Buffer.from("SELECT 1;\n".repeat(100)));
            const split = [zst.subarray(0, 1), zst.subarray(1, 3), zst.subarray(3)];
            expect((await through(split, zstd)).equals(zst)).to.equal(true);
            const gz = gzipSync("SELECT 1;\n");
            expect((await through([gz.subarray(0, 1), gz.subarray(1)], gzip)).equals(gz)).to.equal(true);
        });

        it("refuses gzip bytes where zstd was claimed, and the reverse, saying what the bytes are", async () => {
            const gz = gzipSync("SELECT 1;\n");
            const head = [...gz.subarray(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
            expect((await failure(through([gz], zstd))).message).to.equal(
                `the object is not plain-sql-zstd as its manifest says: it starts with ${head} (gzip)`,
            );
            const zst = await compress(Buffer.from("x"));
            expect((await failure(through([zst], gzip))).message).to.match(
                /^the object is not plain-sql-gzip as its manifest says: it starts with 28 b5 2f fd .* \(zstd\)$/,
            );
            expect((await failure(through([Buffer.from("COPY public.t")], zstd))).message).to.equal(
                "the object is not plain-sql-zstd as its manifest says: it starts with 43 4f 50 59 20 70 75 62",
            );
        });

        it("refuses an empty object and one shorter than the magic", async () => {
            expect((await failure(through([], zstd))).message).to.equal(
                "the object is not plain-sql-zstd as its manifest says: it is empty",
            );
            expect((await failure(through([Buffer.from([0x28, 0xb5])], zstd))).message).to.equal(
                "the object is not plain-sql-zstd as its manifest says: it starts with 28 b5",
            );
        });

        it("says what the bytes of a key-decided format are claimed by", async () => {
            const message = (
                await failure(through([gzipSync("x")], { compression: "zstd", decidedBy: "key" }))
            ).message;
            expect(message).to.contain("is not plain-sql-zstd as its key says");
            expect(describeStart(Buffer.alloc(0))).to.equal("it is empty");
        });
    });
});
