import { formatBytes } from "../byte-size";
import type { ListedDump } from "./list";

/** A fixed-width table for people at a terminal, with each suspect dump's reasons below it; scripts get JSON. */
export function formatListTable(dumps: ListedDump[]): string {
    if (dumps.length === 0) return "no dumps found";
    const rows = dumps.map((d) => [
        d.storedAt,
        d.state === "suspect" ? "SUSPECT" : d.state === "incomplete" ? "incomplete" : d.state,
        d.compression === null ? "-" : `${d.compression}${d.level === null ? "" : ` -${d.level}`}`,
        formatBytes(d.sizeBytes),
        d.lockMode ?? "UNLOCKED",
        d.retainUntil ?? "-",
        d.key,
    ]);
    const header = ["stored at (S3)", "state", "format", "size", "lock", "retain until", "key"];
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
    return lines.join("\n");
}
