/**
 * The CodeBuild job of the PgDumpRunner, as pure data: the buildspec, the
 * project-wide environment and the per-database overrides the schedules send.
 * Every value the job needs arrives through environment variables, so one
 * buildspec and one project serve every database.
 */
import { stringify } from "yaml";
import {
    bundleInstallCommands,
    bundleVariables,
    EnvironmentVariable,
    JOB_NODE_MAJOR,
    pgdgInstallCommand,
    pgdgRepositoryCommands,
    plaintext,
} from "../common/job/install";
import { startBuildInput as startBuildRequest } from "../common/job/scheduler";

// Where the runner lands and on which Node it runs are shared with the audit jobs (common/job/install.ts);
// re-exported here for the bundle build and the job-phase tests, which read them from the dump job.
export { JOB_NODE_MAJOR, RUNNER_BIN, RUNNER_INSTALL_DIR } from "../common/job/install";
export type { EnvironmentVariable } from "../common/job/install";

/** The CA bundle that signs every RDS server certificate, in every region (AWS rotates CAs inside it). */
export const RDS_CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";

/** Where the install phase saves that bundle; PGSSLROOTCERT names it. Outside the bundle's unzip target. */
export const RDS_CA_BUNDLE_PATH = "/usr/local/share/strongbox/rds-global-bundle.pem";

/**
 * libpq's strictest mode, which the runner's node-postgres connection mirrors: encrypted (RDS for
 * PostgreSQL 15+ refuses anything else by default, `rds.force_ssl=1`), signed by the RDS CA, and issued
 * for the host the job connected to.
 */
export const JOB_PGSSLMODE = "verify-full";

/**
 * Installs the `zstd` executable, only in a build whose schedule asked for zstd (`BACKUP_COMPRESSION`
 * from the overrides), so gzip builds do exactly what they did before. `aws/codebuild/standard:7.0` has
 * no zstd, and its package comes from the image's Ubuntu archive, which is plain HTTP: the security
 * group allows TCP 80 only when a database uses zstd (`network.ts`). apt checks the signature of every
 * repository's Release file and the hashes it lists ("apt-secure"), so HTTP carries no integrity risk.
 * Only `sources.list` (Ubuntu's archive) is read; the PGDG list updated above is kept.
 */
export const ZSTD_INSTALL_COMMAND =
    'if [ "${BACKUP_COMPRESSION:-}" = zstd ]; then ' +
    "apt-get update -o Dir::Etc::sourcelist=sources.list -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0 && " +
    "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends zstd; fi";

/**
 * Renders the buildspec. The install phase makes the job match the server, and fetches nothing from
 * a package registry but the PostgreSQL client (and, for a zstd build, zstd):
 * - `pg_dump` must be at least as new as the server's major version, and the standard image ships
 *   none, so it installs `postgresql-client-<major>` from the PGDG apt repository over HTTPS (without
 *   a zstd database the security group allows no plain HTTP, so the image's own Ubuntu mirrors are
 *   out of reach);
 * - `zstd`, only in a zstd build (`ZSTD_INSTALL_COMMAND`);
 * - the runner bundle: the exact object version this stack uploaded, one JavaScript file with every
 *   library inside at the version the lockfile pins (`bundle.ts`), so there is no `npm install` and
 *   nothing the registry published since the deploy can reach a build;
 * - the RDS CA bundle that PGSSLROOTCERT names (the project sets PGSSLMODE=verify-full).
 * The build phase puts that client first on PATH, refuses an older one, and runs the dump with
 * `AWS_REGION` set to the bucket's region: the S3 and KMS calls go to the backup region, while the
 * Secrets Manager region comes from the secret's ARN.
 */
