/**
 * The restore steps: `strongbox restore` of a dump the bench just made, against what an operator would
 * type instead for the same object in the same run, `download | zcat (or zstdcat) | psql`, each into a
 * new database on the same cluster, with the same psql settings the runner uses (one transaction, stop
 * at the first error). The runner also checks the sha256 and size while streaming, restores into a
 * temporary database, counts every table's rows and renames it: that is the cost the ratio shows.
 * Each restored database is dropped after its run, untimed.
 *
 *   rg   strongbox restore of the (d) dump (gzip)    rgb  download | gzip -dc | psql of the same object
 *   rz   strongbox restore of the (dz) dump (zstd)   rzb  download | zstd -dc | psql of the same object
 */
import * as path from "node:path";
import { Client } from "pg";
import { type Measurement, run, runShell, sh } from "./measure";
import { baseEnv, type BenchEnv, BUCKET, CLI, type StepRunner } from "./steps";

export const SDK_DOWNLOAD = path.join(__dirname, "sdk-download.js");

type Format = "gzip" | "zstd";
const DECOMPRESS: Record<Format, string> = { gzip: "gzip -dc", zstd: "zstd -dc" };

function keyOf(env: BenchEnv, format: Format): string {
    const key = env.newestDump[format];
    if (key === undefined) {
        const step = format === "gzip" ? "d" : "dz";
        throw new Error(`the restore steps need a ${format} dump: keep step \`${step}\` in BENCH_STEPS`);
    }
    return key;
}

async function dropDatabase(env: BenchEnv, name: string): Promise<void> {
    const client = new Client({
        host: env.pg.host,
        port: env.pg.port,
        user: env.pg.user,
        database: "postgres",
    });
    await client.connect();
    try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
        await client.end();
    }
}

async function runnerRestore(env: BenchEnv, format: Format, rep: number): Promise<Measurement> {
    const target = `bench_restore_${format}_${rep}`;
    try {
        return await run(
            process.execPath,
            [
                CLI,
                "restore",
                "--log-format",
                "json",
                "--dbname",
                "bench_full",
                "--target-db",
                target,
                "--key",
                keyOf(env, format),
            ],
            {
                ...baseEnv(env, "postgres"),
                BACKUP_BUCKET: BUCKET,
                PSQL_PATH: path.join(env.pg.bindir, "psql"),
            },
        );
    } finally {
        await dropDatabase(env, target);
    }
}

async function shellRestore(env: BenchEnv, format: Format, rep: number): Promise<Measurement> {
    const target = `bench_baseline_${format}_${rep}`;
    const bin = (name: string) => sh(path.join(env.pg.bindir, name));
    const download = `node ${sh(SDK_DOWNLOAD)} --bucket ${BUCKET} --key ${sh(keyOf(env, format))}`;
    const psql = `${bin("psql")} -X -q -v ON_ERROR_STOP=1 --single-transaction -o /dev/null -d ${target}`;
    try {
        return await runShell(
            `${bin("createdb")} ${target} && ${download} | ${DECOMPRESS[format]} | ${psql}`,
            baseEnv(env, "postgres"),
        );
    } finally {
        await dropDatabase(env, target);
    }
}

export function restoreSteps(env: BenchEnv): Record<string, StepRunner> {
    return {
        rg: ["(rg) strongbox restore, gzip", (rep) => runnerRestore(env, "gzip", rep)],
        rgb: ["(rgb) download | gzip -dc | psql", (rep) => shellRestore(env, "gzip", rep)],
        rz: ["(rz) strongbox restore, zstd", (rep) => runnerRestore(env, "zstd", rep)],
        rzb: ["(rzb) download | zstd -dc | psql", (rep) => shellRestore(env, "zstd", rep)],
    };
}
