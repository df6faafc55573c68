/**
 * How the runner reaches CodeBuild: the compiled runner (`dist/runner/`) and the
 * shared rules it imports (`dist/shared/`), built by `npm run build`, plus a
 * `package.json` that lists exactly the npm packages that compiled code requires,
 * zipped by Pulumi into one object in the artifact bucket. Nothing else under
 * `dist/` ships, and neither the Pulumi SDKs nor the libraries only the program,
 * the tests or the bench use (`yaml`, `@aws-sdk/lib-storage`) reach the job.
 */
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

/** The file the bundle must contain; the job runs it as `strongbox`. */
export const RUNNER_ENTRY = path.join("runner", "cli.js");

/** The folders of the build that ship: the runner and the pure rules it shares with the program. */
export const SHIPPED_BUILD_DIRS = ["runner", "shared"] as const;

interface PackageJson {
    readonly name?: string;
    readonly version?: string;
    readonly engines?: Record<string, string>;
    readonly dependencies?: Record<string, string>;
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

/** Every npm package the compiled files under `dirs` require, sorted. */
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
 * The bundle's package.json: exactly the packages the runner requires, at the ranges the project's
 * package.json gives them. Throws when the runner requires a package the project does not list as a
 * dependency (a devDependency would be missing from the job).
 */
export function runnerPackageJson(
    project: PackageJson,
    required: readonly string[],
): Record<string, unknown> {
    const declared = project.dependencies ?? {};
    const missing = required.filter((name) => declared[name] === undefined);
    if (missing.length > 0) {
        throw new Error(
            `the runner requires ${missing.join(", ")}, which package.json does not list in \`dependencies\`; ` +
                "move it there (a devDependency is not installed for the job)",
        );
    }
    return {
        name: `${project.name ?? "strongbox"}-runner`,
        version: project.version ?? "0.0.0",
        private: true,
        engines: project.engines ?? {},
        bin: { strongbox: "dist/runner/cli.js" },
        dependencies: Object.fromEntries(required.map((name) => [name, declared[name]])),
    };
}

/**
 * Builds the bundle archive from a compiled tree. Throws when the CLI is missing,
 * because `pulumi up` would otherwise upload a bundle whose every build fails.
 */
export function runnerBundleFromBuild(buildDir: string, packageJsonPath: string): pulumi.asset.Archive {
    const entry = path.join(buildDir, RUNNER_ENTRY);
    if (!fs.existsSync(entry)) {
        throw new Error(
            `\`runnerBuildDir\` has no ${RUNNER_ENTRY} (looked for ${entry}); run \`npm run build\` before \`pulumi up\``,
        );
    }
    const project = JSON.parse(fs.readFileSync(packageJsonPath, "utf8")) as PackageJson;
    const pkg = runnerPackageJson(project, requiredPackages(buildDir));
    const shipped: Record<string, pulumi.asset.Archive | pulumi.asset.Asset> = {
        "package.json": new pulumi.asset.StringAsset(JSON.stringify(pkg, null, 2)),
    };
    for (const dir of SHIPPED_BUILD_DIRS) {
        shipped[`dist/${dir}`] = new pulumi.asset.FileArchive(path.join(buildDir, dir));
    }
    return new pulumi.asset.AssetArchive(shipped);
}
