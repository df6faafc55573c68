import type { S3Client } from "@aws-sdk/client-s3";
import { parseReceiptKey, type ReceiptKind, receiptsPrefix } from "../../shared/audit";
import { listVersions } from "./catalog";
import { CLOCK_SLACK_MS } from "./clock-slack";
import { readReceipt } from "./receipts";
import { describeVersions, type StoredVersion } from "./suspicions";

/** One stored receipt as S3 records it, with what it says and every reason to distrust it. */
export interface ListedReceipt {
    /** S3's LastModified of the receipt's first version: the order of the report. */
    storedAt: string;
    kind: string;
    database: string;
    verdict: string | null;
    checkedAt: string | null;
    command: string | null;
    runnerVersion: string | null;
    /** The object the check was about (a dump, or the canary), its version and sha256. */
    checkedKey: string | null;
    checkedVersionId: string | null;
    sha256: string | null;
    restoreSeconds: number | null;
    problems: string[];
    receiptKey: string;
    receiptVersionId: string;
    lockMode: string | null;
    retainUntil: string | null;
    /** ok; suspect (see suspicions); expired: hidden by lifecycle after its lock lapsed. */
    state: "ok" | "suspect" | "expired";
    suspicions: string[];
}

export interface ReceiptFilter {
    kind?: ReceiptKind;
    database?: string;
    since?: Date;
    until?: Date;
    limit: number;
}

/** The listing prefixes a filter needs: one kind (and database), or every kind of one database, or all. */
function prefixesOf(filter: ReceiptFilter, kinds: readonly ReceiptKind[]): string[] {
    if (filter.kind !== undefined) return [receiptsPrefix(filter.kind, filter.database)];
    if (filter.database !== undefined) return kinds.map((k) => receiptsPrefix(k, filter.database));
    return [receiptsPrefix()];
}

interface Candidate {
    key: string;
    first: StoredVersion;
    versions: StoredVersion[];
    markers: Array<{ versionId: string; lastModified: Date }>;
}

/**
 * The receipts matching `filter`, newest first by S3's clock, each read by version id. Like the dumps'
 * catalog it trusts S3's history, not the writer: a receipt is written once, so a second version is an
 * overwrite; a delete marker placed while it was locked hides evidence; a receipt whose body disagrees
 * with its key, or whose check time is far from when S3 stored it, was not written by the check it names.
 */
export async function listReceipts(
    s3: S3Client,
    bucket: string,
    filter: ReceiptFilter,
    kinds: readonly ReceiptKind[],
): Promise<ListedReceipt[]> {
    const candidates: Candidate[] = [];
    for (const prefix of prefixesOf(filter, kinds)) {
        for (const [key, history] of await listVersions(s3, bucket, prefix)) {
            const first = history.versions[0];
            if (!first) continue;
            if (filter.since && first.lastModified < filter.since) continue;
            if (filter.until && first.lastModified > filter.until) continue;
            candidates.push({ key, first, versions: history.versions, markers: history.deleteMarkers });
        }
    }
    candidates.sort(
        (a, b) => b.first.lastModified.getTime() - a.first.lastModified.getTime() || (a.key < b.key ? 1 : -1),
    );
    const listed: ListedReceipt[] = [];
    for (const candidate of candidates.slice(0, filter.limit)) {
        listed.push(await inspectReceipt(s3, bucket, candidate));
    }
    return listed;
}

async function inspectReceipt(s3: S3Client, bucket: string, candidate: Candidate): Promise<ListedReceipt> {
    const { key, first, versions, markers } = candidate;
    const named = parseReceiptKey(key);
    const read = await readReceipt(s3, bucket, key, first);
    const receipt = read.receipt;
    const suspicions: string[] = [];
    if (!named) suspicions.push(`${key} is not named like a receipt`);
    if (read.problem) suspicions.push(read.problem);
    if (versions.length > 1) {
        suspicions.push(
            `${key} has ${versions.length} versions (${describeVersions(versions)}): a receipt is written ` +
                "once, so every later version is an overwrite",
        );
    }
    const retainUntil = read.retainUntil === null ? undefined : new Date(read.retainUntil);
    const hiding = markers.filter((m) => m.lastModified >= first.lastModified);
    const early = hiding.filter((m) => retainUntil === undefined || m.lastModified < retainUntil);
    for (const marker of early) {
        suspicions.push(
            `${key} is hidden by a delete marker (${marker.versionId}) placed at ` +
                `${marker.lastModified.toISOString()} while it was locked: someone deleted its current version`,
        );
    }
    if (read.lockMode !== "COMPLIANCE") {
        suspicions.push(`${key} is not COMPLIANCE-locked (lock: ${read.lockMode ?? "none"})`);
    }
    if (receipt && named && (receipt.kind !== named.kind || receipt.database !== named.subject)) {
        suspicions.push(
            `${key} holds a ${receipt.kind} receipt of ${receipt.database}, not what its key names`,
        );
    }
    if (receipt) {
        const gap = Math.abs(Date.parse(receipt.checkedAt) - first.lastModified.getTime());
        if (!(gap <= CLOCK_SLACK_MS)) {
            suspicions.push(
                `${key} says the check finished at ${receipt.checkedAt}, but S3 stored it at ` +
                    `${first.lastModified.toISOString()}: not written by the check it describes`,
            );
        }
    }
    const expired = suspicions.length === 0 && hiding.length > 0;
    return {
        storedAt: first.lastModified.toISOString(),
        kind: receipt?.kind ?? named?.kind ?? "?",
        database: receipt?.database ?? named?.subject ?? "?",
        verdict: receipt?.verdict ?? null,
        checkedAt: receipt?.checkedAt ?? null,
        command: receipt?.command ?? null,
        runnerVersion: receipt?.runnerVersion ?? null,
        checkedKey: receipt?.key ?? null,
        checkedVersionId: receipt?.versionId ?? null,
        sha256: receipt?.sha256 ?? null,
        restoreSeconds: receipt?.restoreSeconds ?? null,
        problems: receipt?.problems ?? [],
        receiptKey: key,
        receiptVersionId: first.versionId,
        lockMode: read.lockMode,
        retainUntil: read.retainUntil,
        state: suspicions.length > 0 ? "suspect" : expired ? "expired" : "ok",
        suspicions,
    };
}
