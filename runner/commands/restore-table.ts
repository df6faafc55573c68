import { formatBytes } from "../byte-size";

/** One table's rows as the manifest counted them in the dump's snapshot, and as the restore counted them. */
export interface RowCountComparison {
    table: string;
    /** null: the manifest does not list the table (or the dump has no manifest). */
    manifest: number | null;
    /** null: the table is missing after the restore. */
    restored: number | null;
    matches: boolean;
}

/** Every table either side names, in name order; without a manifest nothing can match. */
export function compareRowCounts(
    manifest: Readonly<Record<string, number>> | undefined,
    restored: Readonly<Record<string, number>>,
): RowCountComparison[] {
    const tables = [...new Set([...Object.keys(manifest ?? {}), ...Object.keys(restored)])].sort();
    return tables.map((table) => {
        const expected = manifest?.[table] ?? null;
        const actual = restored[table] ?? null;
        return {
            table,
            manifest: expected,
            restored: actual,
            matches: expected !== null && expected === actual,
        };
    });
}

/** What `restore` prints on a terminal: the summary, then the row-count comparison (JSON carries the same). */
export interface RestoreView {
    status: "ok" | "failed";
    key: string;
    versionId: string;
    targetDatabase: string;
    storedAt: string;
    snapshotAt: string | null;
    at: string | null;
    restoreSeconds: number;
    compressedBytes: number;
    rowCounts: RowCountComparison[];
    skipped: { ownerStatements: number; privilegeStatements: number } | null;
    problems: string[];
}

export function formatRestoreSummary(summary: RestoreView): string {
    const lines = [
        summary.status === "ok"
            ? `restored ${summary.key} (version ${summary.versionId}) into ${summary.targetDatabase}`
            : `FAILED: ${summary.targetDatabase} was not touched`,
        `  stored by S3 at ${summary.storedAt}; snapshot taken at ${summary.snapshotAt ?? "(no manifest)"}` +
            (summary.at === null ? "" : `; chosen as the newest good dump at or before ${summary.at}`),
        `  ${formatBytes(summary.compressedBytes)} in ${summary.restoreSeconds.toFixed(1)} s`,
    ];
    if (summary.skipped) {
        lines.push(
            `  left out: ${summary.skipped.ownerStatements} ownership and ` +
                `${summary.skipped.privilegeStatements} privilege statements`,
        );
    }
    const header = ["table", "manifest", "restored", ""];
    const rows = summary.rowCounts.map((r) => [
        r.table,
        r.manifest === null ? "-" : String(r.manifest),
        r.restored === null ? "-" : String(r.restored),
        r.matches ? "" : "DIFFERS",
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) =>
        `  ${cells
            .map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
            .join("  ")
            .trimEnd()}`;
    lines.push("", line(header), ...rows.map(line));
    const differing = summary.rowCounts.filter((r) => !r.matches).length;
    lines.push(
        differing === 0
            ? `  all ${summary.rowCounts.length} tables match the manifest`
            : `  ${differing} of ${summary.rowCounts.length} tables differ from the manifest`,
    );
    for (const problem of summary.problems) lines.push(`  ! ${problem}`);
    return lines.join("\n");
}
