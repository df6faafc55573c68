/**
 * The buildspec is not a dead string: this renders it from the PgDumpRunner (under mocks, from the
 * CodeBuild project's `source.buildspec` input), takes its build-phase commands and runs them in bash
 * with the environment the project would give a scheduled build (project variables + the schedule's
 * per-database overrides), against a real PostgreSQL 15 cluster and moto_server, then looks for the
 * dump and its manifest at the contract's key.
 *
 * The install phase's runner-bundle commands run for real (helpers/job-phases.ts): the built bundle,
 * uploaded to a versioned bucket in moto, fetched by version, unzipped and wrapped as `strongbox`,
 * so the dump below is the bundled CLI run as a scheduled build runs it. Skipped: the PostgreSQL
 * client from PGDG (apt) and the RDS CA bundle (curl); the local client must match the server.
 *
 * Two databases, one per kind of build: `shop` without a compression setting (gzip, the default: its
 * schedule's overrides are as they always were) and `ledger` configured for zstd, whose build runs only
 * if this machine has `zstd` (scripts/setup.sh installs it; the install phase would on CodeBuild).
 *
 * Regions are deliberately realistic: the build's own AWS_REGION is the source region (CodeBuild sets
 * it), the bucket and key are in the backup region, the secret is in the source region. The build phase
 * sets AWS_REGION to the bucket's region, so the runner must take the secret's region from its ARN.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { spawnSync } from "node:child_process";
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import * as pulumi from "@pulumi/pulumi";
import {
    createLockedBucket,
    createMotoKmsKey,
    motoS3Client,
    startMotoServer,
    startPostgresCluster,
    type MotoServer,
    type PostgresCluster,
} from "../../devtools";
import { ZSTD_INSTALL_COMMAND } from "../../components/pg-dump-runner/buildspec";
import {
    type BashResult,
    type InstallResult,
    localPgDumpMajor,
    publishBuiltBundle,
    runBundleInstall,
    runPhase as runBuildPhase,
} from "./helpers/job-phases";
import { type Buildspec, renderRunnerJob } from "./helpers/rendered-job";
import { seedSourceSide } from "./helpers/source-side";

const REPO_ROOT = path.resolve(__dirname, "../..");
const BUILT_BUNDLE = path.join(REPO_ROOT, "dist/bundle/strongbox.js");
const SOURCE_REGION = "us-east-1";
const BACKUP_REGION = "ap-southeast-4";
/** moto's account. */
const ACCOUNT = "123456789012";
const RETENTION_DAYS = 30;
const DATABASE = "shop";
const ZSTD_DATABASE = "ledger";
const PASSWORD = "correct horse battery staple";
const hasZstd = spawnSync("zstd", ["--version"]).status === 0;

