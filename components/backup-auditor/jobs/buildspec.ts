/**
 * The audit jobs as pure data: what each one installs, the command line it runs, the project-wide environment
 * and the per-database overrides the drill schedules send. The runner is installed exactly as the dump job
 * installs it (common/job/install.ts); what the jobs agree on with the runner (environment variable names, the
 * metric namespace, the prefixes) comes from shared/audit.ts.
 */
import { stringify } from "yaml";
import { AUDIT_ENV } from "../../../shared/audit";
import {
    BundleLocation,
    bundleInstallCommands,
    bundleVariables,
    EnvironmentVariable,
    JOB_NODE_MAJOR,
    pgdgInstallCommand,
    pgdgRepositoryCommands,
    plaintext,
} from "../../common/job/install";
import { ExpectedDatabase, expectedDatabasesJson } from "../expected";
import { AuditJob } from "./names";

/**
 * The command line of each job: `--publish-metrics` and `--receipts` are the runner's switches (runner/config/
 * audit-switches.ts), flags only, so no variable in an operator's shell can turn them on. Everything else the
 * runner reads from the environment the project and the drill schedules set (shared/audit.ts's `AUDIT_ENV`, the
 * bucket's variables). `test/components/backup-auditor/runner-contract.test.ts` parses each line and environment
 * with the runner's own CLI and parse functions, so a flag or variable the runner renames fails a test, not a
 * night's audit.
 */
export const AUDIT_JOB_COMMANDS: Readonly<Record<AuditJob, string>> = {
    verify: "strongbox verify --publish-metrics --receipts",
    drill: "strongbox drill --ephemeral --publish-metrics --receipts",
    canary: "strongbox canary --publish-metrics --receipts",
};

/**
 * The drill's server: `postgresql-<major>` (the schedule's PG_MAJOR_VERSION) brings initdb, pg_ctl, postgres
 * and psql into `/usr/lib/postgresql/<major>/bin`, where `drill --ephemeral` looks for the dump's major version
 * (a dump of another major fails the drill, naming the package). Debian's packaging would also create and start
 * a `main` cluster nobody asked for: postgresql-common is installed first and its `createcluster.conf` set to
 * `create_main_cluster = false` before the server package (pg_createcluster(1); the order the Docker Official
 * Image for PostgreSQL uses), so the only cluster in the build is the one the drill creates and removes.
 */
const DRILL_SERVER_COMMANDS = [
    ...pgdgRepositoryCommands(),
    pgdgInstallCommand(["postgresql-common"]),
    "sed -ri 's/#?(create_main_cluster) .*$/\\1 = false/' /etc/postgresql-common/createcluster.conf",
    pgdgInstallCommand(['"postgresql-${PG_MAJOR_VERSION}"']),
];

/**
 * Renders one job's buildspec. Verify and the canary need only the runner; the drill also needs the
 * PostgreSQL server of the dump's major version. Every job runs with `AWS_REGION` set to the bucket's region
 * (the project's, where CodeBuild runs it).
 */
export function renderAuditBuildspec(job: AuditJob): string {
    const server = job === "drill";
    const spec = {
        version: 0.2,
        env: { shell: "bash" },
        phases: {
            install: {
                "runtime-versions": { nodejs: JOB_NODE_MAJOR },
                // No `set -e`: CodeBuild already fails the phase on the first command that exits non-zero.
                commands: [...(server ? DRILL_SERVER_COMMANDS : []), ...bundleInstallCommands()],
            },
            build: { commands: [AUDIT_JOB_COMMANDS[job]] },
        },
    };
    return stringify(spec, { lineWidth: 0 });
}

/** What the audit projects are told, all plain values. */
export interface AuditJobEnvironment extends BundleLocation {
    readonly bucketName: string;
    readonly bucketRegion: string;
    readonly kmsKeyArn: string;
    readonly retentionDays: number;
    /** Each verify and drill receipt's own COMPLIANCE lock, in days. */
    readonly receiptRetentionDays: number;
    readonly expected: readonly ExpectedDatabase[];
    /** The drill's defaults; each drill schedule overrides them for its database. */
    readonly rtoSeconds: number;
    readonly pgMajorVersion: number;
}

/**
 * One project's environment variables: each is read by the runner's command (its settings, or the SDK's
 * `AWS_REGION`) or by the job's own buildspec (`RUNNER_BUNDLE_*`, the drill's `PG_MAJOR_VERSION`), and a job is
 * told only what it uses. All three get the bucket, its key (receipts and the canary are written SSE-KMS with it)
 * and its retention (their locks are read back against it; verify derives the lock a dump must still hold);
 * verify the whole estate with each database's RPO (`AUDIT_ENV.expectedDatabases`); the drill the defaults of a
 * build started by hand, which its schedules override per database. Verify and the drill lock their receipts for
 * `AUDIT_ENV.receiptRetentionDays`; the canary is not told it, since its role may lock nothing outside its prefix.
 */
export function auditProjectEnvironment(job: AuditJob, e: AuditJobEnvironment): EnvironmentVariable[] {
    const receipts: [string, string] = [AUDIT_ENV.receiptRetentionDays, String(e.receiptRetentionDays)];
    const own: Record<AuditJob, Array<[string, string]>> = {
        verify: [[AUDIT_ENV.expectedDatabases, expectedDatabasesJson(e.expected)], receipts],
        drill: [
            receipts,
            [AUDIT_ENV.rtoSeconds, String(e.rtoSeconds)],
            ["PG_MAJOR_VERSION", String(e.pgMajorVersion)],
        ],
        canary: [],
    };
    return plaintext([
        ["AWS_REGION", e.bucketRegion],
        ["BACKUP_BUCKET", e.bucketName],
        ["BACKUP_KMS_KEY_ID", e.kmsKeyArn],
        ["BACKUP_RETENTION_DAYS", String(e.retentionDays)],
        ...own[job],
        ...bundleVariables(e),
    ]);
}

/** What a drill schedule sends for its database: which one, under which prefix, its RTO and its server. */
export function drillOverrides(db: ExpectedDatabase): EnvironmentVariable[] {
    return plaintext([
        ["PGDATABASE", db.database],
        ["BACKUP_KEY_PREFIX", db.keyPrefix],
        [AUDIT_ENV.rtoSeconds, String(db.rtoSeconds)],
        ["PG_MAJOR_VERSION", String(db.pgMajorVersion)],
    ]);
}
