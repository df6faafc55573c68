import * as fs from "node:fs";
import * as path from "node:path";
import type { MotoServer, PostgresCluster } from "../devtools";
import { MIN_RETENTION_DAYS } from "../shared/limits";
import { type Measurement, run, runShell, sh } from "./measure";

/** gzip level of every step: the runner's default (passed explicitly) and gzip's. */
export const LEVEL = 6;
export const BUCKET = "strongbox-bench";
/** This file runs compiled under `.tmp/bench-build/bench/` (tsconfig.bench.json), beside its helpers. */
export const REPO_ROOT = path.resolve(__dirname, "../../..");
/** The runner exactly as it ships: `npm run build`'s output, not the bench's own compilation. */
export const CLI = path.join(REPO_ROOT, "dist/runner/cli.js");
export const SDK_UPLOAD = path.join(__dirname, "sdk-upload.js");
export const GZIP_FILTER = path.join(__dirname, "gzip-filter.js");

/** The services one bench run uses. */
export interface BenchEnv {
    pg: PostgresCluster;
    moto: MotoServer;
    kmsKeyArn: string;
    workDir: string;
}

function baseEnv(env: BenchEnv, database: string): NodeJS.ProcessEnv {
    return {
        PATH: `${env.pg.bindir}:${process.env.PATH ?? ""}`,
        HOME: process.env.HOME ?? "/tmp",
        ...env.pg.env,
        PGDATABASE: database,
        ...env.moto.env,
    };
}

function pgDump(env: BenchEnv): string {
    return sh(path.join(env.pg.bindir, "pg_dump"));
}

function upload(env: BenchEnv, key: string, file?: string): string {
    const fileArg = file === undefined ? "" : ` --file ${sh(file)}`;
    const target = `--bucket ${BUCKET} --key ${sh(key)} --kms-key-id ${sh(env.kmsKeyArn)}`;
    return `node ${sh(SDK_UPLOAD)} ${target}${fileArg}`;
}

/** The steps, each a function of (environment, repeat number) so that keys never collide. */
export function stepRunners(
    env: BenchEnv,
    sweep: [number, number][],
): Record<string, [string, (rep: number) => Promise<Measurement>]> {
    const full = baseEnv(env, "bench_full");
    const steps: Record<string, [string, (rep: number) => Promise<Measurement>]> = {
        ref: ["pg_dump > /dev/null", () => runShell(`${pgDump(env)} > /dev/null`, full)],
        a: [
            `(a) pg_dump | gzip -${LEVEL} > /dev/null`,
            () => runShell(`${pgDump(env)} | gzip -${LEVEL} > /dev/null`, full),
        ],
        e: [
            "(e) pg_dump | parallel-gzip > /dev/null",
            () =>
                runShell(`${pgDump(env)} | node ${sh(GZIP_FILTER)} > /dev/null`, {
                    ...full,
                    PGZ_LEVEL: String(LEVEL),
                }),
        ],
        b: [
            `(b) pg_dump | gzip -${LEVEL} | SDK Upload`,
            (rep) =>
                runShell(
                    `${pgDump(env)} | gzip -${LEVEL} | ${upload(env, `baseline-b/${rep}.sql.gz`)}`,
                    full,
                ),
        ],
        c: [
            `(c) pg_dump > f; gzip -${LEVEL} f; upload f`,
            async (rep) => {
                const file = path.join(env.workDir, "dump.sql");
                // -k keeps the dump so its size can be reported; deleting the files is not timed.
                const script =
                    `${pgDump(env)} > ${sh(file)}; gzip -${LEVEL} -k -f ${sh(file)}; ` +
                    `${upload(env, `baseline-c/${rep}.sql.gz`, `${file}.gz`)}; ` +
                    `stat -c %s ${sh(file)} ${sh(`${file}.gz`)}`;
                try {
                    return await runShell(script, full);
                } finally {
                    fs.rmSync(file, { force: true });
                    fs.rmSync(`${file}.gz`, { force: true });
                }
            },
        ],
        d: ["(d) strongbox dump", () => runnerDump(env, "bench_full")],
        d4: ["(d) strongbox dump, 1/4 size", () => runnerDump(env, "bench_quarter")],
    };
    for (const [chunkBytes, concurrency] of sweep) {
        steps[`e-${chunkBytes}x${concurrency}`] = [
            `(e) parallel-gzip ${chunkBytes / 1024} KiB x${concurrency}`,
            () =>
                runShell(`${pgDump(env)} | node ${sh(GZIP_FILTER)} > /dev/null`, {
                    ...full,
                    PGZ_LEVEL: String(LEVEL),
                    PGZ_CHUNK_BYTES: String(chunkBytes),
                    PGZ_CONCURRENCY: String(concurrency),
                }),
        ];
    }
    return steps;
}

function runnerDump(env: BenchEnv, database: string): Promise<Measurement> {
    return run(process.execPath, [CLI, "dump", "--log-format", "json"], {
        ...baseEnv(env, database),
        PG_DUMP_PATH: path.join(env.pg.bindir, "pg_dump"),
        BACKUP_BUCKET: BUCKET,
        BACKUP_KMS_KEY_ID: env.kmsKeyArn,
        BACKUP_RETENTION_DAYS: String(MIN_RETENTION_DAYS),
        BACKUP_COMPRESSION_LEVEL: String(LEVEL),
    });
}

export interface RunnerSummary {
    compressedBytes: number;
    uncompressedBytes: number;
    parts: number;
}

export function runnerSummary(m: Measurement): RunnerSummary {
    const lines = m.stdout.trim().split("\n");
    return JSON.parse(lines[lines.length - 1]) as RunnerSummary;
}