describe("the PgDumpRunner buildspec, run for real", function () {
    this.timeout(300_000);
    let pg: PostgresCluster | undefined;
    let moto: MotoServer | undefined;
    let s3: S3Client;
    let bucket: string;
    let kmsArn: string;
    let jobRoot: string;
    let install: InstallResult;
    let buildspec: Buildspec;
    let env: Record<string, string>;
    let result: BashResult;
    /** The zstd database's build: its own schedule's overrides over the same project. */
    let zstdEnv: Record<string, string>;
    let zstdResult: BashResult | undefined;

    before(async function () {
        if (!fs.existsSync(BUILT_BUNDLE))
            throw new Error(`${BUILT_BUNDLE} is missing: run \`npm run build\` first`);
        // Stands in for the install phase (see the header): the client must already match the server.
        if (localPgDumpMajor() !== 15) this.skip();
        pg = await startPostgresCluster({ password: PASSWORD });
        moto = await startMotoServer();
        s3 = motoS3Client(moto.endpoint, BACKUP_REGION);
        // The backup account's side, as far as moto models it: locked bucket and CMK in the backup region.
        bucket = `strongbox-buildspec-${Date.now().toString(36)}`;
        await createLockedBucket(s3, bucket, RETENTION_DAYS);
        kmsArn = (await createMotoKmsKey(moto.endpoint, BACKUP_REGION, "strongbox buildspec test CMK")).arn;
        // The source account's side: the databases and their RDS-style secret in the source region.
        const secretArn = await seedSourceSide(pg, moto, SOURCE_REGION, PASSWORD, [DATABASE, ZSTD_DATABASE]);

        // Render the job from the component, under mocks (one secret serves both databases of the server).
        const database = (name: string) => ({
            name,
            endpoint: pg!.host,
            port: pg!.port,
            secretArn,
            pgMajorVersion: 15,
        });
        const job = await renderRunnerJob(
            { accountId: ACCOUNT, region: SOURCE_REGION },
            [database(DATABASE), { ...database(ZSTD_DATABASE), compression: { algorithm: "zstd" } }],
            {
                bucketName: pulumi.output(bucket),
                bucketArn: pulumi.output(`arn:aws:s3:::${bucket}`),
                bucketRegion: pulumi.output(BACKUP_REGION),
                kmsKeyArn: pulumi.output(kmsArn),
                keyPrefix: pulumi.output("layer3"),
                retentionDays: pulumi.output(RETENTION_DAYS),
            },
        );
        buildspec = job.buildspec;

        // The artifact bucket's side: the bundle as `pulumi up` uploads it (helpers/job-phases.ts).
        jobRoot = fs.mkdtempSync(path.join(os.tmpdir(), "strongbox-job-"));
        const artifacts = motoS3Client(moto.endpoint, SOURCE_REGION);
        const bundleObject = await publishBuiltBundle(artifacts, SOURCE_REGION, jobRoot).finally(() =>
            artifacts.destroy(),
        );

        env = {
            PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? "/usr/bin:/bin"}`,
            HOME: process.env.HOME ?? "/tmp",
            // What CodeBuild itself provides: the build's region (the source region) and credentials.
            AWS_REGION: SOURCE_REGION,
            AWS_DEFAULT_REGION: SOURCE_REGION,
            AWS_ACCESS_KEY_ID: "testing",
            AWS_SECRET_ACCESS_KEY: "testing",
            // The one deviation from AWS: every service is moto.
            AWS_ENDPOINT_URL: moto.endpoint,
            // Project variables (under mocks the bundle's version ID is unknown: the install gets the real one).
            ...job.projectEnv,
            // The schedule's per-database overrides win, as in StartBuild.
            ...job.overrides[DATABASE],
            // The project's PGSSLMODE=verify-full cannot hold here: this local test server has no TLS,
            // and the RDS CA bundle that PGSSLROOTCERT names is fetched by the install phase, which is
            // skipped (see the header). The TLS modes are tested in postgres/ssl.integration.test.ts.
            PGSSLMODE: "disable",
        };
        install = runBundleInstall(buildspec.phases.install.commands, jobRoot, { ...env, ...bundleObject });
        // `strongbox` on PATH is now the wrapper the install phase wrote.
        env.PATH = `${install.binDir}:${env.PATH}`;
        result = runBuildPhase(buildspec.phases.build.commands, env);
        // The zstd database's schedule over the same project (the same install: it is one image).
        zstdEnv = { ...env, ...job.overrides[ZSTD_DATABASE] };
        if (hasZstd) zstdResult = runBuildPhase(buildspec.phases.build.commands, zstdEnv);
    });

    after(async () => {
        s3?.destroy();
        await moto?.stop();
        await pg?.stop();
        if (jobRoot) fs.rmSync(jobRoot, { recursive: true, force: true });
    });

    it("gives the build the backup target from the project and the database from the schedule", () => {
        expect(env).to.include({
            BACKUP_BUCKET: bucket,
            BACKUP_BUCKET_REGION: BACKUP_REGION,
            BACKUP_KMS_KEY_ID: kmsArn,
            BACKUP_RETENTION_DAYS: String(RETENTION_DAYS),
            BACKUP_KEY_PREFIX: "layer3",
            PGHOST: pg!.host,
            PGPORT: String(pg!.port),
            PGDATABASE: DATABASE,
            PG_MAJOR_VERSION: "15",
        });
        expect(env.DB_SECRET_ARN).to.match(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:rds-shop-/);
        // Neither the project nor the schedule carries credentials: they come from the secret.
        expect(env).to.not.have.any.keys("PGPASSWORD", "PGUSER");
    });

    it("installs pg_dump for the server's major version and the pinned runner bundle in the install phase", () => {
        const commands = buildspec.phases.install.commands.join("\n");
        expect(commands).to.contain(
            'apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR_VERSION}"',
        );
        expect(commands).to.contain('--version-id "${RUNNER_BUNDLE_VERSION}"');
        expect(install.code, install.stderr).to.equal(0);
    });

    it("installs no npm package: the job runs the bundle as it was uploaded", () => {
        expect(
            buildspec.phases.install.commands.filter((c) => /\bnpm\b|\bnpx\b|\byarn\b/.test(c)),
        ).to.deep.equal([]);
        // What the test did not run is only the PostgreSQL client (and zstd, for zstd builds: its own
        // logic is run with a stand-in apt-get in test/components/pg-dump-runner/buildspec.test.ts) and
        // the CA bundle.
        expect(install.skipped).to.include(ZSTD_INSTALL_COMMAND);
        for (const skipped of install.skipped) {
            expect(skipped).to.match(/apt-get|apt\.postgresql\.org|\/etc\/os-release|install -d|curl -fsSL/);
        }
        expect(fs.readdirSync(install.installDir).sort()).to.deep.equal(
            ["THIRD-PARTY-NOTICES.txt", "packages.json", "strongbox.js"].sort(),
        );
        const wrapper = fs.readFileSync(path.join(install.binDir, "strongbox"), "utf8");
        expect(wrapper).to.equal(`#!/bin/sh\nexec node ${install.installDir}/strongbox.js "$@"\n`);
        // Nothing above the install directory could lend it a module.
        for (let up = install.installDir; up !== path.dirname(up); up = path.dirname(up)) {
            expect(fs.existsSync(path.join(path.dirname(up), "node_modules"))).to.equal(false);
        }
    });

    it("runs the build phase to success", () => {
        expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).to.equal(0);
    });

    it("stores the dump at layer3/<db>/<YYYY>/<MM>/<DD>/<db>_<ts>.sql.gz with a manifest beside it, locked", async () => {
        const listed = await s3.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: `layer3/${DATABASE}/` }),
        );
        const keys = (listed.Contents ?? []).map((o) => o.Key!).sort();
        const now = new Date();
        const day = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, "0")}/${String(now.getUTCDate()).padStart(2, "0")}`;
        expect(keys).to.have.length(2);
        const [dumpKey, manifestKey] = keys;
        expect(dumpKey).to.match(
            new RegExp(`^layer3/${DATABASE}/${day}/${DATABASE}_\\d{8}T\\d{6}Z\\.sql\\.gz$`),
        );
        expect(manifestKey).to.equal(`${dumpKey}.manifest.json`);

        const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: dumpKey }));
        expect(head.ObjectLockMode).to.equal("COMPLIANCE");
        expect(head.ServerSideEncryption).to.equal("aws:kms");

        const manifest = JSON.parse(
            await (
                await s3.send(new GetObjectCommand({ Bucket: bucket, Key: manifestKey }))
            ).Body!.transformToString(),
        ) as { database: string; key: string };
        expect(manifest.database).to.equal(DATABASE);
        expect(manifest.key).to.equal(dumpKey);

        const dump = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: dumpKey }));
        const sql = gunzipSync(Buffer.from(await dump.Body!.transformToByteArray())).toString("utf8");
        expect(sql).to.match(/CREATE TABLE "?public"?\."?orders"? \(/);
        expect(sql).to.contain("500\torder 500");
    });

    it("refuses to dump with a pg_dump older than the server's major version, before touching the bucket", async () => {
        const before = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
        const failed = runBuildPhase(buildspec.phases.build.commands, { ...env, PG_MAJOR_VERSION: "99" });
        expect(failed.code).to.not.equal(0);
        expect(failed.stderr).to.contain("pg_dump 15 is older than the server's major version 99");
        const after = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
        expect(after.KeyCount).to.equal(before.KeyCount);
    });

    describe("a zstd database's build", () => {
        it("gets BACKUP_COMPRESSION=zstd from its schedule; the gzip database's build gets none", () => {
            expect(zstdEnv).to.include({ PGDATABASE: ZSTD_DATABASE, BACKUP_COMPRESSION: "zstd" });
            expect(env).to.not.have.any.keys("BACKUP_COMPRESSION", "BACKUP_COMPRESSION_LEVEL");
        });

        it("dumps to layer3/<db>/.../<db>_<ts>.sql.zst with a zstd manifest, which zstd -d reads", async function () {
            if (!zstdResult) this.skip();
            expect(zstdResult.code, `stdout:\n${zstdResult.stdout}\nstderr:\n${zstdResult.stderr}`).to.equal(
                0,
            );
            const listed = await s3.send(
                new ListObjectsV2Command({ Bucket: bucket, Prefix: `layer3/${ZSTD_DATABASE}/` }),
            );
            const [key, manifestKey] = (listed.Contents ?? []).map((o) => o.Key!).sort();
            expect(key).to.match(
                new RegExp(`^layer3/${ZSTD_DATABASE}/.+/${ZSTD_DATABASE}_\\d{8}T\\d{6}Z\\.sql\\.zst$`),
            );
            expect(manifestKey).to.equal(`${key}.manifest.json`);
            const read = async (k: string) =>
                Buffer.from(
                    await (
                        await s3.send(new GetObjectCommand({ Bucket: bucket, Key: k }))
                    ).Body!.transformToByteArray(),
                );
            expect(JSON.parse((await read(manifestKey)).toString())).to.include({
                format: "plain-sql-zstd",
                level: 3,
            });
            const sql = spawnSync("zstd", ["-d", "-c"], { input: await read(key) });
            expect(sql.status, sql.stderr?.toString()).to.equal(0);
            expect(sql.stdout.toString()).to.contain("500\torder 500");
        });

        it("fails before touching the bucket when zstd is not there, saying how to fix it", async () => {
            const before = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
            // bash and pg_dump's tools share /usr/bin with zstd here, so the runner is pointed elsewhere.
            const failed = runBuildPhase(buildspec.phases.build.commands, {
                ...zstdEnv,
                ZSTD_PATH: "/nonexistent/zstd",
            });
            expect(failed.code).to.not.equal(0);
            expect(failed.stderr).to.contain(
                "zstd executable `/nonexistent/zstd` was not found; install zstd (Debian/Ubuntu package `zstd`)",
            );
            const after = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
            expect(after.KeyCount).to.equal(before.KeyCount);
        });
    });
});
