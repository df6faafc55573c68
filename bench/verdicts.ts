/**
 * The targets, each a verdict of one run (issue 11). Time ratios use each step's best run; peak RSS the
 * highest of all runs of a size (the table shows the best run's).
 *
 *   gzip   (d)/(b) <= 1.0, (d)/(c) <= 0.7, (d)/(a) <= 0.75 (parallel gzip keeps its lead over gzip -6)
 *   zstd   (dz) <= 1.25 x max(ref, u); its size <= gzip -6's
 *   both   peak RSS <= 200 MB at full and 1/4 size, within 20% of each other
 *   restore (rg)/(rgb) <= 1.05 and (rz)/(rzb) <= 1.05: the checks and the commit gate cost nothing visible
 */
import { best, maxRss, mb, type Step, type Verdict } from "./report";

/** Peak RSS targets: bounded, and not growing with the database. */
const RSS_LIMIT_BYTES = 200e6;
const RSS_SPREAD_LIMIT = 0.2;

function ratio(name: string, value: number, limit: number): Verdict {
    const known = Number.isFinite(value);
    return {
        name,
        value: known ? value.toFixed(2) : "n/a",
        target: `<= ${limit.toFixed(2)}`,
        pass: known ? value <= limit : null,
    };
}

function rssVerdicts(label: string, full: Step | undefined, quarter: Step | undefined): Verdict[] {
    const [rssFull, rssQuarter] = [maxRss(full), maxRss(quarter)];
    const spread = Math.max(rssFull, rssQuarter) / Math.min(rssFull, rssQuarter) - 1;
    const rss = (name: string, bytes: number): Verdict => ({
        name,
        value: Number.isFinite(bytes) ? mb(bytes) : "n/a",
        target: `<= ${mb(RSS_LIMIT_BYTES)}`,
        pass: Number.isFinite(bytes) ? bytes <= RSS_LIMIT_BYTES : null,
    });
    return [
        rss(`${label} peak RSS, full size`, rssFull),
        rss(`${label} peak RSS, 1/4 size`, rssQuarter),
        {
            name: `${label} peak RSS spread between sizes`,
            value: Number.isFinite(spread) ? `${(spread * 100).toFixed(1)}%` : "n/a",
            target: `<= ${RSS_SPREAD_LIMIT * 100}%`,
            pass: Number.isFinite(spread) ? spread <= RSS_SPREAD_LIMIT : null,
        },
    ];
}

/** `sizes`: the runner's zstd dump and gzip -6 of the same dump, in bytes (NaN when a step did not run). */
export function verdicts(steps: Map<string, Step>, sizes: { zstd: number; gzip6: number }): Verdict[] {
    const t = (id: string) => best(steps.get(id));
    const sizeRatio = sizes.zstd / sizes.gzip6;
    return [
        ratio("(d)/(b) gzip runner vs streaming one-liner", t("d") / t("b"), 1.0),
        ratio("(d)/(c) gzip runner vs staged file", t("d") / t("c"), 0.7),
        ratio("(d)/(a) gzip runner vs pg_dump | gzip", t("d") / t("a"), 0.75),
        ...rssVerdicts("gzip", steps.get("d"), steps.get("d4")),
        ratio("(dz)/max(ref, u) zstd runner vs limits", t("dz") / Math.max(t("ref"), t("u")), 1.25),
        {
            name: "zstd dump size vs gzip -6",
            value: Number.isFinite(sizeRatio) ? `${sizeRatio.toFixed(3)}` : "n/a",
            target: "<= 1.000",
            pass: Number.isFinite(sizeRatio) ? sizeRatio <= 1 : null,
        },
        ...rssVerdicts("zstd", steps.get("dz"), steps.get("dz4")),
        ratio("(rg)/(rgb) gzip restore vs zcat | psql", t("rg") / t("rgb"), 1.05),
        ratio("(rz)/(rzb) zstd restore vs zstdcat | psql", t("rz") / t("rzb"), 1.05),
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
