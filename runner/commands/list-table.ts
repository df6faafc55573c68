import { formatBytes } from "../byte-size";
import type { ListedDump } from "./list";

/** A fixed-width table for people at a terminal; scripts get JSON instead. */
export function formatListTable(dumps: ListedDump[]): string {
    if (dumps.length === 0) return "no dumps found";
    const rows = dumps.map((d) => [
        d.dumpedAt,
        formatBytes(d.sizeBytes),
        d.lockMode ?? "UNLOCKED",
        d.retainUntil ?? "-",
        d.hasManifest ? "yes" : "NO (incomplete)",
        d.key,
    ]);
    const header = ["dumped at", "size", "lock", "retain until", "manifest", "key"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    return [header, ...rows]
        .map((r) =>
            r
                .map((cell, i) => cell.padEnd(widths[i]))
                .join("  ")
                .trimEnd(),
        )
        .join("\n");
}
