/** The runner bundle's rules (pure) and the real bundle `npm run build` wrote. No Pulumi engine. */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { runnerBundleFromBuild } from "../../../../components/common/job/bundle";
import {
    BUNDLE_FILES,
    type BundledPackage,
    enginesAdmit,
    inventoryOf,
    type Lockfile,
    packageRootOf,
    packageRoots,
    requiredPackages,
    undeclaredRequirements,
} from "../../../../components/common/job/bundle-contents";
import { JOB_NODE_MAJOR } from "../../../../components/common/job/install";

const ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const BUNDLE = path.join(ROOT, "dist", "bundle");

describe("runner bundle rules", () => {
    it("refuses a runner that requires a package the project keeps out of `dependencies`", () => {
        expect(
            undeclaredRequirements({ dependencies: { pg: "^8" } }, ["pg", "@aws-sdk/lib-storage"]),
        ).to.deep.equal([
            "the runner requires @aws-sdk/lib-storage, which package.json does not list in `dependencies`; move it there",
        ]);
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

    it("names a bundler input's package the way the lockfile does, nested and scoped", () => {
        expect(packageRootOf("dist/runner/cli.js")).to.equal(undefined);
        expect(packageRootOf("node_modules/pg/lib/client.js")).to.equal("node_modules/pg");
        expect(packageRootOf("node_modules/@aws-sdk/core/dist-cjs/index.js")).to.equal(
            "node_modules/@aws-sdk/core",
        );
        expect(packageRootOf("node_modules/a/node_modules/@s/b/lib/x.js")).to.equal(
            "node_modules/a/node_modules/@s/b",
        );
        expect(
            packageRoots(["node_modules/pg/a.js", "node_modules/pg/b.js", "dist/shared/limits.js"]),
        ).to.deep.equal(["node_modules/pg"]);
    });

    const ranges: Array<[string | undefined, number, boolean]> = [
        [undefined, 24, true],
        [">=20.0.0", 24, true],
        [">= 16.0.0", 24, true],
        [">= 10.x", 24, true],
        [">=22", 20, false],
        ["^20.19 || >=22.12", 24, true],
        ["^20.19 || >=22.12", 21, false],
        ["<24", 24, false],
        ["<=24", 24, true],
        [">24", 24, false],
        ["20 || 22", 22, true],
        ["~24.1", 24, false],
        [">=18 <25", 24, true],
    ];
    for (const [range, major, admitted] of ranges) {
        it(`reads engines ${JSON.stringify(range)} as ${admitted ? "admitting" : "refusing"} Node ${major}`, () => {
            expect(enginesAdmit(range, major)).to.equal(admitted);
        });
    }

    it("throws on an engines range it cannot read, rather than guessing", () => {
        expect(() => enginesAdmit("node-lts", 24)).to.throw('cannot read the engines range "node-lts"');
    });

    it("reports each broken rule: drifted, unlocked, dev-only, Pulumi, too new for the job's Node", () => {
        const lock: Lockfile = {
            packages: {
                "node_modules/pg": { version: "8.23.1" },
                "node_modules/yaml": { version: "2.9.1", dev: true },
                "node_modules/@pulumi/pulumi": { version: "3.270.0" },
                "node_modules/new-sdk": { version: "4.0.0" },
            },
        };
        const installed: Record<string, object> = {
            "node_modules/pg": { name: "pg", version: "8.24.0", license: "MIT" },
            "node_modules/yaml": { name: "yaml", version: "2.9.1", license: "ISC" },
            "node_modules/@pulumi/pulumi": { name: "@pulumi/pulumi", version: "3.270.0" },
            "node_modules/new-sdk": { name: "new-sdk", version: "4.0.0", engines: { node: ">=26" } },
            "node_modules/stray": { name: "stray", version: "1.0.0" },
        };
        const { packages, problems } = inventoryOf(Object.keys(installed), lock, (r) => installed[r], 24);
        expect(problems).to.deep.equal([
            "pg is 8.24.0 in node_modules but package-lock.json pins 8.23.1; run `npm ci`",
            "yaml is only a devDependency's dependency; the runner must not bundle it",
            "@pulumi/pulumi is a Pulumi SDK; the runner must not bundle it",
            "new-sdk@4.0.0 requires Node >=26, and the job runs Node 24; raise `JOB_NODE_MAJOR` " +
                "(components/pg-dump-runner/buildspec.ts) to a version CodeBuild offers, or pin an older release",
            "stray (node_modules/stray) is not in package-lock.json; run `npm ci`",
        ]);
        expect(packages.map((p) => p.name)).to.deep.equal([
            "pg",
            "yaml",
            "@pulumi/pulumi",
            "new-sdk",
            "stray",
        ]);
    });

    it("refuses a build directory without the bundle and says to build first", () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "strongbox-nobuild-"));
        try {
            expect(() => runnerBundleFromBuild(empty)).to.throw(
                `\`runnerBuildDir\` has no bundle/strongbox.js (looked for ${path.join(empty, "bundle", "strongbox.js")}); run \`npm run build\` before \`pulumi up\``,
            );
        } finally {
            fs.rmSync(empty, { recursive: true, force: true });
        }
    });
});

