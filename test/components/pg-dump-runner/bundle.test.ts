/** The runner bundle's package.json and its build check. Pure, no Pulumi engine. */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runnerBundleFromBuild, runnerPackageJson } from "../../../components/pg-dump-runner/bundle";

describe("runner bundle", () => {
    it("ships the runner's dependencies without the Pulumi SDKs", () => {
        const pkg = runnerPackageJson({
            name: "strongbox",
            version: "0.1.0",
            dependencies: {
                "@pulumi/aws": "^7",
                "@pulumi/pulumi": "^3",
                pg: "^8.23.1",
                "@aws-sdk/client-s3": "^3",
            },
        });
        expect(pkg.dependencies).to.deep.equal({ pg: "^8.23.1", "@aws-sdk/client-s3": "^3" });
        expect(pkg.bin).to.deep.equal({ strongbox: "dist/runner/cli.js" });
    });

    it("refuses a build directory without the CLI and says to build first", () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "strongbox-nobuild-"));
        try {
            expect(() => runnerBundleFromBuild(empty, "package.json")).to.throw(
                `\`runnerBuildDir\` has no runner/cli.js (looked for ${path.join(empty, "runner", "cli.js")}); run \`npm run build\` before \`pulumi up\``,
            );
        } finally {
            fs.rmSync(empty, { recursive: true, force: true });
        }
    });
});
