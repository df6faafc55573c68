/** The runner bundle's package.json and its build check. Pure, no Pulumi engine. */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    requiredPackages,
    runnerBundleFromBuild,
    runnerPackageJson,
} from "../../../components/pg-dump-runner/bundle";

const ROOT = path.resolve(__dirname, "..", "..", "..");

describe("runner bundle", () => {
    it("ships the runner's dependencies without the Pulumi SDKs", () => {
        const pkg = runnerPackageJson(
            {
                name: "strongbox",
                version: "0.1.0",
                dependencies: {
                    "@pulumi/aws": "^7",
                    "@pulumi/pulumi": "^3",
                    pg: "^8.23.1",
                    "@aws-sdk/client-s3": "^3",
                },
            },
            ["@aws-sdk/client-s3", "pg"],
        );
        expect(pkg.dependencies).to.deep.equal({ pg: "^8.23.1", "@aws-sdk/client-s3": "^3" });
        expect(pkg.bin).to.deep.equal({ strongbox: "dist/runner/cli.js" });
    });

    it("refuses a runner that requires a package the project keeps out of `dependencies`", () => {
        expect(() =>
            runnerPackageJson({ dependencies: { pg: "^8" } }, ["pg", "@aws-sdk/lib-storage"]),
        ).to.throw(
            "the runner requires @aws-sdk/lib-storage, which package.json does not list in `dependencies`",
        );
    });

    it("finds what the compiled runner requires: its own libraries, no builtins, no Pulumi, no dev tools", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongbox-build-"));
        try {
            fs.mkdirSync(path.join(dir, "runner", "s3"), { recursive: true });
            fs.mkdirSync(path.join(dir, "bench"));
            fs.writeFileSync(
                path.join(dir, "runner", "s3", "a.js"),
                'require("node:fs"); require("fs"); require("../x"); require("@aws-sdk/client-s3"); require("pg/lib/x");',
            );
            fs.writeFileSync(path.join(dir, "bench", "b.js"), 'require("@aws-sdk/lib-storage");');
            expect(requiredPackages(dir)).to.deep.equal(["@aws-sdk/client-s3", "pg"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("ships exactly the runtime libraries of the real build", () => {
        const build = path.join(ROOT, "dist");
        expect(fs.existsSync(path.join(build, "runner", "cli.js")), "run `npm run build` first").to.equal(
            true,
        );
        const required = requiredPackages(build);
        expect(required).to.include.members(["@aws-sdk/client-s3", "commander", "pg", "zod"]);
        expect(
            required.filter((p) => p.startsWith("@pulumi/") || p === "yaml" || p === "@aws-sdk/lib-storage"),
        ).to.deep.equal([]);
        const project = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
            dependencies: Record<string, string>;
        };
        expect(() => runnerPackageJson(project, required)).not.to.throw();
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
