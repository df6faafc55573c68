/**
 * How the runner reaches CodeBuild: `npm run build` compiles the runner (`tsc`) and then bundles it
 * (`scripts/build-runner-bundle.ts`, esbuild) into `dist/bundle/`: `strongbox.js`, one file holding the
 * compiled runner and every library it requires at exactly the version `package-lock.json` pins, plus
 * the inventory of those libraries and their licenses. Pulumi zips that folder into one object in the
 * artifact bucket; the job unzips it and runs `node strongbox.js` with no install at all.
 *
 * Why one bundled file rather than a copied `node_modules/`: nothing resolves modules at run time, so
 * the job cannot pick up a package that is not in the bundle; the zip is one 3 MB file instead of
 * thousands (33 MB unpacked), so the job unzips and starts faster; and esbuild's record of its inputs
 * says exactly which package files are inside, which the build checks against the lockfile
 * (`bundle-contents.ts`). The bundler is a devDependency: it runs at build time only.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { BUNDLE_DIR, BUNDLE_FILES } from "./bundle-contents";

/**
 * Builds the bundle archive from a build directory (`dist`). Throws when a bundle file is missing,
 * because `pulumi up` would otherwise upload a bundle whose every build fails.
 */
export function runnerBundleFromBuild(buildDir: string): pulumi.asset.Archive {
    const dir = path.join(buildDir, BUNDLE_DIR);
    const assets: Record<string, pulumi.asset.Asset> = {};
    for (const file of BUNDLE_FILES) {
        const local = path.join(dir, file);
        if (!fs.existsSync(local)) {
            throw new Error(
                `\`runnerBuildDir\` has no ${BUNDLE_DIR}/${file} (looked for ${local}); ` +
                    "run `npm run build` before `pulumi up`",
            );
        }
        assets[file] = new pulumi.asset.FileAsset(local);
    }
    return new pulumi.asset.AssetArchive(assets);
}
