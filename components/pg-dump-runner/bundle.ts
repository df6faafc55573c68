/**
 * How the runner reaches CodeBuild: the compiled `dist/` tree (`npm run build`)
 * plus a `package.json` that lists only the runner's runtime dependencies, zipped
 * by Pulumi into one object in the artifact bucket. The job installs those
 * dependencies with `npm install --omit=dev`; the Pulumi SDKs never ship.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

/** The file the bundle must contain; the job runs it as `strongbox`. */
export const RUNNER_ENTRY = path.join("runner", "cli.js");

interface PackageJson {
    readonly name?: string;
    readonly version?: string;
    readonly engines?: Record<string, string>;
    readonly dependencies?: Record<string, string>;
}

/**
 * The bundle's package.json: the project's dependencies minus the deployment-time
 * ones (`@pulumi/*`), so a build downloads only what `strongbox dump` imports.
 */
export function runnerPackageJson(project: PackageJson): Record<string, unknown> {
    const dependencies = Object.fromEntries(
        Object.entries(project.dependencies ?? {}).filter(([name]) => !name.startsWith("@pulumi/")),
    );
    return {
        name: `${project.name ?? "strongbox"}-runner`,
        version: project.version ?? "0.0.0",
        private: true,
        engines: project.engines ?? {},
        bin: { strongbox: "dist/runner/cli.js" },
        dependencies,
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
    return new pulumi.asset.AssetArchive({
        dist: new pulumi.asset.FileArchive(buildDir),
        "package.json": new pulumi.asset.StringAsset(JSON.stringify(runnerPackageJson(project), null, 2)),
    });
}
