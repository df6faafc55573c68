/**
 * The job's phases, run in bash as CodeBuild runs them.
 *
 * The install phase, minus what a test machine must not do: runs the rendered install
 * commands that fetch, unpack and wrap the runner bundle, with the job's fixed paths moved into a
 * temporary root and an `aws` on PATH that serves `s3api get-object` from moto with the SDK. The
 * commands that install the PostgreSQL client from PGDG (apt) and fetch the RDS CA bundle (curl)
 * are returned as skipped, so the caller can check that nothing else was left out.
 */
import {
    CreateBucketCommand,
    PutBucketVersioningCommand,
    PutObjectCommand,
    type S3Client,
} from "@aws-sdk/client-s3";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { RecordedResource } from "../../harness/offline-mocks";
import { BUNDLE_FILES } from "../../../components/pg-dump-runner/bundle-contents";
import { RUNNER_BIN, RUNNER_INSTALL_DIR } from "../../../components/pg-dump-runner/buildspec";

const REPO_ROOT = path.resolve(__dirname, "../../..");
const BUNDLE_ZIP = "/tmp/strongbox-runner.zip";

/** The local `pg_dump`'s major version, looking first where Debian puts PostgreSQL 15's. */
export function localPgDumpMajor(): number | undefined {
    const out = spawnSync("bash", ["-c", 'PATH="/usr/lib/postgresql/15/bin:$PATH" pg_dump --version'], {
        encoding: "utf8",
    });
    const m = /(\d+)\./.exec(out.stdout ?? "");
    return m ? Number(m[1]) : undefined;
}

/** The one resource of `type` the mocks recorded. */
export function only(recorded: RecordedResource[], type: string): RecordedResource {
    const found = recorded.filter((r) => r.type === type);
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return found[0];
}

export interface BashResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs commands like CodeBuild: one bash, stop at the first failing command. */
export function runPhase(commands: string[], env: Record<string, string>): BashResult {
    const script = ["set -eo pipefail", ...commands].join("\n");
    const result = spawnSync("bash", ["-c", script], { env, encoding: "utf8", timeout: 240_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Where the artifact bucket keeps the bundle, as the project's RUNNER_BUNDLE_* variables name it. */
export interface PublishedBundle {
    RUNNER_BUNDLE_BUCKET: string;
    RUNNER_BUNDLE_REGION: string;
    RUNNER_BUNDLE_KEY: string;
    RUNNER_BUNDLE_VERSION: string;
}

/**
 * The artifact bucket's side: `dist/bundle` zipped the way Pulumi's archive lays it out (the bundle's
 * files at the root), in a new versioned bucket; then a later, broken upload under the same key, so
 * only a job that fetches the version it was pinned to gets the bundle.
 */
export async function publishBuiltBundle(
    s3: S3Client,
    region: string,
    workDir: string,
): Promise<PublishedBundle> {
    const zipPath = path.join(workDir, "uploaded-bundle.zip");
    const dir = path.join(REPO_ROOT, "dist", "bundle");
    execFileSync("zip", ["-q", "-j", zipPath, ...BUNDLE_FILES.map((f) => path.join(dir, f))]);
    const bucket = `strongbox-artifacts-${Date.now().toString(36)}`;
    const key = "runner/strongbox-runner.zip";
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
        new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }),
    );
    const uploaded = await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: fs.readFileSync(zipPath) }),
    );
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "not a zip" }));
    return {
        RUNNER_BUNDLE_BUCKET: bucket,
        RUNNER_BUNDLE_REGION: region,
        RUNNER_BUNDLE_KEY: key,
        RUNNER_BUNDLE_VERSION: uploaded.VersionId!,
    };
}

/** Writes an `aws` command that answers `s3api get-object` like the AWS CLI, from `AWS_ENDPOINT_URL`. */
function writeAwsShim(dir: string): void {
    const sdk = require.resolve("@aws-sdk/client-s3", { paths: [REPO_ROOT] });
    const script = `
const { S3Client, GetObjectCommand } = require(${JSON.stringify(sdk)});
const fs = require("node:fs");
const argv = process.argv.slice(2);
const flag = (name) => argv[argv.indexOf("--" + name) + 1];
if (argv[0] !== "s3api" || argv[1] !== "get-object") { console.error("aws shim: unexpected " + argv.join(" ")); process.exit(2); }
const s3 = new S3Client({ region: flag("region"), forcePathStyle: true });
s3.send(new GetObjectCommand({ Bucket: flag("bucket"), Key: flag("key"), VersionId: flag("version-id") }))
  .then(async (r) => fs.writeFileSync(argv[argv.length - 1], Buffer.from(await r.Body.transformToByteArray())))
  .catch((e) => { console.error("aws shim: " + e.message); process.exit(1); });
`;
    fs.writeFileSync(path.join(dir, "aws-shim.js"), script);
    fs.writeFileSync(
        path.join(dir, "aws"),
        `#!/bin/sh\nexec "${process.execPath}" "${path.join(dir, "aws-shim.js")}" "$@"\n`,
        { mode: 0o755 },
    );
}

export interface InstallResult {
    /** Where `strongbox` now is: the wrapper the install phase wrote. */
    binDir: string;
    installDir: string;
    /** The rendered commands that were run, after the path rewrite. */
    ran: string[];
    /** The rendered commands that were not run (PGDG client, CA bundle). */
    skipped: string[];
    code: number | null;
    stderr: string;
}

/** Runs the bundle's part of the install phase under `root`, with `env` (which names the bundle object). */
export function runBundleInstall(
    commands: string[],
    root: string,
    env: Record<string, string>,
): InstallResult {
    const binDir = path.join(root, "bin");
    const installDir = path.join(root, "opt", "strongbox");
    const shimDir = path.join(root, "shim");
    for (const dir of [binDir, shimDir]) fs.mkdirSync(dir, { recursive: true });
    writeAwsShim(shimDir);
    const isBundleStep = (c: string) =>
        c.includes("RUNNER_BUNDLE_") || c.includes(RUNNER_INSTALL_DIR) || c.includes(RUNNER_BIN);
    const rewrite = (c: string) =>
        c
            .replaceAll(RUNNER_BIN, path.join(binDir, "strongbox"))
            .replaceAll(RUNNER_INSTALL_DIR, installDir)
            .replaceAll(BUNDLE_ZIP, path.join(root, "strongbox-runner.zip"));
    const ran = commands.filter(isBundleStep).map(rewrite);
    const skipped = commands.filter((c) => !isBundleStep(c));
    const result = runPhase(ran, { ...env, PATH: `${shimDir}:${env.PATH}` });
    return { binDir, installDir, ran, skipped, code: result.code, stderr: result.stderr };
}
