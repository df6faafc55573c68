import type { S3Client } from "@aws-sdk/client-s3";
import { type Manifest, rowCountDifferences } from "../manifest";
import { connect, countRows, type DbConnection, type RowCounts } from "../postgres";
import { restoreObject, type RestoreResult } from "../stream";

export interface CheckedRestore {
    restore: RestoreResult;
    rowCounts: RowCounts;
    problems: string[];
}

/** Restores a dump into `target` and compares what arrived with what the manifest promised. */
export async function restoreAndCheck(
    s3: S3Client,
    bucket: string,
    key: string,
    manifest: Manifest | undefined,
    connection: DbConnection,
    target: string,
    psqlPath: string,
): Promise<CheckedRestore> {
    const restore = await restoreObject(
        s3,
        { bucket, key, versionId: manifest?.versionId },
        connection,
        target,
        psqlPath,
        // Checked while streaming, so a dump that differs from its manifest is never committed.
        manifest && { sha256: manifest.sha256, compressedBytes: manifest.compressedBytes },
    );
    const db = await connect(connection, target);
    let rowCounts: RowCounts;
    try {
        rowCounts = await countRows(db);
    } finally {
        await db.end().catch(() => undefined);
    }
    const problems: string[] = [];
    if (manifest) problems.push(...rowCountDifferences(manifest.rowCounts, rowCounts));
    return { restore, rowCounts, problems };
}
