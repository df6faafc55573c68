/**
 * `npm run bench`: is `strongbox dump` as fast as the pipelines people would write instead, with memory
 * that does not grow with the database, and is `strongbox restore` as fast as `download | zcat | psql`?
 *
 * One run starts a throwaway PostgreSQL 15 cluster and moto_server (devtools/), builds two
 * databases (full size and a quarter of it), then times, in the same run and interleaved per repeat:
 *   ref  pg_dump > /dev/null                                  the producer's limit: reading the data
 *   (a)  pg_dump | gzip -6 > /dev/null                        single-threaded compression, no upload
 *   (e)  pg_dump | node gzip-filter.js > /dev/null            parallel-gzip alone (no upload)
 *   (b)  pg_dump | gzip -6 | lib-storage Upload(stdin)        the streaming one-liner
 *   (c)  pg_dump > f; gzip -6 -k f; Upload(file)              the usual staged script: dump to disk, compress,
 *                                                             then upload the file
 *   (d)  node dist/bundle/strongbox.js dump                   the runner as it ships, everything included:
 *                                                             snapshot, row counts, per-part SHA-256,
 *                                                             manifest, lock read-back (and d4 at 1/4 size)
 *   (z)  pg_dump | zstd -T0 -3 > /dev/null                    zstd alone, every core it counts, no upload
 *   (u)  Upload(file) of the finished pg_dump | zstd object   the consumer's limit: how fast this endpoint
 *                                                             (moto, on the same cores) takes the bytes a
 *                                                             zstd dump uploads; the object is made once,
 *                                                             untimed, before the runs
 *   (dz) strongbox dump --compression zstd                    (and dz4 at 1/4 size)
 *   (rg) strongbox restore of the newest (d) dump   vs (rgb) download | gzip -dc | psql of the same object
 *   (rz) strongbox restore of the newest (dz) dump  vs (rzb) download | zstd -dc | psql of the same object
 * The targets are in verdicts.ts; the table ends with the limits, the zstd restore's gain and the verdicts.
 *
 * Choices, so the comparison is fair:
 * - gzip level 6 everywhere: the runner's default (passed explicitly as BACKUP_COMPRESSION_LEVEL) and
 *   gzip's; zstd level 3 everywhere: the runner's default and zstd's.
 * - Data that compresses like real tables (~2.6:1), not pgbench's filler (35:1, which hides compression);
 *   see dataset.ts. Logged tables loaded without WAL (wal_level = minimal), frozen before any dump.
 * - Every step is best of BENCH_REPEATS (default 2), interleaved, so that a burst of load from other
 *   processes hits one run of one step rather than a whole step. The 1-minute load average before each
 *   run and CPU seconds (less sensitive to load than wall time) are recorded with it.
 * - (b), (c) and (u) upload with lib-storage defaults (5 MiB parts, 4 in flight) to the same moto endpoint
 *   and bucket, requesting the same SSE-KMS key as the runner. moto runs on the same 2 cores and its CPU is
 *   paid by (b), (c), (u), (d) and (dz) alike but not by (a) or (z).
 * - The restores go into new databases of the same cluster with the same psql settings (one transaction,
 *   ON_ERROR_STOP), and each restored database is dropped after its run, untimed.
 * - The runner runs with the default libuv threadpool (4 threads, UV_THREADPOOL_SIZE unset), as in
 *   CodeBuild.
 *
 * And verify (verify-steps.ts): (v) `strongbox verify` of a 1.1 GB object against (dl) a plain SDK
 * download of it in the same run; targets: (dl)/(v) >= 0.85, verify's peak RSS <= 150 MB on >= 1 GB.
 *
 * moto runs through bench/moto-listing.py, which gives its ListObjectVersions AWS's cost (moto's copies
 * every object's bytes in the bucket); BENCH_PYTHON names the Python that has moto (default python3).
 *
 * Knobs: BENCH_SCALE (1 = ~1.1 GB dump; 0.1 for a quick run), BENCH_REPEATS, BENCH_STEPS (comma list of
 * ref,a,e,b,c,d,d4,z,u,dz,dz4,rg,rgb,rz,rzb,v,dl to run a subset; a restore needs its dump step; the
 * databases are built only when a step dumps), BENCH_SWEEP (e.g. "1048576:2,4194304:3": extra (e) rows
 * with chunkBytes:concurrency, to tune parallel-gzip), BENCH_STRICT=1 (exit 1 when a target fails).
 * Results: a table on stdout and bench-results/bench-<time>.json.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    createLockedBucket,
    createMotoKmsKey,
    motoS3Client,
    startMotoServer,
    startPostgresCluster,
} from "../devtools";
import { MIN_RETENTION_DAYS } from "../shared/limits";
import { createDataset, DUMP_BYTES_PER_ROW } from "./dataset";
import { best, mb, type Step, table } from "./report";
import { restoreSteps, SDK_DOWNLOAD } from "./restore-steps";
import {
    BUCKET,
    type BenchEnv,
    CLI,
    GZIP_FILTER,
    LEVEL,
    REPO_ROOT,
    runnerSummary,
    prepareZstdObject,
    SDK_UPLOAD,
    stepRunners,
    ZSTD_ARGS,
} from "./steps";
import { verdicts, verifyVerdicts } from "./verdicts";
import { prepareVerifyObject, VERIFY_OBJECT_BYTES, VERIFY_STEP_IDS, verifyStepRunners } from "./verify-steps";

const FULL_DUMP_BYTES = 1.1e9;

function envNumber(name: string, fallback: number): number {
    const text = process.env[name];
    if (text === undefined || text === "") return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0)
        throw new Error(`\`${name}\` must be a positive number (got ${text})`);
    return value;
}

async function main(): Promise<number> {
    const scale = envNumber("BENCH_SCALE", 1);
    const repeats = Math.round(envNumber("BENCH_REPEATS", 2));
    const sweep = (process.env.BENCH_SWEEP ?? "")
        .split(",")
        .filter((s) => s.trim() !== "")
        .map((s) => s.split(":").map(Number) as [number, number]);
    const stepIds = (process.env.BENCH_STEPS ?? "ref,a,e,b,c,d,d4,z,u,dz,dz4,rg,rgb,rz,rzb,v,dl")
        .split(",")
        .map((s) => s.trim());
    for (const file of [CLI, SDK_UPLOAD, SDK_DOWNLOAD, GZIP_FILTER]) {
        if (!fs.existsSync(file))
            throw new Error(`${file} is missing: run \`npm run bench\`, which builds both`);
    }
    const rows = Math.round((scale * FULL_DUMP_BYTES) / DUMP_BYTES_PER_ROW);
    const startedAt = new Date();
    const log = (message: string) =>
        process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
    const load = () =>
        os
            .loadavg()
            .map((l) => l.toFixed(2))
            .join(" ");
    log(`scale ${scale}: ${rows} rows (~${mb(rows * DUMP_BYTES_PER_ROW)} of dump) and a quarter of that`);
    log(`${repeats} repeats; machine: ${os.availableParallelism()} CPUs, load ${load()}`);

    const cleanup: (() => Promise<void>)[] = [];
    const stopAll = async () => {
        for (const stop of cleanup.splice(0).reverse())
            await stop().catch((e: Error) => log(`cleanup: ${e.message}`));
    };
    // Ctrl-C must not leave a postgres or moto_server behind.
    const onSignal = (signal: NodeJS.Signals) => {
        log(`${signal}: stopping services`);
        void stopAll().then(() => process.exit(130));
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
        const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "strongbox-bench-"));
        cleanup.push(async () => fs.rmSync(workDir, { recursive: true, force: true }));
        const pg = await startPostgresCluster({
            settings: {
                wal_level: "minimal",
                max_wal_senders: 0,
                shared_buffers: "256MB",
                max_wal_size: "4GB",
            },
        });
        cleanup.push(() => pg.stop());
        // ListObjectVersions at AWS's cost (moto-listing.py says why): verify lists once per database.
        const moto = await startMotoServer({
            command: process.env.BENCH_PYTHON ?? "python3",
            leadingArgs: [path.join(REPO_ROOT, "bench", "moto-listing.py")],
        });
        cleanup.push(() => moto.stop());
        log(`postgres on ${pg.port}, moto on ${moto.endpoint}`);

        const kmsKeyArn = (await createMotoKmsKey(moto.endpoint, moto.env.AWS_REGION, "strongbox bench CMK"))
            .arn;
        const s3 = motoS3Client(moto.endpoint, moto.env.AWS_REGION);
        await createLockedBucket(s3, BUCKET, MIN_RETENTION_DAYS).finally(() => s3.destroy());
        const loadStarted = Date.now();
        if (stepIds.some((id) => !VERIFY_STEP_IDS.includes(id))) {
            await createDataset(pg, "bench_full", rows);
            await createDataset(pg, "bench_quarter", Math.round(rows / 4));
        }
        const loadSeconds = (Date.now() - loadStarted) / 1000;
        log(`datasets built in ${loadSeconds.toFixed(1)} s`);

        const env: BenchEnv = { pg, moto, kmsKeyArn, workDir, newestDump: {} };
        let zstdBytes = NaN;
        if (stepIds.includes("u")) {
            const prepared = await prepareZstdObject(env);
            env.zstdObject = prepared.file;
            zstdBytes = prepared.bytes;
            log(`zstd object for (u): ${mb(zstdBytes)}`);
        }
        const verifyObject = stepIds.some((id) => VERIFY_STEP_IDS.includes(id))
            ? await prepareVerifyObject(env, Math.round(scale * VERIFY_OBJECT_BYTES))
            : undefined;
        if (verifyObject) log(`object for (v) and (dl): ${mb(verifyObject.bytes)}`);
        const runners = {
            ...stepRunners(env, sweep),
            ...restoreSteps(env),
            ...verifyStepRunners(env, verifyObject),
        };
        const ids = [...stepIds, ...Object.keys(runners).filter((id) => id.startsWith("e-"))];
        const steps = new Map<string, Step>();
        for (let rep = 1; rep <= repeats; rep++) {
            for (const id of ids) {
                const runner = runners[id];
                if (!runner)
                    throw new Error(`unknown step \`${id}\` in BENCH_STEPS (known: ${Object.keys(runners)})`);
                const [label, fn] = runner;
                const m = await fn(rep);
                log(`${label}: ${m.seconds.toFixed(2)} s (run ${rep}, load ${m.loadBefore.toFixed(2)})`);
                const step = steps.get(id) ?? { id, label, runs: [] };
                step.runs.push(m);
                steps.set(id, step);
            }
        }

        const cRun = steps.get("c")?.runs[0];
        const [dumpBytes, gzipBytes] = cRun ? cRun.stdout.trim().split(/\s+/).map(Number) : [NaN, NaN];
        const dRun = steps.get("d")?.runs[0];
        const runner = dRun ? runnerSummary(dRun) : undefined;
        const dzRun = steps.get("dz")?.runs[0];
        const zstdRunner = dzRun ? runnerSummary(dzRun) : undefined;
        const dataset = {
            rows,
            loadSeconds,
            dumpBytes: runner?.uncompressedBytes ?? dumpBytes,
            systemGzipBytes: gzipBytes,
            systemGzipRatio: dumpBytes / gzipBytes,
            systemZstdBytes: zstdBytes,
            systemZstdRatio: dumpBytes / zstdBytes,
            runnerCompressedBytes: runner?.compressedBytes,
            runnerRatio: runner ? runner.uncompressedBytes / runner.compressedBytes : undefined,
            runnerParts: runner?.parts,
            runnerZstdBytes: zstdRunner?.compressedBytes,
            runnerZstdRatio: zstdRunner
                ? zstdRunner.uncompressedBytes / zstdRunner.compressedBytes
                : undefined,
            runnerZstdParts: zstdRunner?.parts,
        };
        const sizeOf = (r: typeof runner, ratio: number | undefined) =>
            r ? `${mb(r.compressedBytes)} (${ratio?.toFixed(2)}:1), ${r.parts} parts` : "n/a";
        const runnerSize = `gzip ${sizeOf(runner, dataset.runnerRatio)}, zstd ${sizeOf(zstdRunner, dataset.runnerZstdRatio)}`;
        const verdictRows = [
            ...verdicts(steps, { zstd: zstdRunner?.compressedBytes ?? NaN, gzip6: gzipBytes }),
            ...verifyVerdicts(steps, verifyObject?.bytes),
        ];
        const report = table(steps, verdictRows);
        process.stdout.write(
            `\nStrongbox dump benchmark, ${startedAt.toISOString()}, ${os.availableParallelism()} CPUs, ` +
                `load at end ${load()}\n` +
                `dump ${mb(dataset.dumpBytes)}; gzip -${LEVEL} ${mb(gzipBytes)} ` +
                `(${dataset.systemGzipRatio.toFixed(2)}:1); zstd ${ZSTD_ARGS} ${mb(zstdBytes)} ` +
                `(${dataset.systemZstdRatio.toFixed(2)}:1); ` +
                `runner ${runnerSize}\n\n` +
                `${report}\n`,
        );
        const failed = verdictRows.filter((v) => v.pass === false).length;
        const evaluated = verdictRows.filter((v) => v.pass !== null).length;
        const resultsDir = path.join(REPO_ROOT, "bench-results");
        fs.mkdirSync(resultsDir, { recursive: true });
        const resultFile = path.join(
            resultsDir,
            `bench-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`,
        );
        const json = {
            startedAt: startedAt.toISOString(),
            finishedAt: new Date().toISOString(),
            machine: { cpus: os.availableParallelism(), node: process.version, loadAtEnd: os.loadavg() },
            config: {
                scale,
                repeats,
                level: LEVEL,
                uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE ?? "4 (default)",
            },
            dataset: { ...dataset, verifyObjectBytes: verifyObject?.bytes },
            steps: [...steps.values()].map((s) => ({
                id: s.id,
                label: s.label,
                bestSeconds: best(s),
                runs: s.runs.map(({ stdout: _o, stderr: _e, ...rest }) => rest),
            })),
            verdicts: verdictRows,
            allPass: failed === 0 && evaluated === verdictRows.length,
        };
        fs.writeFileSync(resultFile, `${JSON.stringify(json, null, 2)}\n`);
        const outcome =
            failed > 0
                ? `${failed} of ${evaluated} target(s) FAIL`
                : `${evaluated} of ${verdictRows.length} targets evaluated, all PASS`;
        // Fixed costs (process start, S3 round trips) dominate a small dump, so only a full run is a verdict.
        const caveat = scale < 1 ? " (BENCH_SCALE < 1: the targets are defined for the full-size run)" : "";
        process.stdout.write(`\n${outcome}${caveat}; wrote ${resultFile}\n`);
        return failed > 0 && process.env.BENCH_STRICT === "1" ? 1 : 0;
    } finally {
        await stopAll();
    }
}

main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
        process.exit(1);
    },
);
