import { formatBytes } from "../byte-size";
import type { DumpReceipt, ListedDump } from "./list";

/**
 * The newest receipt of each kind, as a cell: `verify ok`, `drill ok 4.2 s`, `verify FAILED`; a suspect
 * receipt is shown as such (it proves nothing). `-` when no check ever named this version, `?` when the
 * receipts could not be read.
 */
export function receiptsCell(receipts: readonly DumpReceipt[] | null): string {
    if (receipts === null) return "?";
    const newest = new Map<string, DumpReceipt>();
    for (const r of receipts) if (!newest.has(r.kind)) newest.set(r.kind, r);
    if (newest.size === 0) return "-";
    return [...newest.values()]
        .map((r) => {
            const verdict =
                r.state === "suspect"
                    ? "SUSPECT"
                    : r.verdict === "ok"
                      ? "ok"
                      : (r.verdict ?? "?").toUpperCase();
            const seconds = r.restoreSeconds === null ? "" : ` ${r.restoreSeconds.toFixed(1)} s`;
            return `${r.kind} ${verdict}${r.verdict === "ok" ? seconds : ""}`;
        })
        .join(", ");
}

/**
 * A fixed-width table for people at a terminal, with each suspect dump's reasons below it; scripts get
 * JSON. With `showDatabase` (list --all) the first column names each dump's database.
 */
export function formatListTable(dumps: ListedDump[], options: { showDatabase?: boolean } = {}): string {
    if (dumps.length === 0) return "no dumps found";
    const rows = dumps.map((d) => [
        ...(options.showDatabase ? [d.database] : []),
        d.storedAt,
        d.state === "suspect" ? "SUSPECT" : d.state === "incomplete" ? "incomplete" : d.state,
        d.compression === null ? "-" : `${d.compression}${d.level === null ? "" : ` -${d.level}`}`,
        formatBytes(d.sizeBytes),
        d.lockMode ?? "UNLOCKED",
        d.retainUntil ?? "-",
        receiptsCell(d.receipts),
        d.key,
    ]);
    const header = [
        ...(options.showDatabase ? ["database"] : []),
        "stored at (S3)",
        "state",
        "format",
        "size",
        "lock",
        "retain until",
        "receipts",
        "key",
    ];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) =>
        r
            .map((cell, i) => cell.padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    const lines = [line(header)];
    dumps.forEach((dump, i) => {
        lines.push(line(rows[i]));
        for (const problem of dump.problems) lines.push(`    ! ${problem}`);
    });
    const total = dumps.length === 1 ? "1 dump" : `${dumps.length} dumps`;
    return `${lines.join("\n")}\n${total}, newest first by S3's clock`;
}
