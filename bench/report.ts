import type { Measurement } from "./measure";

export interface Step {
    id: string;
    label: string;
    runs: Measurement[];
}

export const best = (step: Step | undefined) => (step ? Math.min(...step.runs.map((r) => r.seconds)) : NaN);
export const maxRss = (step: Step | undefined) =>
    step ? Math.max(...step.runs.map((r) => r.maxRssBytes ?? NaN)) : NaN;
export const mb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1e6).toFixed(1)} MB` : "n/a");

export interface Verdict {
    name: string;
    value: string;
    target: string;
    pass: boolean | null;
}

/**
 * The limits a zstd dump is held to: the producer's (`ref`, pg_dump alone), the consumer's (`u`, the
 * finished object uploaded alone) and zstd's own (`z`). A zstd dump targets
 * <= 1.25 x max(producer, consumer): a pipeline that loses almost nothing to its stages (verdicts.ts).
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

/** How much faster the zstd restore is than the gzip one, runner against runner (no target: a report). */
export function restoreGain(steps: Map<string, Step>): string {
    const [gzip, zstd] = [best(steps.get("rg")), best(steps.get("rz"))];
    if (!Number.isFinite(gzip) || !Number.isFinite(zstd)) return "zstd restore vs gzip restore: n/a";
    return (
        `zstd restore vs gzip restore: ${zstd.toFixed(2)} s vs ${gzip.toFixed(2)} s, ` +
        `${(gzip / zstd).toFixed(2)}x as fast (${(100 * (1 - zstd / gzip)).toFixed(0)}% less time)`
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
    out.push("", zstdLimits(steps), restoreGain(steps), "");
    for (const v of verdictRows) {
        const mark = v.pass === null ? "n/a " : v.pass ? "PASS" : "FAIL";
        out.push(`${mark}  ${v.name.padEnd(40)}${v.value.padStart(10)}   target ${v.target}`);
    }
    return out.join("\n");
}
