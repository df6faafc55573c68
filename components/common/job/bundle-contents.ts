/**
 * What the runner bundle may contain, as pure functions of what the build saw: the bundler's input
 * files, the lockfile and the installed packages' own package.json files. No Pulumi and no esbuild
 * import, so the build script (`scripts/build-runner-bundle.ts`), the Pulumi program and the tests
 * share one set of rules.
 *
 * The rules: every third-party package in the bundle is exactly the version `package-lock.json`
 * pins (so a build never takes "whatever is newest that day"), none is only a devDependency's, none
 * is a Pulumi SDK, and each one's `engines.node` admits the Node major the job runs on.
 */
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";

/** The bundle's folder under the build directory (`dist/bundle/`), zipped as the bundle's root. */
export const BUNDLE_DIR = "bundle";
/** The CLI as one file: the compiled runner and every library it requires. The job runs `node strongbox.js`. */
export const BUNDLE_ENTRY = "strongbox.js";
/** What is inside: every third-party package with its version and license. */
export const BUNDLE_INVENTORY = "packages.json";
/** The licenses and notices of those packages, which their licenses ask us to pass on. */
export const BUNDLE_NOTICES = "THIRD-PARTY-NOTICES.txt";
/** The files of the bundle, in archive order. */
export const BUNDLE_FILES = [BUNDLE_ENTRY, BUNDLE_INVENTORY, BUNDLE_NOTICES] as const;

/** The folders of `tsc`'s output the runner is compiled from: the runner and the rules it shares. */
export const SHIPPED_BUILD_DIRS = ["runner", "shared"] as const;

export interface PackageJson {
    readonly name?: string;
    readonly version?: string;
    readonly license?: string;
    readonly engines?: Record<string, string>;
    readonly dependencies?: Record<string, string>;
}

/** The parts of a lockfile v2/v3 entry (`packages["node_modules/x"]`) the rules read. */
export interface LockEntry {
    readonly version?: string;
    readonly dev?: boolean;
}

export interface Lockfile {
    readonly packages: Record<string, LockEntry>;
}

/** One third-party package in the bundle, as `packages.json` records it. */
export interface BundledPackage {
    readonly name: string;
    readonly version: string;
    readonly license: string;
    /** Where it was installed, relative to the project root (its lockfile key). */
    readonly path: string;
}

const BUILTINS = new Set(builtinModules);

/** The npm package a bare module specifier belongs to (`@aws-sdk/client-s3/dist` -> `@aws-sdk/client-s3`). */
function packageOf(specifier: string): string | undefined {
    if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:"))
        return undefined;
    const parts = specifier.split("/");
    const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
    return BUILTINS.has(name) ? undefined : name;
}

/** Every npm package the compiled files under `dirs` require directly, sorted. */
export function requiredPackages(buildDir: string, dirs: readonly string[] = SHIPPED_BUILD_DIRS): string[] {
    const found = new Set<string>();
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const file = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(file);
            else if (entry.name.endsWith(".js")) {
                for (const m of fs.readFileSync(file, "utf8").matchAll(/require\("([^"]+)"\)/g)) {
                    const name = packageOf(m[1]);
                    if (name !== undefined) found.add(name);
                }
            }
        }
    };
    for (const dir of dirs) {
        const full = path.join(buildDir, dir);
        if (fs.existsSync(full)) walk(full);
    }
    return [...found].sort();
}

/**
 * The runner's direct requirements must be the project's declared `dependencies`: a package that
 * is only there through another one (or through a devDependency) could vanish with an upgrade.
 */
export function undeclaredRequirements(project: PackageJson, required: readonly string[]): string[] {
    const declared = project.dependencies ?? {};
    return required
        .filter((name) => declared[name] === undefined)
        .map(
            (name) =>
                `the runner requires ${name}, which package.json does not list in \`dependencies\`; move it there`,
        );
}

/**
 * The package root of a bundler input under `node_modules/`, as the lockfile names it
 * (`node_modules/a/node_modules/@s/b/lib/x.js` -> `node_modules/a/node_modules/@s/b`), or undefined
 * for the project's own files. Paths are relative to the project root, `/`-separated.
 */
export function packageRootOf(input: string): string | undefined {
    const parts = input.split("/");
    const first = parts.indexOf("node_modules");
    if (first < 0) return undefined;
    const root: string[] = [];
    let i = first;
    while (i < parts.length && parts[i] === "node_modules") {
        const width = parts[i + 1]?.startsWith("@") ? 2 : 1;
        root.push(...parts.slice(i, i + 1 + width));
        i += 1 + width;
    }
    return root.join("/");
}

/** The distinct package roots among the bundler's inputs, sorted. */
export function packageRoots(inputs: readonly string[]): string[] {
    const roots = new Set<string>();
    for (const input of inputs) {
        const root = packageRootOf(input);
        if (root !== undefined) roots.add(root);
    }
    return [...roots].sort();
}

