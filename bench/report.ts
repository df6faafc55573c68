import type { Measurement } from "./measure";

/** Peak RSS targets: bounded, and not growing with the database. */
const RSS_LIMIT_BYTES = 200e6;
const RSS_SPREAD_LIMIT = 0.2;

export interface Step {
    id: string;
    label: string;
    runs: Measurement[];
}

export const best = (step: Step | undefined) => (step ? Math.min(...step.runs.map((r) => r.seconds)) : NaN);
const maxRss = (step: Step | undefined) =>
    step ? Math.max(...step.runs.map((r) => r.maxRssBytes ?? NaN)) : NaN;
export const mb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1e6).toFixed(1)} MB` : "n/a");

export interface Verdict {
    name: string;
    value: string;
    target: string;
    pass: boolean | null;
}

export function verdicts(steps: Map<string, Step>): Verdict[] {
    const d = best(steps.get("d"));
    const ratio = (name: string, other: string, limit: number): Verdict => {
        const value = d / best(steps.get(other));
        const known = Number.isFinite(value);
        return {
            name,
            value: known ? value.toFixed(2) : "n/a",
            target: `<= ${limit.toFixed(2)}`,
            pass: known ? value <= limit : null,
        };
    };
    const rssFull = maxRss(steps.get("d"));
    const rssQuarter = maxRss(steps.get("d4"));
    const spread = Math.max(rssFull, rssQuarter) / Math.min(rssFull, rssQuarter) - 1;
    const rss = (name: string, bytes: number): Verdict => ({
        name,
        value: Number.isFinite(bytes) ? mb(bytes) : "n/a",
        target: `<= ${mb(RSS_LIMIT_BYTES)}`,
        pass: Number.isFinite(bytes) ? bytes <= RSS_LIMIT_BYTES : null,
    });
    return [
        ratio("(d)/(b) runner vs streaming one-liner", "b", 1.0),
        ratio("(d)/(c) runner vs staged file", "c", 0.7),
        ratio("(d)/(a) runner vs pg_dump | gzip", "a", 1.15),
        rss("peak RSS, full size", rssFull),
        rss("peak RSS, 1/4 size", rssQuarter),
        {
            name: "peak RSS spread between sizes",
            value: Number.isFinite(spread) ? `${(spread * 100).toFixed(1)}%` : "n/a",
            target: `<= ${RSS_SPREAD_LIMIT * 100}%`,
            pass: Number.isFinite(spread) ? spread <= RSS_SPREAD_LIMIT : null,
        },
    ];
}

/** verify: at least this share of a plain download's throughput, within this peak RSS, on >= 1 GB. */
const VERIFY_THROUGHPUT_TARGET = 0.85;
const VERIFY_RSS_LIMIT_BYTES = 150e6;
const VERIFY_MIN_OBJECT_BYTES = 1e9;

/**
 * Verify's verdicts: its throughput as a share of the plain download's, in the same run on the same
 * object ((dl) seconds / (v) seconds: 1.0 means verify costs nothing over fetching the bytes), and its
 * highest peak RSS, which counts only on an object of at least a gigabyte.
 */
export function verifyVerdicts(steps: Map<string, Step>, objectBytes: number | undefined): Verdict[] {
    const ratio = best(steps.get("dl")) / best(steps.get("v"));
    const rss = maxRss(steps.get("v"));
    const bigEnough = objectBytes !== undefined && objectBytes >= VERIFY_MIN_OBJECT_BYTES;
    return [
        {
            name: "verify throughput / plain download",
            value: Number.isFinite(ratio) ? ratio.toFixed(2) : "n/a",
            target: `>= ${VERIFY_THROUGHPUT_TARGET.toFixed(2)}`,
            pass: Number.isFinite(ratio) ? ratio >= VERIFY_THROUGHPUT_TARGET : null,
        },
        {
            name: `verify peak RSS, ${mb(objectBytes ?? NaN)} object`,
            value: Number.isFinite(rss) ? mb(rss) : "n/a",
            target: `<= ${mb(VERIFY_RSS_LIMIT_BYTES)} on >= 1 GB`,
            pass: Number.isFinite(rss) && bigEnough ? rss <= VERIFY_RSS_LIMIT_BYTES : null,
        },
    ];
}

/**
 * The limits a zstd dump is held to: the producer's (`ref`, pg_dump alone), the consumer's (`u`, the
 * finished object uploaded alone) and zstd's own (`z`). Issue 11 targets a zstd dump at
 * <= 1.25 x max(producer, consumer): a pipeline that loses almost nothing to its stages.
 * PART 2: add the verdict `(dz) / max(ref, u) <= 1.25` to `verdicts` with the zstd dump's step, plus
 * the zstd dump's size against gzip -6's and the restore ratios.
 */
export function zstdLimits(steps: Map<string, Step>): string {
    const [producer, zstd, consumer] = [best(steps.get("ref")), best(steps.get("z")), best(steps.get("u"))];
    const s = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)} s` : "n/a");
    const bound = 1.25 * Math.max(producer, consumer);
    return (
        `limits: producer (ref) ${s(producer)}, zstd alone (z) ${s(zstd)}, consumer (u) ${s(consumer)}; ` +
        `a zstd dump's target: <= 1.25 x max(producer, consumer) = ${s(bound)}`
    );
}

export function table(steps: Map<string, Step>, verdictRows: Verdict[]): string {
    const out: string[] = [];
    const a = best(steps.get("a"));
    out.push(
        `${"step".padEnd(44)}${"best s".padStart(8)}  ${"runs s".padEnd(22)}${"cpu s".padStart(6)}` +
            `${"vs (a)".padStart(8)}${"peak RSS".padStart(11)}  load`,
    );
    for (const step of steps.values()) {
        const b = best(step);
        const bestRun = step.runs.find((r) => r.seconds === b) as Measurement;
        out.push(
            step.label.padEnd(44) +
                b.toFixed(2).padStart(8) +
                `  ${step.runs
                    .map((r) => r.seconds.toFixed(2))
                    .join(" / ")
                    .padEnd(22)}` +
                (bestRun.cpuSeconds === null ? "n/a" : bestRun.cpuSeconds.toFixed(1)).padStart(6) +
                (Number.isFinite(b / a) ? (b / a).toFixed(2) : "").padStart(8) +
                (bestRun.maxRssBytes === null ? "" : mb(bestRun.maxRssBytes)).padStart(11) +
                `  ${step.runs.map((r) => r.loadBefore.toFixed(1)).join("/")}`,
        );
    }
    out.push("", zstdLimits(steps), "");
    for (const v of verdictRows) {
        const mark = v.pass === null ? "n/a " : v.pass ? "PASS" : "FAIL";
        out.push(`${mark}  ${v.name.padEnd(40)}${v.value.padStart(10)}   target ${v.target}`);
    }
    return out.join("\n");
}
