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
/** The runner exactly as it ships: the bundle `npm run build` writes, not the bench's own compilation. */
export const CLI = path.join(REPO_ROOT, "dist/bundle/strongbox.js");
/** zstd level and workers of the zstd baselines: `zstd -T0 -3`, its default level on every core it counts. */
export const ZSTD_ARGS = "-T0 -3";
export const SDK_UPLOAD = path.join(__dirname, "sdk-upload.js");
export const GZIP_FILTER = path.join(__dirname, "gzip-filter.js");

/** The services one bench run uses. */
export interface BenchEnv {
    pg: PostgresCluster;
    moto: MotoServer;
    kmsKeyArn: string;
    workDir: string;
    /**
     * The finished zstd object the consumer's-limit step (u) uploads, made once before the timed runs
     * by `pg_dump | zstd -T0 -3 > file` (`prepareZstdObject`).
     */
    zstdObject?: string;
    /** The key of the newest full-size runner dump of each format, for the restore steps. */
    newestDump: { gzip?: string; zstd?: string };
}

/** A step: its label in the table, and a function of the repeat number (so keys never collide). */
export type StepRunner = [label: string, run: (rep: number) => Promise<Measurement>];

export function baseEnv(env: BenchEnv, database: string): NodeJS.ProcessEnv {
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

function upload(env: BenchEnv, key: string, file?: string, contentType?: string): string {
    const fileArg = file === undefined ? "" : ` --file ${sh(file)}`;
    const typeArg = contentType === undefined ? "" : ` --content-type ${sh(contentType)}`;
    const target = `--bucket ${BUCKET} --key ${sh(key)} --kms-key-id ${sh(env.kmsKeyArn)}`;
    return `node ${sh(SDK_UPLOAD)} ${target}${fileArg}${typeArg}`;
}

/** The steps, each a function of (environment, repeat number) so that keys never collide. */
export function stepRunners(env: BenchEnv, sweep: [number, number][]): Record<string, StepRunner> {
    const full = baseEnv(env, "bench_full");
    const steps: Record<string, StepRunner> = {
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
        d: ["(d) strongbox dump", () => runnerDump(env, "bench_full", "gzip")],
        d4: ["(d) strongbox dump, 1/4 size", () => runnerDump(env, "bench_quarter", "gzip")],
        z: [
            `(z) pg_dump | zstd ${ZSTD_ARGS} > /dev/null`,
            () => runShell(`${pgDump(env)} | zstd ${ZSTD_ARGS} > /dev/null`, full),
        ],
        u: [
            "(u) SDK Upload of the finished .zst object",
            (rep) => {
                if (env.zstdObject === undefined) throw new Error("step u needs prepareZstdObject first");
                const key = `baseline-u/${rep}.sql.zst`;
                return runShell(upload(env, key, env.zstdObject, "application/zstd"), full);
            },
        ],
        dz: ["(dz) strongbox dump --compression zstd", () => runnerDump(env, "bench_full", "zstd")],
        dz4: ["(dz) strongbox dump zstd, 1/4 size", () => runnerDump(env, "bench_quarter", "zstd")],
        // The restore steps (restore-steps.ts) restore the newest (d) and (dz) dumps.
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

/**
 * Writes the finished zstd object of the full database once, untimed, for step (u): the consumer's
 * limit is measured on the very bytes a zstd dump would upload. Returns its path and size.
 */
export async function prepareZstdObject(env: BenchEnv): Promise<{ file: string; bytes: number }> {
    const file = path.join(env.workDir, "dump.sql.zst");
    const m = await runShell(`${pgDump(env)} | zstd ${ZSTD_ARGS} > ${sh(file)}; stat -c %s ${sh(file)}`, {
        ...baseEnv(env, "bench_full"),
    });
    return { file, bytes: Number(m.stdout.trim()) };
}

/**
 * The runner as it ships. gzip at level 6, given explicitly as every gzip step uses it; zstd at its
 * default level (3), as `zstd -3` in (z). A full-size dump's key is kept for the restore steps.
 */
async function runnerDump(
    env: BenchEnv,
    database: string,
    compression: "gzip" | "zstd",
): Promise<Measurement> {
    const m = await run(process.execPath, [CLI, "dump", "--log-format", "json"], {
        ...baseEnv(env, database),
        PG_DUMP_PATH: path.join(env.pg.bindir, "pg_dump"),
        BACKUP_BUCKET: BUCKET,
        BACKUP_KMS_KEY_ID: env.kmsKeyArn,
        BACKUP_RETENTION_DAYS: String(MIN_RETENTION_DAYS),
        BACKUP_COMPRESSION: compression,
        ...(compression === "gzip" ? { BACKUP_COMPRESSION_LEVEL: String(LEVEL) } : {}),
    });
    if (database === "bench_full") env.newestDump[compression] = runnerSummary(m).key;
    return m;
}

export interface RunnerSummary {
    key: string;
    compressedBytes: number;
    uncompressedBytes: number;
    parts: number;
}

export function runnerSummary(m: Measurement): RunnerSummary {
    const lines = m.stdout.trim().split("\n");
    return JSON.parse(lines[lines.length - 1]) as RunnerSummary;
}