describe("the real runner bundle (dist/bundle, written by `npm run build`)", function () {
    this.timeout(30_000);
    let inventory: { jobNodeMajor: number; packages: BundledPackage[] };
    let code: string;

    before(() => {
        const entry = path.join(BUNDLE, "strongbox.js");
        expect(fs.existsSync(entry), "run `npm run build` first").to.equal(true);
        inventory = JSON.parse(
            fs.readFileSync(path.join(BUNDLE, "packages.json"), "utf8"),
        ) as typeof inventory;
        code = fs.readFileSync(entry, "utf8");
    });

    it("holds exactly the versions package-lock.json pins, none of them dev-only or Pulumi", () => {
        const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as Lockfile;
        for (const p of inventory.packages) {
            expect(lock.packages[p.path]?.version, p.name).to.equal(p.version);
            expect(lock.packages[p.path]?.dev ?? false, `${p.name} is dev-only`).to.equal(false);
        }
        const names = inventory.packages.map((p) => p.name);
        expect(names).to.include.members([
            "@aws-sdk/client-s3",
            "@aws-sdk/client-secrets-manager",
            "commander",
            "pg",
            "zod",
        ]);
        for (const outsider of ["yaml", "@aws-sdk/lib-storage", "esbuild", "typescript", "mocha"]) {
            expect(names).to.not.include(outsider);
        }
        expect(names.filter((n) => n.startsWith("@pulumi/"))).to.deep.equal([]);
        expect(inventory.jobNodeMajor).to.equal(JOB_NODE_MAJOR);
    });

    it("lists every package whose code is in strongbox.js, read from the file itself", () => {
        // esbuild heads each module with its input path; unminified, so these are the bundle's contents.
        const headers = [...code.matchAll(/^\/\/ (node_modules\/\S+)$/gm)].map((m) => m[1]);
        expect(headers.length).to.be.greaterThan(100);
        expect(packageRoots(headers)).to.deep.equal(inventory.packages.map((p) => p.path).sort());
    });

    it("requires nothing at run time but Node's builtins (and pg's optional native binding, never loaded)", () => {
        const builtins = new Set(builtinModules);
        // Textual, so it skips a `[require("...")]` the AWS SDK quotes inside an error message.
        const external = [...code.matchAll(/(?<![[\w.$])require\("([^"./][^"]*)"\)/g)]
            .map((m) => m[1])
            .filter((name) => !name.startsWith("node:") && !builtins.has(name.split("/")[0]));
        // pg requires `pg-native` only when `pg.native` is read, which the runner never does.
        expect([...new Set(external)]).to.deep.equal(["pg-native"]);
    });

    it("runs as the job runs it, from a directory where no node_modules can be found", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongbox-bundle-"));
        try {
            for (let up = dir; up !== path.dirname(up); up = path.dirname(up)) {
                expect(fs.existsSync(path.join(path.dirname(up), "node_modules")), `premise: ${up}`).to.equal(
                    false,
                );
            }
            fs.copyFileSync(path.join(BUNDLE, "strongbox.js"), path.join(dir, "strongbox.js"));
            const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir };
            for (const args of [["--help"], ["dump", "--help"]]) {
                const run = spawnSync(process.execPath, [path.join(dir, "strongbox.js"), ...args], {
                    cwd: dir,
                    env,
                    encoding: "utf8",
                });
                expect(run.status, run.stderr).to.equal(0);
                expect(run.stdout).to.match(args.length === 1 ? /Usage: strongbox/ : /--bucket/);
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("ships the licenses of what it bundles", () => {
        const notices = fs.readFileSync(path.join(BUNDLE, "THIRD-PARTY-NOTICES.txt"), "utf8");
        for (const p of inventory.packages) expect(notices).to.contain(`=== ${p.name}@${p.version} (`);
        expect(notices).to.contain("Apache License");
    });

    it("archives exactly the bundle's files for the artifact bucket", async () => {
        const archive = runnerBundleFromBuild(path.join(ROOT, "dist"));
        const assets = (await (archive as unknown as { assets: Promise<Record<string, unknown>> })
            .assets) as Record<string, unknown>;
        expect(Object.keys(assets)).to.deep.equal([...BUNDLE_FILES]);
    });
});
