import { formatBytes } from "../../runner/byte-size";
import type { DeleteAttempt } from "./protections";

/** One database's way through the demo: its dump, verify's verdict and the drill's restore. */
export interface DatabaseResult {
    database: string;
    /** `gzip -6`, `zstd -3`: as the dump's summary says. */
    compression: string;
    key: string | null;
    versionId: string | null;
    uncompressedBytes: number | null;
    compressedBytes: number | null;
    sha256: string | null;
    lockMode: string | null;
    retainUntil: string | null;
    verify: "ok" | "failed" | null;
    verifyProblems: string[];
    drill: "ok" | "failed" | null;
    /** The drill's measured restore time (the RTO) into a throwaway PostgreSQL. */
    restoreSeconds: number | null;
    tablesCompared: number;
    drillProblems: string[];
}

export interface ForgeryResult {
    database: string;
    key: string;
    /** verify exited 1 and named the forged key. */
    reportedByVerify: boolean;
    problems: string[];
}

export interface DemoReport {
    status: "ok" | "failed";
    stack: string;
    bucket: {
        name: string;
        region: string;
        objectLock: string;
        encryption: string;
        keyPrefix: string;
        notEmulated: string[];
    };
    databases: DatabaseResult[];
    deleteAttempt: DeleteAttempt | null;
    forgery: ForgeryResult | null;
    /** Receipts of the checks, as `strongbox report` lists them (COMPLIANCE-locked JSON under strongbox-receipts/). */
    receipts: number;
    /** What the demo started and stopped again. */
    stopped: string[];
    seconds: number;
    /** Why the status is `failed`; empty when every protection was shown working. */
    problems: string[];
}

/** What the demo must have shown; each missing piece is a problem, and the demo exits 1. */
export function problemsOf(report: Omit<DemoReport, "status" | "problems">): string[] {
    const problems: string[] = [];
    for (const d of report.databases) {
        if (d.key === null) problems.push(`${d.database}: no dump was stored`);
        if (d.lockMode !== "COMPLIANCE") problems.push(`${d.database}: the dump is not COMPLIANCE-locked`);
        if (d.verify !== "ok")
            problems.push(`${d.database}: verify did not pass: ${d.verifyProblems.join("; ")}`);
        if (d.drill !== "ok")
            problems.push(`${d.database}: the drill did not pass: ${d.drillProblems.join("; ")}`);
    }
    if (!report.deleteAttempt?.refused || !report.deleteAttempt.stillThere) {
        problems.push("deleting a dump version was not refused, or the version is gone");
    }
    if (!report.forgery?.reportedByVerify) problems.push("verify did not report the forged dump");
    return problems;
}

const bytes = (n: number | null) => (n === null ? "-" : formatBytes(n));

/** The report for people: a block per database, then the protections, then what was stopped. */
export function formatReport(report: DemoReport): string {
    const { bucket } = report;
    const lines = [
        "",
        `Strongbox demo: the ${report.stack} bucket, emulated by moto_server`,
        `  bucket      ${bucket.name} (${bucket.region}), key prefix ${bucket.keyPrefix}`,
        `  lock        ${bucket.objectLock}`,
        `  encryption  ${bucket.encryption}`,
        ...bucket.notEmulated.map((n) => `  left out    ${n}`),
    ];
    for (const d of report.databases) {
        lines.push(
            "",
            `${d.database} (${d.compression})`,
            `  key         ${d.key ?? "-"}`,
            `  size        ${bytes(d.uncompressedBytes)} of SQL, ${bytes(d.compressedBytes)} stored`,
            `  sha256      ${d.sha256 ?? "-"}`,
            `  lock        ${d.lockMode ?? "NONE"} until ${d.retainUntil ?? "-"}`,
            `  verify      ${d.verify ?? "not run"}${d.verifyProblems.length > 0 ? `: ${d.verifyProblems.join("; ")}` : ""}`,
            `  drill       ${d.drill ?? "not run"}` +
                (d.restoreSeconds === null
                    ? ""
                    : `: restored in ${d.restoreSeconds.toFixed(1)} s into a throwaway PostgreSQL, ` +
                      `${d.tablesCompared} tables' row counts compared`) +
                (d.drillProblems.length > 0 ? `; ${d.drillProblems.join("; ")}` : ""),
        );
    }
    const attempt = report.deleteAttempt;
    const forgery = report.forgery;
    lines.push("", "protections");
    if (attempt) {
        lines.push(
            `  delete      ${attempt.refused ? "REFUSED" : "NOT REFUSED"}: DeleteObject of ${attempt.key} version ` +
                `${attempt.versionId} (${attempt.answer}); the version is ${attempt.stillThere ? "still there" : "GONE"}`,
        );
    }
    if (forgery) {
        lines.push(
            `  forgery     ${forgery.reportedByVerify ? "REPORTED" : "NOT REPORTED"} by verify: a compromised writer ` +
                `planted ${forgery.key}`,
            ...forgery.problems.map((p) => `              ${p}`),
        );
    }
    lines.push(
        `  receipts    ${report.receipts} COMPLIANCE-locked receipts of the checks (strongbox report)`,
    );
    lines.push("", `stopped: ${report.stopped.join("; ") || "nothing was running"}`);
    lines.push(
        report.status === "ok"
            ? `\nall shown in ${report.seconds.toFixed(0)} s: dumps stored and locked, verify passed, the drills ` +
                  "restored, the deletion was refused, the forgery was reported"
            : `\nFAILED after ${report.seconds.toFixed(0)} s:\n${report.problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    return lines.join("\n");
}
