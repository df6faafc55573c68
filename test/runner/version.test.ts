import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { RUNNER_VERSION } from "../../runner/version";

describe("the runner's version", () => {
    it("is package.json's, which receipts record", () => {
        const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")) as {
            version: string;
        };
        expect(RUNNER_VERSION).to.equal(pkg.version);
    });
});
