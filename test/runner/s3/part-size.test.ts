import { expect } from "chai";
import {
    basePartSize,
    capacityFor,
    DEFAULT_BASE_PART_BYTES,
    MAX_PART_BYTES,
    MAX_PARTS,
    MIN_PART_BYTES,
    partSizeFor,
} from "../../../runner/s3/part-size";

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const TIB = 1024 ** 4;

describe("part sizing", () => {
    it("starts at 8 MiB without a hint and doubles every 1,000 parts up to 1 GiB", () => {
        const base = basePartSize();
        expect(base).to.equal(8 * MIB);
        expect(partSizeFor(1, base)).to.equal(8 * MIB);
        expect(partSizeFor(1000, base)).to.equal(8 * MIB);
        expect(partSizeFor(1001, base)).to.equal(16 * MIB);
        expect(partSizeFor(7001, base)).to.equal(1024 * MIB);
        expect(partSizeFor(MAX_PARTS, base)).to.equal(1024 * MIB);
    });

    it("holds a multi-terabyte dump in 10,000 parts by default", () => {
        // 8+16+...+512 MiB + 3 x 1 GiB per 1,000 parts = 4,088,000 MiB.
        expect(capacityFor(basePartSize())).to.equal(4_088_000 * MIB);
        expect(capacityFor(basePartSize())).to.be.greaterThan(3.8 * TIB);
    });

    it("never makes a part smaller than S3's 5 MiB minimum or larger than its 5 GiB maximum", () => {
        for (const base of [
            basePartSize(),
            basePartSize(1),
            basePartSize(5 * TIB),
            basePartSize(1000 * TIB),
        ]) {
            for (const part of [1, 999, 1000, 1001, 5000, MAX_PARTS]) {
                expect(partSizeFor(part, base)).to.be.within(MIN_PART_BYTES, MAX_PART_BYTES);
            }
        }
    });

    it("raises the base from an expected size so it fits in the first 2,000 parts", () => {
        const expected = 3 * TIB;
        const base = basePartSize(expected);
        expect(base).to.be.greaterThan(DEFAULT_BASE_PART_BYTES);
        expect(base % MIB).to.equal(0);
        let total = 0;
        for (let part = 1; part <= 2000; part++) total += partSizeFor(part, base);
        expect(total).to.be.at.least(expected);
        expect(capacityFor(base)).to.be.at.least(5 * TIB);
    });

    it("keeps the default for small hints", () => {
        expect(basePartSize(10 * GIB)).to.equal(DEFAULT_BASE_PART_BYTES);
        expect(basePartSize(0)).to.equal(DEFAULT_BASE_PART_BYTES);
    });

    it("rejects part numbers S3 does not allow", () => {
        expect(() => partSizeFor(0, MIB * 8)).to.throw("1..10000");
        expect(() => partSizeFor(MAX_PARTS + 1, MIB * 8)).to.throw("got 10001");
    });
});
