/**
 * The arguments of `PgDumpRunner` (one database, the backup target, the runner as
 * a whole), their defaults and their fixed bounds. Validation (`validate.ts`)
 * checks the very fields declared here; the stack config applies the same
 * defaults and names the same bounds, from here.
 */
import * as pulumi from "@pulumi/pulumi";
import * as limits from "../../shared/limits";
import type { Range } from "../common/checks";

/** How a database's dumps are compressed: the runner's `--compression` and `--compression-level`. */
export interface DumpCompression {
    /**
     * `gzip` (keys end `.sql.gz`, the documented contract; any `gunzip` restores it) or `zstd` (keys end
     * `.sql.zst`; smaller and several times faster on the job's two vCPUs). A build of a zstd database
     * installs the `zstd` package, and the runner's security group then also allows HTTP (`network.ts`).
     */
    readonly algorithm: string;
    /** Level: gzip 1-9, zstd 1-19 (`shared/compression.ts`). Default: the algorithm's own (gzip 6, zstd 3). */
    readonly level?: number;
}

/** One database to back up. */
export interface PgDumpDatabase {
    /** PostgreSQL database name; also the S3 key segment and the schedule name suffix. */
    readonly name: string;
    /** Hostname of the RDS instance or cluster endpoint. */
    readonly endpoint: string;
    /** Port. Default 5432. */
    readonly port?: number;
    /** RDS secret (JSON with `username`/`password`) in the source account and region. */
    readonly secretArn: string;
    /** Schedule for this database. Default: `defaultSchedule`. */
    readonly schedule?: string;
    /** Major version of the server; the job installs this `pg_dump`. Default 15. */
    readonly pgMajorVersion?: number;
    /** How this database's dumps are compressed. Default: the runner's `compression`. */
    readonly compression?: DumpCompression;
}

/** Where the dumps go: the backup stack's outputs. */
export interface PgDumpTarget {
    readonly bucketName: pulumi.Input<string>;
    readonly bucketArn: pulumi.Input<string>;
    /** Region of the bucket and its key (the backup region, not the source region). */
    readonly bucketRegion: pulumi.Input<string>;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly keyPrefix: pulumi.Input<string>;
    readonly retentionDays: pulumi.Input<number>;
}

export interface PgDumpRunnerArgs {
    /** Prefix of every physical name (project, topic, schedule group, roles), e.g. `strongbox-prod`. 2-40 characters. */
    readonly namePrefix: string;
    /** The source account the runner deploys into. */
    readonly accountId: string;
    /** The source region (where CodeBuild runs and the secrets live). */
    readonly region: string;
    /** IAM partition. Default `aws`. */
    readonly partition?: string;
    /** Exact name of the runner role: the backup stack allows it by name before it exists. */
    readonly runnerRoleName: string;
    /** The databases; each adds one schedule. At least one. */
    readonly databases: ReadonlyArray<PgDumpDatabase>;
    /**
     * How dumps are compressed, for databases without their own `compression`. Default: nothing is sent
     * to the build, so the runner's default applies (gzip at level 6, `.sql.gz` keys).
     */
    readonly compression?: DumpCompression;
    /** Schedule of databases without their own. Default `cron(30 1 * * ? *)` (daily 01:30). */
    readonly defaultSchedule?: string;
    /** IANA time zone of the schedules. Default `UTC`. */
    readonly scheduleTimezone?: string;
    /**
     * Scheduler may start each build up to this many minutes late, which spreads
     * hundreds of same-time schedules across the window instead of queueing them.
     * 0 means exactly on time. Default 30.
     */
    readonly flexibleWindowMinutes?: number;
    /** Where builds run: subnets with a route to the databases (and NAT or endpoints for AWS APIs). */
    readonly network: {
        readonly vpcId: string;
        readonly subnetIds: ReadonlyArray<string>;
        /** The databases' security group; the runner may reach only its port, and it gets a matching ingress rule. */
        readonly databaseSecurityGroupId: string;
    };
    /**
     * Destinations of the HTTPS egress rule, and of the HTTP rule a zstd database adds (package mirrors).
     * Default `["0.0.0.0/0"]` (see the rules' comments).
     */
    readonly httpsEgressCidrBlocks?: ReadonlyArray<string>;
    /** The backup bucket and key, from the backup stack. */
    readonly target: PgDumpTarget;
    /** Log retention in days (a CloudWatch value). Default 90. */
    readonly logRetentionDays?: number;
    /** E-mail addresses subscribed to failure notifications. Default none. */
    readonly notificationEmails?: ReadonlyArray<string>;
    /** Build timeout in minutes (5-2160, CodeBuild's limits). Default 480: a dump that runs longer fails loudly. */
    readonly buildTimeoutMinutes?: number;
    /** CodeBuild compute type. Default `BUILD_GENERAL1_SMALL`: pg_dump and gzip are single-threaded and memory is bounded. */
    readonly computeType?: string;
    /**
     * Build image. Default `aws/codebuild/standard:7.0` (Ubuntu 22.04, AWS CLI; the buildspec selects
     * Node `JOB_NODE_MAJOR` from its runtimes). Another image must offer that Node runtime too.
     */
    readonly image?: string;
    /**
     * The runner bundle (`strongbox.js` with its libraries inside, their inventory and notices).
     * Default: `<runnerBuildDir>/bundle/`, which `npm run build` writes; tests pass a stub.
     */
    readonly runnerBundle?: pulumi.asset.Archive;
    /** Build directory holding the default bundle (`bundle/`). Default `dist` (relative to the Pulumi project). */
    readonly runnerBuildDir?: string;
    /** Tags on every taggable child. Default none. */
    readonly tags?: Record<string, string>;
}

