import { motoS3Client } from "../../devtools";
import { formatBytes } from "../../runner/byte-size";
import type { DumpSummary } from "../../runner/commands";
import { checkZstd } from "../../runner/stream";
import { type BucketPlan, readBucketPlan } from "./bucket-plan";
import { checkAndAttack } from "./checks";
import type { Children } from "./children";
import { createBucketAsPlanned } from "./emulated-bucket";
import type { Progress } from "./progress";
import type { DatabaseResult, DemoReport } from "./report";
import { createSampleDatabase, type SampleDatabase } from "./sample-data";
import { cliEnvironment, startServices } from "./services";
import { StrongboxCli } from "./strongbox-cli";
import type { Teardown } from "./teardown";

/** What `npm run demo -- ...` may change; everything else comes from the stack's configuration. */
export interface DemoOptions {
    /** The backup stack whose bucket is emulated. Default `prod-backup`. */
    readonly stack: string;
    /** pgbench's scale for each database: 100,000 accounts (about 10 MB of SQL) per unit. */
    readonly scale: number;
}

export interface DemoContext {
    readonly progress: Progress;
    readonly children: Children;
    readonly teardown: Teardown;
    /** Aborted on Ctrl-C: a step that waits (moto's start) gives up at once. */
    readonly signal: AbortSignal;
}

function describeBucket(plan: BucketPlan): DemoReport["bucket"] {
    return {
        name: plan.bucketName,
        region: plan.region,
        objectLock: `${plan.objectLock.mode}, ${plan.objectLock.days} days of default retention; versioning ${plan.versioning}`,
        encryption:
            `${plan.encryption.sseAlgorithm}${plan.encryption.bucketKeyEnabled ? " with a bucket key" : ""} ` +
            `(${plan.encryption.keyDescription})`,
        keyPrefix: plan.keyPrefix,
        notEmulated: [],
    };
}

const emptyResult = (database: string, compression: string): DatabaseResult => ({
    database,
    compression,
    key: null,
    versionId: null,
    uncompressedBytes: null,
    compressedBytes: null,
    sha256: null,
    lockMode: null,
    retainUntil: null,
    verify: null,
    verifyProblems: [],
    drill: null,
    restoreSeconds: null,
    tablesCompared: 0,
    drillProblems: [],
});

/** The first database is dumped with gzip (the default), the second with zstd when the machine has it. */
async function compressionFor(index: number, progress: Progress): Promise<"gzip" | "zstd"> {
    if (index === 0) return "gzip";
    try {
        await checkZstd("zstd", "`zstd`");
        return "zstd";
    } catch {
        progress.note(
            "no usable `zstd` here (bash scripts/setup.sh installs it): gzip for this database too",
        );
        return "gzip";
    }
}

async function dumpAll(
    cli: StrongboxCli,
    samples: SampleDatabase[],
    results: DatabaseResult[],
    ctx: DemoContext,
) {
    const { progress } = ctx;
    for (const [i, sample] of samples.entries()) {
        const compression = await compressionFor(i, progress);
        const run = await progress.step(
            `strongbox dump --dbname ${sample.name} --compression ${compression}`,
            () =>
                cli.run<DumpSummary>(
                    ["dump", "--dbname", sample.name, "--compression", compression],
                    (record) => {
                        if (record.event !== "progress") return;
                        const done = Number(record.uncompressedBytes);
                        progress.bar(
                            done / Math.max(done, sample.estimatedDumpBytes),
                            `${formatBytes(done)} of SQL (of about ${formatBytes(sample.estimatedDumpBytes)}), ` +
                                `${formatBytes(Number(record.compressedBytes))} uploaded`,
                        );
                    },
                ),
            (r) => `${r.output.key}, ${formatBytes(r.output.compressedBytes)} stored`,
        );
        const dump = run.output;
        Object.assign(results[i], {
            compression: `${compression} -${dump.level}`,
            key: dump.key,
            versionId: dump.versionId,
            uncompressedBytes: dump.uncompressedBytes,
            compressedBytes: dump.compressedBytes,
            sha256: dump.sha256,
        });
    }
}

/** The whole demo up to the report; the caller stops what `ctx.teardown` holds, whatever happens here. */
export async function runDemo(options: DemoOptions, ctx: DemoContext): Promise<Omit<DemoReport, "stopped">> {
    const { progress, children } = ctx;
    const plan = await progress.step(
        `reading ${options.stack}'s configuration through the offline preview of the real program`,
        () => readBucketPlan(options.stack),
        (p) =>
            `${p.bucketName} (${p.region}), ${p.objectLock.mode} ${p.objectLock.days} days, databases ${p.databases.join(", ")}`,
    );
    const { pg, moto } = await startServices(ctx);
    const s3 = motoS3Client(moto.endpoint, plan.region);
    const bucket = describeBucket(plan);
    try {
        const emulated = await progress.step(
            `creating ${plan.bucketName} in the emulator as ${options.stack} declares it`,
            () => createBucketAsPlanned(s3, moto.endpoint, plan),
            (b) => `SSE-KMS with ${b.kmsKeyArn}`,
        );
        bucket.notEmulated = emulated.notEmulated;
        const samples: SampleDatabase[] = [];
        for (const name of plan.databases) {
            samples.push(
                await progress.step(
                    `creating database ${name}: pgbench at scale ${options.scale}, unicode, bytea, numeric, a second schema, a large object`,
                    () => createSampleDatabase(pg, children, name, options.scale),
                    (s) => `about ${formatBytes(s.estimatedDumpBytes)} of table data`,
                ),
            );
        }
        const results = samples.map((s) => emptyResult(s.name, "-"));
        const cli = new StrongboxCli(children, cliEnvironment(plan, moto, pg, emulated.kmsKeyArn));
        await dumpAll(cli, samples, results, ctx);
        return await checkAndAttack(
            cli,
            { plan, s3, kmsKeyArn: emulated.kmsKeyArn, results, bucket },
            ctx.progress,
        );
    } finally {
        s3.destroy();
    }
}
