/**
 * The second half of `npm run build`: bundles the compiled runner (`dist/runner/cli.js`, which `tsc`
 * has just written) and every library it requires, from the `node_modules/` that `npm ci` installed
 * from the lockfile, into `dist/bundle/strongbox.js`, then writes the inventory and the notices and
 * refuses the bundle (exit 1, nothing written) when it breaks a rule of `bundle-contents.ts`.
 *
 * Bundling the compiled JavaScript rather than the TypeScript sources keeps one compiler: the bundle
 * holds the very code the tests run from `dist/runner/`, only linked into one file.
 */
import { buildSync } from "esbuild";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    BUNDLE_DIR,
    BUNDLE_ENTRY,
    BUNDLE_INVENTORY,
    BUNDLE_NOTICES,
    inventoryOf,
    legalFilesIn,
    type Lockfile,
    noticesText,
    packageRoots,
    type PackageJson,
    requiredPackages,
    undeclaredRequirements,
} from "../components/pg-dump-runner/bundle-contents";
import { JOB_NODE_MAJOR } from "../components/pg-dump-runner/buildspec";

const ROOT = path.resolve(__dirname, "..");
const BUILD_DIR = path.join(ROOT, "dist");

/** The oldest Node the project supports (`engines.node` is `>=X.Y`): the bundle must run there too. */
function oldestSupportedNode(project: PackageJson): string {
    const m = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(project.engines?.node ?? "");
    if (!m) throw new Error(`package.json \`engines.node\` must read ">=X.Y" (got ${project.engines?.node})`);
    return `node${m[1]}`;
}

function main(): void {
    const project = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson;
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as Lockfile;
    const entry = path.join(BUILD_DIR, "runner", "cli.js");
    if (!fs.existsSync(entry))
        throw new Error(`${entry} is missing: \`tsc -p tsconfig.build.json\` runs first`);

    const outDir = path.join(BUILD_DIR, BUNDLE_DIR);
    fs.rmSync(outDir, { recursive: true, force: true });
    const result = buildSync({
        absWorkingDir: ROOT,
        entryPoints: [path.relative(ROOT, entry)],
        bundle: true,
        platform: "node",
        format: "cjs",
        // Lowers nothing the supported Nodes can run, so the bundle runs on the job's Node and on the
        // oldest one the project (and so its tests) supports.
        target: oldestSupportedNode(project),
        outfile: path.join(outDir, BUNDLE_ENTRY),
        // Readable: a crash's stack trace in the build log points into code a person can read, and
        // each module keeps a `// node_modules/<package>/...` header that the tests check.
        minify: false,
        metafile: true,
        legalComments: "none",
        logLevel: "warning",
    });

    const roots = packageRoots(Object.keys(result.metafile.inputs));
    const { packages, problems } = inventoryOf(
        roots,
        lock,
        (root) => JSON.parse(fs.readFileSync(path.join(ROOT, root, "package.json"), "utf8")) as PackageJson,
        JOB_NODE_MAJOR,
    );
    problems.push(...undeclaredRequirements(project, requiredPackages(BUILD_DIR)));
    if (problems.length > 0) {
        fs.rmSync(outDir, { recursive: true, force: true });
        throw new Error(`the runner bundle breaks its rules:\n- ${problems.join("\n- ")}`);
    }
    const inventory = { jobNodeMajor: JOB_NODE_MAJOR, packages };
    fs.writeFileSync(path.join(outDir, BUNDLE_INVENTORY), `${JSON.stringify(inventory, null, 2)}\n`);
    fs.writeFileSync(
        path.join(outDir, BUNDLE_NOTICES),
        noticesText(packages, (root) => legalFilesIn(path.join(ROOT, root))),
    );
    const size = fs.statSync(path.join(outDir, BUNDLE_ENTRY)).size;
    process.stderr.write(
        `runner bundle: ${path.relative(ROOT, outDir)}/${BUNDLE_ENTRY}, ${(size / 1e6).toFixed(1)} MB, ` +
            `${packages.length} packages (see ${BUNDLE_INVENTORY})\n`,
    );
}

try {
    main();
} catch (error) {
    process.stderr.write(`build-runner-bundle: ${(error as Error).message}\n`);
    process.exit(1);
}