/** CloudWatch Logs accepts only these retention periods, in days. */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Every default of `PgDumpRunnerArgs` and `PgDumpDatabase`; the stack config applies the same ones. */
export const PG_DUMP_RUNNER_DEFAULTS = {
    partition: "aws",
    port: 5432,
    pgMajorVersion: limits.DEFAULT_PG_MAJOR_VERSION,
    defaultSchedule: limits.DEFAULT_SCHEDULE,
    scheduleTimezone: "UTC",
    flexibleWindowMinutes: 30,
    // See the HTTPS egress rule in network.ts for why any address.
    httpsEgressCidrBlocks: ["0.0.0.0/0"] as ReadonlyArray<string>,
    logRetentionDays: limits.DEFAULT_LOG_RETENTION_DAYS,
    buildTimeoutMinutes: 480,
    // pg_dump and gzip are single-threaded and memory is bounded.
    computeType: "BUILD_GENERAL1_SMALL",
    // Ubuntu 22.04 with the AWS CLI and the Node runtimes the buildspec picks from (buildspec.ts).
    image: "aws/codebuild/standard:7.0",
    runnerBuildDir: "dist",
} as const;

/** The PostgreSQL major versions whose `pg_dump` the job installs from PGDG. */
const PG_MAJOR_VERSIONS = { min: 12, max: 17 };
const pgMajorWhy = ` (PostgreSQL ${PG_MAJOR_VERSIONS.min} to ${PG_MAJOR_VERSIONS.max})`;

/** The fixed bounds of the whole-number args. */
export const PG_DUMP_RUNNER_RANGES = {
    port: { min: 1, max: 65535 },
    pgMajorVersion: { ...PG_MAJOR_VERSIONS, minWhy: pgMajorWhy, maxWhy: pgMajorWhy },
    flexibleWindowMinutes: { min: 0, max: 1440 },
    buildTimeoutMinutes: { min: 5, max: 2160 },
} as const satisfies Record<string, Range>;

/** One database with every default applied: what the job and the schedules see. */
export type ResolvedPgDumpDatabase = PgDumpDatabase & {
    readonly port: number;
    readonly pgMajorVersion: number;
    /** Its own, else the runner's; undefined when neither is set (the runner's default, gzip, applies). */
    readonly compression: DumpCompression | undefined;
};

/** Args with every default applied. */
export type ResolvedPgDumpRunnerArgs = ReturnType<typeof resolvePgDumpRunnerArgs>;

export function resolvePgDumpRunnerArgs(args: PgDumpRunnerArgs) {
    const d = PG_DUMP_RUNNER_DEFAULTS;
    return {
        ...args,
        partition: args.partition ?? d.partition,
        databases: args.databases.map((db): ResolvedPgDumpDatabase => ({
            ...db,
            port: db.port ?? d.port,
            pgMajorVersion: db.pgMajorVersion ?? d.pgMajorVersion,
            compression: db.compression ?? args.compression,
        })),
        defaultSchedule: args.defaultSchedule ?? d.defaultSchedule,
        scheduleTimezone: args.scheduleTimezone ?? d.scheduleTimezone,
        flexibleWindowMinutes: args.flexibleWindowMinutes ?? d.flexibleWindowMinutes,
        httpsEgressCidrBlocks: args.httpsEgressCidrBlocks ?? d.httpsEgressCidrBlocks,
        logRetentionDays: args.logRetentionDays ?? d.logRetentionDays,
        notificationEmails: args.notificationEmails ?? [],
        buildTimeoutMinutes: args.buildTimeoutMinutes ?? d.buildTimeoutMinutes,
        computeType: args.computeType ?? d.computeType,
        image: args.image ?? d.image,
        runnerBuildDir: args.runnerBuildDir ?? d.runnerBuildDir,
        tags: args.tags ?? {},
    };
}