export function renderBuildspec(): string {
    const spec = {
        version: 0.2,
        env: { shell: "bash" },
        phases: {
            install: {
                "runtime-versions": { nodejs: JOB_NODE_MAJOR },
                // No `set -e`: CodeBuild already fails the phase on the first command that exits non-zero.
                commands: [
                    ...pgdgRepositoryCommands(),
                    pgdgInstallCommand(['"postgresql-client-${PG_MAJOR_VERSION}"']),
                    ZSTD_INSTALL_COMMAND,
                    ...bundleInstallCommands(),
                    `curl -fsSL --create-dirs -o ${RDS_CA_BUNDLE_PATH} ${RDS_CA_BUNDLE_URL}`,
                ],
            },
            build: {
                commands: [
                    'export PATH="/usr/lib/postgresql/${PG_MAJOR_VERSION}/bin:${PATH}"',
                    "CLIENT_MAJOR=\"$(pg_dump --version | grep -oE '[0-9]+' | head -n 1)\"",
                    'if [ "${CLIENT_MAJOR}" -lt "${PG_MAJOR_VERSION}" ]; then ' +
                        'echo "pg_dump ${CLIENT_MAJOR} is older than the server\'s major version ${PG_MAJOR_VERSION}" >&2; exit 1; fi',
                    'AWS_REGION="${BACKUP_BUCKET_REGION}" strongbox dump',
                ],
            },
        },
    };
    return stringify(spec, { lineWidth: 0 });
}

/** Project-wide variables: the backup target, shared by every database. All plain values. */
export interface JobEnvironment {
    readonly bucketName: string;
    readonly bucketRegion: string;
    readonly kmsKeyArn: string;
    readonly retentionDays: number;
    readonly keyPrefix: string;
    readonly bundleBucket: string;
    readonly bundleRegion: string;
    readonly bundleKey: string;
    readonly bundleVersion: string;
    /** Used when a build is started by hand without overrides. */
    readonly defaultPgMajorVersion: number;
}

/**
 * The project's environment variables. Their names are a contract: `strongbox dump` reads exactly these
 * (runner/config/), so renaming one here silently unconfigures every build.
 */
export function projectEnvironment(e: JobEnvironment): EnvironmentVariable[] {
    const vars: Array<[string, string]> = [
        ["BACKUP_BUCKET", e.bucketName],
        ["BACKUP_BUCKET_REGION", e.bucketRegion],
        ["BACKUP_KMS_KEY_ID", e.kmsKeyArn],
        ["BACKUP_RETENTION_DAYS", String(e.retentionDays)],
        ["BACKUP_KEY_PREFIX", e.keyPrefix],
        ...bundleVariables(e),
        ["PG_MAJOR_VERSION", String(e.defaultPgMajorVersion)],
        // Project-wide, so the schedules' per-database overrides stay as they are; read by both
        // pg_dump (libpq) and the runner's own connection.
        ["PGSSLMODE", JOB_PGSSLMODE],
        ["PGSSLROOTCERT", RDS_CA_BUNDLE_PATH],
    ];
    return plaintext(vars);
}

/** One database as the job sees it. */
export interface JobDatabase {
    readonly name: string;
    readonly endpoint: string;
    readonly port: number;
    readonly secretArn: string;
    readonly pgMajorVersion: number;
    /** Its compression, when configured; otherwise the runner's default (gzip) applies. */
    readonly compression?: { readonly algorithm: string; readonly level?: number };
}

/**
 * The per-database overrides a schedule sends with StartBuild. Credentials are not
 * here: only the secret's ARN, which the runner resolves (username and password).
 * `BACKUP_COMPRESSION` (and `BACKUP_COMPRESSION_LEVEL`) only when the database's compression is
 * configured: a database without one keeps the exact overrides it had before compression was a choice,
 * so upgrading the stack changes no schedule.
 */
export function databaseOverrides(db: JobDatabase): EnvironmentVariable[] {
    const vars: Array<[string, string]> = [
        ["PGHOST", db.endpoint],
        ["PGPORT", String(db.port)],
        ["PGDATABASE", db.name],
        ["DB_SECRET_ARN", db.secretArn],
        ["PG_MAJOR_VERSION", String(db.pgMajorVersion)],
    ];
    if (db.compression !== undefined) {
        vars.push(["BACKUP_COMPRESSION", db.compression.algorithm]);
        if (db.compression.level !== undefined)
            vars.push(["BACKUP_COMPRESSION_LEVEL", String(db.compression.level)]);
    }
    return plaintext(vars);
}

/**
 * The StartBuild request body for EventBridge Scheduler's universal target
 * (`arn:aws:scheduler:::aws-sdk:codebuild:startBuild`), in the API's own
 * PascalCase field names.
 */
export function startBuildInput(projectName: string, db: JobDatabase): Record<string, unknown> {
    return startBuildRequest(projectName, databaseOverrides(db));
}
