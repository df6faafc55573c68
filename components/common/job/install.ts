/**
 * How every Strongbox CodeBuild job starts, as pure data: the Node runtime, the PGDG apt repository
 * (over HTTPS only), and the runner bundle fetched by its pinned version and put on PATH. The dump job
 * (`pg-dump-runner/buildspec.ts`) and the audit jobs (`backup-auditor/jobs/buildspec.ts`) both build
 * their install phase from these, so the two cannot come to install the runner differently.
 */
import { BUNDLE_ENTRY } from "./bundle-contents";

/** Where the install phase unpacks the runner bundle. */
export const RUNNER_INSTALL_DIR = "/opt/strongbox";

/** The `strongbox` wrapper the install phase writes (on the build's PATH): `node <bundle entry>`. */
export const RUNNER_BIN = "/usr/local/bin/strongbox";

/**
 * The Node.js major version the jobs run on, as CodeBuild's `runtime-versions` names it. AWS's "Available
 * runtimes" page (CodeBuild user guide) lists `nodejs` 18, 20, 22 and 24 for Ubuntu 22.04
 * `aws/codebuild/standard:7.0`. 24 because it is the line supported longest (LTS to April 2028; 20 went
 * out of support in April 2026 and 22 does in April 2027) and because newer AWS SDK v3 releases need
 * Node 22 or later. The bundle build refuses a bundled package whose `engines.node` does not admit it.
 */
export const JOB_NODE_MAJOR = 24;

/**
 * Adds the PGDG apt repository, signed by its published key, and refreshes only that list: the image's
 * own Ubuntu mirrors are plain HTTP, which a job's network may not allow (the dump job's security group
 * does not), so nothing is fetched from them.
 */
export function pgdgRepositoryCommands(): string[] {
    return [
        "install -d /usr/share/postgresql-common/pgdg",
        "curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc",
        '. /etc/os-release && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] ' +
            'https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" > /etc/apt/sources.list.d/pgdg.list',
        // Only the PGDG list: the image's default mirrors are plain HTTP.
        "apt-get update -o Dir::Etc::sourcelist=sources.list.d/pgdg.list -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0",
    ];
}

/** Installs PGDG packages by name (shell words; `${PG_MAJOR_VERSION}` expands in the build's shell). */
export function pgdgInstallCommand(packages: readonly string[]): string {
    return `DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(" ")}`;
}

/**
 * Fetches the exact bundle version the stack uploaded (the project's `RUNNER_BUNDLE_*` variables), unzips
 * it and writes the `strongbox` wrapper: one JavaScript file with every library inside at the version the
 * lockfile pins, so there is no `npm install` and nothing a registry published since the deploy can
 * reach a build.
 */
export function bundleInstallCommands(): string[] {
    return [
        'aws s3api get-object --region "${RUNNER_BUNDLE_REGION}" --bucket "${RUNNER_BUNDLE_BUCKET}" ' +
            '--key "${RUNNER_BUNDLE_KEY}" --version-id "${RUNNER_BUNDLE_VERSION}" /tmp/strongbox-runner.zip',
        `mkdir -p ${RUNNER_INSTALL_DIR} && unzip -q -o /tmp/strongbox-runner.zip -d ${RUNNER_INSTALL_DIR}`,
        `printf '#!/bin/sh\\nexec node ${RUNNER_INSTALL_DIR}/${BUNDLE_ENTRY} "$@"\\n' > ${RUNNER_BIN}`,
        `chmod 0755 ${RUNNER_BIN}`,
    ];
}

/** The variables that locate the bundle: the project sets them, `bundleInstallCommands` reads them. */
export interface BundleLocation {
    readonly bundleBucket: string;
    readonly bundleRegion: string;
    readonly bundleKey: string;
    readonly bundleVersion: string;
}

/** `RUNNER_BUNDLE_*`, in the order the projects list them. */
export function bundleVariables(b: BundleLocation): Array<[string, string]> {
    return [
        ["RUNNER_BUNDLE_BUCKET", b.bundleBucket],
        ["RUNNER_BUNDLE_REGION", b.bundleRegion],
        ["RUNNER_BUNDLE_KEY", b.bundleKey],
        ["RUNNER_BUNDLE_VERSION", b.bundleVersion],
    ];
}

export interface EnvironmentVariable {
    readonly name: string;
    readonly value: string;
    readonly type: "PLAINTEXT";
}

/** CodeBuild's form of `[name, value]` pairs. Values are plain text: no job variable is a secret. */
export function plaintext(vars: ReadonlyArray<readonly [string, string]>): EnvironmentVariable[] {
    return vars.map(([name, value]) => ({ name, value, type: "PLAINTEXT" }));
}
