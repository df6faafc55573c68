import { Option } from "commander";
import { RECEIPT_KINDS } from "../../shared/audit";
import { parseReportConfig, REPORT_SETTINGS, type ReportConfig } from "../config";
import type { Logger } from "../log";
import { createS3Client } from "../s3";
import { type ListedReceipt, listReceipts } from "../s3/receipt-catalog";
import { defineCommand } from "./spec";

/**
 * Shows the receipts: the COMPLIANCE-locked evidence of every verify, drill and canary the auditor ran.
 * A command of its own rather than `list --receipts`: `list` shows one database's dumps and requires it,
 * while receipts are read across databases, kinds and time (and include the estate's and the canary's,
 * which belong to no database), and `list`'s JSON shape stays what scripts already parse.
 */
export async function runReport(config: ReportConfig, log?: Logger): Promise<ListedReceipt[]> {
    const s3 = createS3Client();
    try {
        const receipts = await listReceipts(s3, config.bucket, config, RECEIPT_KINDS);
        const suspect = receipts.filter((r) => r.state === "suspect");
        if (suspect.length > 0) {
            log?.warn(
                "suspect-receipts",
                `${suspect.length} of the listed receipts are suspect: ` +
                    suspect.flatMap((r) => r.suspicions).join("; "),
                { keys: suspect.map((r) => r.receiptKey) },
            );
        }
        return receipts;
    } finally {
        s3.destroy();
    }
}

const basename = (key: string | null) => (key === null ? "-" : key.slice(key.lastIndexOf("/") + 1));

/** A fixed-width table for people at a terminal, with each receipt's problems and suspicions below it. */
export function formatReportTable(receipts: readonly ListedReceipt[]): string {
    if (receipts.length === 0) return "no receipts found";
    const rows = receipts.map((r) => [
        r.storedAt,
        r.kind,
        r.database,
        r.state === "suspect" ? `SUSPECT ${r.verdict ?? "?"}` : (r.verdict ?? "?"),
        r.restoreSeconds === null ? "" : `${r.restoreSeconds.toFixed(1)} s`,
        r.lockMode === null ? "UNLOCKED" : (r.retainUntil ?? "-"),
        basename(r.checkedKey),
    ]);
    const header = ["stored at (S3)", "kind", "database", "verdict", "restore", "locked until", "checked"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]) =>
        cells
            .map((cell, i) => cell.padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    const lines = [line(header)];
    receipts.forEach((receipt, i) => {
        lines.push(line(rows[i]));
        for (const problem of receipt.problems) lines.push(`    - ${problem}`);
        for (const suspicion of receipt.suspicions) lines.push(`    ! ${suspicion}`);
    });
    const total = receipts.length === 1 ? "1 receipt" : `${receipts.length} receipts`;
    return `${lines.join("\n")}\n${total}, newest first by S3's clock`;
}

export const reportCommand = defineCommand({
    name: "report",
    description:
        "Show the receipts of verify, drill and the canary (COMPLIANCE-locked evidence of every check), " +
        "newest first by S3's clock, with their verdicts; a table on a terminal, JSON for scripts (--json).",
    settings: REPORT_SETTINGS,
    switches: () => [
        new Option(
            "--dbname <name>",
            "only this database's receipts (the estate's: (estate); the canary's: (canary))",
        ),
        new Option("--kind <kind>", "only receipts of this kind").choices(RECEIPT_KINDS),
        new Option("--since <when>", "stored at or after: 2026-11-01, 2026-11-01T06:00:00Z, or 7d / 12h ago"),
        new Option("--until <when>", "stored at or before (same forms as --since)"),
        new Option("--json", "print JSON even on a terminal"),
    ],
    parse: parseReportConfig,
    run: async (config, log) => {
        const receipts = await runReport(config, log);
        const table = !config.json && process.stdout.isTTY;
        return { output: table ? formatReportTable(receipts) : receipts, ok: true };
    },
});