/**
 * Whether a Node `engines` range admits Node `major` (checked as `<major>.0.0`, the oldest release of
 * that line, so a range that needs a later minor is reported rather than assumed). Reads the forms
 * npm packages use: `||` alternatives of space-separated comparators (`>=`, `>`, `<=`, `<`, `=`, `^`,
 * `~`, bare), with `x`/`*` wildcards. Throws on anything else, so an unreadable range is looked at.
 */
export function enginesAdmit(range: string | undefined, major: number): boolean {
    if (range === undefined || range.trim() === "" || range.trim() === "*") return true;
    const candidate: [number, number, number] = [major, 0, 0];
    return range.split("||").some((alternative) => {
        const comparators = alternative
            .replace(/(>=|<=|>|<|=|\^|~)\s+/g, "$1")
            .trim()
            .split(/\s+/);
        return comparators.every((c) => satisfies(candidate, c, range));
    });
}

function satisfies(v: [number, number, number], comparator: string, range: string): boolean {
    const m = /^(>=|<=|>|<|=|\^|~)?v?(\d+|x|\*)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(comparator);
    if (!m) throw new Error(`cannot read the engines range ${JSON.stringify(range)}`);
    const op = m[1] ?? "=";
    const parts = [m[2], m[3], m[4]].map((p) =>
        p === undefined || p === "x" || p === "*" ? undefined : Number(p),
    );
    const floor = parts.map((p) => p ?? 0) as [number, number, number];
    const cmp = compare(v, floor);
    // The first wildcard or missing part: `20` means 20.x.x, `20.1` means 20.1.x.
    const fixed = parts.findIndex((p) => p === undefined);
    const width = fixed < 0 ? 3 : fixed;
    const sameFixed = v.slice(0, width).every((x, i) => x === floor[i]);
    switch (op) {
        case ">=":
            return cmp >= 0;
        case ">":
            return width === 3 ? cmp > 0 : !sameFixed && cmp > 0;
        case "<=":
            return cmp <= 0 || sameFixed;
        case "<":
            return cmp < 0;
        case "^":
            return cmp >= 0 && v[0] === floor[0] && (floor[0] !== 0 || v[1] === floor[1]);
        case "~":
            return cmp >= 0 && v[0] === floor[0] && (width < 2 || v[1] === floor[1]);
        default:
            return sameFixed;
    }
}

function compare(a: readonly number[], b: readonly number[]): number {
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
}

/**
 * The inventory of the bundle and every rule it breaks. `readPackageJson(root)` reads the installed
 * package at a lockfile key (`node_modules/pg`).
 */
export function inventoryOf(
    roots: readonly string[],
    lock: Lockfile,
    readPackageJson: (root: string) => PackageJson,
    jobNodeMajor: number,
): { packages: BundledPackage[]; problems: string[] } {
    const packages: BundledPackage[] = [];
    const problems: string[] = [];
    for (const root of roots) {
        const installed = readPackageJson(root);
        const name = installed.name ?? root;
        const version = installed.version ?? "unknown";
        const locked = lock.packages[root];
        if (locked === undefined) {
            problems.push(`${name} (${root}) is not in package-lock.json; run \`npm ci\``);
        } else if (locked.version !== version) {
            problems.push(
                `${name} is ${version} in node_modules but package-lock.json pins ${locked.version}; run \`npm ci\``,
            );
        }
        if (locked?.dev === true) {
            problems.push(`${name} is only a devDependency's dependency; the runner must not bundle it`);
        }
        if (name.startsWith("@pulumi/"))
            problems.push(`${name} is a Pulumi SDK; the runner must not bundle it`);
        const range = installed.engines?.node;
        if (!enginesAdmit(range, jobNodeMajor)) {
            problems.push(
                `${name}@${version} requires Node ${range}, and the job runs Node ${jobNodeMajor}; ` +
                    "raise `JOB_NODE_MAJOR` (components/pg-dump-runner/buildspec.ts) to a version CodeBuild offers, or pin an older release",
            );
        }
        packages.push({ name, version, license: installed.license ?? "UNKNOWN", path: root });
    }
    return { packages, problems };
}

/** The notices file: each package's name, version, license and the text of its license and notice files. */
export function noticesText(
    packages: readonly BundledPackage[],
    readLegalFiles: (root: string) => Array<{ file: string; text: string }>,
): string {
    const sections = packages.map((p) => {
        const files = readLegalFiles(p.path);
        const body =
            files.length === 0
                ? `(no license file in the package; its package.json says ${p.license})`
                : files.map((f) => `--- ${f.file}\n${f.text.trimEnd()}`).join("\n\n");
        return `=== ${p.name}@${p.version} (${p.license})\n\n${body}\n`;
    });
    return (
        "The Strongbox runner bundle (strongbox.js) contains the following third-party packages.\n\n" +
        sections.join("\n")
    );
}

/** The license, notice and copying files at the top of an installed package. */
export function legalFilesIn(dir: string): Array<{ file: string; text: string }> {
    return fs
        .readdirSync(dir)
        .filter((file) => /^(licen[cs]e|notice|copying)([.-].*)?$/i.test(file))
        .sort()
        .map((file) => ({ file, text: fs.readFileSync(path.join(dir, file), "utf8") }));
}
