import type { S3Client } from "@aws-sdk/client-s3";
import { listReceipts } from "./receipt-catalog";

/** A verify or drill receipt of one exact dump version, as `list` shows it beside the dump. */
export interface DumpReceipt {
    kind: string;
    /** What the check concluded (`ok`, `failed`), or null when the receipt could not be read. */
    verdict: string | null;
    checkedAt: string | null;
    /** Drill only: the measured restore time. */
    restoreSeconds: number | null;
    /** The receipt's own state: a suspect receipt is no evidence. */
    state: "ok" | "suspect" | "expired";
    receiptKey: string;
}

/** `<key>\n<versionId>`: receipts are about one version of one key. */
export const dumpVersionId = (key: string, versionId: string) => `${key}\n${versionId}`;

/**
 * The verify and drill receipts of one database stored at or after `since`, grouped by the dump version
 * they checked, newest first. Receipts record the key and version they checked, so a receipt is matched to
 * exactly that version, never to a later dump under the same key.
 */
export async function receiptsByDump(
    s3: S3Client,
    bucket: string,
    database: string,
    since: Date | undefined,
): Promise<Map<string, DumpReceipt[]>> {
    const receipts = await listReceipts(s3, bucket, { database, since, limit: 10_000 }, ["verify", "drill"]);
    const byDump = new Map<string, DumpReceipt[]>();
    for (const r of receipts) {
        if (r.checkedKey === null || r.checkedVersionId === null) continue;
        const id = dumpVersionId(r.checkedKey, r.checkedVersionId);
        byDump.set(id, [
            ...(byDump.get(id) ?? []),
            {
                kind: r.kind,
                verdict: r.verdict,
                checkedAt: r.checkedAt,
                restoreSeconds: r.restoreSeconds,
                state: r.state,
                receiptKey: r.receiptKey,
            },
        ]);
    }
    return byDump;
}
