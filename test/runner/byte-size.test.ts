import { expect } from "chai";
import { parseByteSize } from "../../runner/byte-size";

describe("byte sizes", () => {
    it("parses plain numbers and binary units", () => {
        expect(parseByteSize("123")).to.equal(123);
        expect(parseByteSize("64M")).to.equal(64 * 1024 ** 2);
        expect(parseByteSize("1.5GiB")).to.equal(1.5 * 1024 ** 3);
        expect(parseByteSize("3t")).to.equal(3 * 1024 ** 4);
    });

    it("rejects what it cannot read", () => {
        for (const text of ["", "G", "12X", "-1G", "1e9"])
            expect(parseByteSize(text), text).to.equal(undefined);
    });
});
