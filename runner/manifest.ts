import { z } from "zod";
import { compressionOfFormat, DUMP_FORMATS } from "../shared/compression";

/** The record written beside every dump; verify and drill trust nothing else about the dump. */
export const manifestSchema = z.object({
    formatVersion: z.literal(1),
    database: z.string(),
    bucket: z.string(),
    key: z.string(),
    versionId: z.string().nullable(),
    compressedBytes: z.number().int().nonnegative(),
    uncompressedBytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    parts: z.number().int().positive(),
    /**
     * How the stored object is made (`shared/compression.ts`): plain SQL, then gzip or zstd. Readers pick
     * the decompressor from this alone, never from the key.
     */
    format: z.string().superRefine((format, ctx) => {
        if (compressionOfFormat(format) !== undefined) return;
        ctx.addIssue({
            code: "custom",
            message:
                `${JSON.stringify(format)} is not a format this runner reads (${DUMP_FORMATS.join(", ")}); ` +
                "read it with a newer strongbox",
        });
    }),
    /** The compression level the dump was made with; manifests written before zstd carry none (gzip -6). */
    level: z.number().int().positive().optional(),
    pgDumpVersion: z.string(),
    serverVersion: z.string(),
    snapshot: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    retainUntil: z.string(),
    kmsKeyId: z.string(),
    /** Exact rows per `"schema"."table"`, counted in the snapshot pg_dump used. */
    rowCounts: z.record(z.string(), z.number().int().nonnegative()),
    /**
     * The server's roles (not `pg_*`) when the dump was taken: the plain dump names them in OWNER TO and
     * GRANT but does not create them, so `drill --ephemeral` creates them (NOLOGIN) in its empty cluster
     * first. Absent in manifests written before it was recorded.
     */
    roles: z.array(z.string()).optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

export function parseManifest(text: string, where: string): Manifest {
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch {
        throw new Error(`manifest ${where} is not valid JSON`);
    }
    const result = manifestSchema.safeParse(json);
    if (!result.success) {
        // The field names alone, except where a message says more than "wrong type" (an unknown format).
        const fields = result.error.issues
            .map((i) => {
                const field = i.path.join(".") || "(root)";
                return i.code === "custom" ? `${field} ${i.message}` : field;
            })
            .join(", ");
        throw new Error(`manifest ${where} is malformed (${fields})`);
    }
    return result.data;
}

/** Differences between two row-count maps, as readable lines; empty when identical. */
export function rowCountDifferences(
    expected: Record<string, number>,
    actual: Record<string, number>,
): string[] {
    const problems: string[] = [];
    for (const [table, count] of Object.entries(expected)) {
        if (!(table in actual)) problems.push(`${table}: missing after restore (expected ${count} rows)`);
        else if (actual[table] !== count) problems.push(`${table}: ${actual[table]} rows, expected ${count}`);
    }
    for (const table of Object.keys(actual)) {
        if (!(table in expected)) problems.push(`${table}: present after restore but not in the manifest`);
    }
    return problems;
}
