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
 * The command line of each job. shared/audit.ts fixes the environment the runner reads; these flags ask it to
 * publish the metrics and write the receipt (and, for the drill, to start its own throwaway cluster). If the
 * runner does not know a flag, the build fails at once: the job-failure notification and the missing-result
 * alarms then say so, rather than the audit silently doing less.
 */
export const AUDIT_JOB_COMMANDS: Readonly<Record<AuditJob, string>> = {
    verify: "strongbox verify --metrics --receipt",
    drill: "strongbox drill --ephemeral --metrics --receipt",
    canary: "strongbox canary --metrics --receipt",
};

/**
 * The drill's server: the `postgresql-<major>` package brings initdb and pg_ctl of the dump's major version
 * (the schedule's PG_MAJOR_VERSION). Debian's packaging would also create and start a `main` cluster nobody
 * asked for; `create_main_cluster = false` (postgresql-common's createcluster.conf) stops it, so the only
 * cluster in the build is the one the drill creates and removes.
 */
const DRILL_SERVER_COMMANDS = [
    "mkdir -p /etc/postgresql-common && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf",
    ...pgdgRepositoryCommands(),
    pgdgInstallCommand(['"postgresql-${PG_MAJOR_VERSION}"']),
];

/**
 * Renders one job's buildspec. Verify and the canary need only the runner; the drill also needs the
 * PostgreSQL server of the dump's major version, put first on PATH. Every job runs with `AWS_REGION` set to
 * the bucket's region (the project's, where CodeBuild runs it).
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
            build: {
                commands: [
                    ...(server ? ['export PATH="/usr/lib/postgresql/${PG_MAJOR_VERSION}/bin:${PATH}"'] : []),
                    AUDIT_JOB_COMMANDS[job],
                ],
            },
        },
    };
    return stringify(spec, { lineWidth: 0 });
}

/** What every audit project sets, all plain values. */
export interface AuditJobEnvironment extends BundleLocation {
    readonly bucketName: string;
    readonly bucketRegion: string;
    readonly kmsKeyArn: string;
    readonly retentionDays: number;
    readonly expected: readonly ExpectedDatabase[];
    /** The drill's defaults; each drill schedule overrides them for its database. */
    readonly rtoSeconds: number;
    readonly pgMajorVersion: number;
}

/**
 * The project's environment variables. `BACKUP_RETENTION_DAYS` lets verify derive the lock a dump must still
 * hold; `AUDIT_ENV.expectedDatabases` is the whole estate with each database's RPO.
 */
export function auditProjectEnvironment(e: AuditJobEnvironment): EnvironmentVariable[] {
    return plaintext([
        ["AWS_REGION", e.bucketRegion],
        ["BACKUP_BUCKET", e.bucketName],
        ["BACKUP_BUCKET_REGION", e.bucketRegion],
        ["BACKUP_KMS_KEY_ID", e.kmsKeyArn],
        ["BACKUP_RETENTION_DAYS", String(e.retentionDays)],
        [AUDIT_ENV.expectedDatabases, expectedDatabasesJson(e.expected)],
        [AUDIT_ENV.rtoSeconds, String(e.rtoSeconds)],
        ["PG_MAJOR_VERSION", String(e.pgMajorVersion)],
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
