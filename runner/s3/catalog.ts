import { ListObjectVersionsCommand, type S3Client } from "@aws-sdk/client-s3";
import { databasePrefix, manifestKey, parseDumpKey } from "../../shared/object-key";
import { headObject } from "./lock-check";
import {
    type DeleteMarker,
    dumpState,
    markerFindings,
    type StoredVersion,
    structuralSuspicions,
} from "./suspicions";

export type { DeleteMarker, DumpState, StoredVersion } from "./suspicions";

/**
 * One dump as S3 records it, not as its writer describes it: every version and delete marker of the
 * dump's key and of its manifest's key, S3's own timestamps, and what in that history is suspect.
 */
export interface CatalogEntry {
    key: string;
    /** The time in the key: the writer's clock, so never used to choose. */
    keyTime: Date | undefined;
    /** S3's LastModified of the dump's first version; "newest" is decided by this. */
    storedAt: Date;
    /** The dump's first version: written with If-None-Match, so any later version is an overwrite. */
    original: StoredVersion;
    /** Every version of the dump, oldest first. */
    versions: StoredVersion[];
    deleteMarkers: DeleteMarker[];
    manifestKey: string;
    /** Every version of the manifest, oldest first; empty when the run never wrote one. */
    manifestVersions: StoredVersion[];
    manifestDeleteMarkers: DeleteMarker[];
    /** Hidden by lifecycle expiry after its lock lapsed: gone by design, not by tampering. */
    expired: boolean;
    /** Each reason to distrust this dump, naming the key; empty when S3's history is clean. */
    suspicions: string[];
    state: "ok" | "incomplete" | "suspect" | "expired";
}

interface KeyHistory {
    versions: StoredVersion[];
    deleteMarkers: DeleteMarker[];
}

/** Every version and delete marker under `prefix`, grouped by key, oldest first. */
export async function listVersions(
    s3: S3Client,
    bucket: string,
    prefix: string,
): Promise<Map<string, KeyHistory>> {
    const histories = new Map<string, KeyHistory>();
    const historyOf = (key: string) => {
        let history = histories.get(key);
        if (!history) histories.set(key, (history = { versions: [], deleteMarkers: [] }));
        return history;
    };
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
        const page = await s3
            .send(
                new ListObjectVersionsCommand({
                    Bucket: bucket,
                    Prefix: prefix,
                    KeyMarker: keyMarker,
                    VersionIdMarker: versionIdMarker,
                }),
            )
            .catch((error: unknown) => {
                throw new Error(
                    `could not list ${bucket}/${prefix}: ${(error as Error).message}; check --bucket / ` +
                        "BACKUP_BUCKET, AWS_REGION and s3:ListBucketVersions on the role",
                );
            });
        for (const v of page.Versions ?? []) {
            historyOf(v.Key ?? "").versions.push({
                versionId: v.VersionId ?? "null",
                lastModified: v.LastModified ?? new Date(0),
                size: v.Size ?? 0,
            });
        }
        for (const m of page.DeleteMarkers ?? []) {
            historyOf(m.Key ?? "").deleteMarkers.push({
                versionId: m.VersionId ?? "null",
                lastModified: m.LastModified ?? new Date(0),
                isLatest: m.IsLatest === true,
            });
        }
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker !== undefined);
    for (const history of histories.values()) {
        history.versions.sort((a, b) => a.lastModified.getTime() - b.lastModified.getTime());
        history.deleteMarkers.sort((a, b) => a.lastModified.getTime() - b.lastModified.getTime());
    }
    return histories;
}

/**
 * The retain-until of a hidden version, read only for keys that carry delete markers (rare: lifecycle
 * expiry, or tampering), because that date decides which of the two it is.
 */
async function retainUntilOf(
    s3: S3Client,
    bucket: string,
    key: string,
    version: StoredVersion | undefined,
): Promise<Date | undefined> {
    if (!version) return undefined;
    const head = await headObject(s3, bucket, key, version.versionId).catch(() => undefined);
    return head?.ObjectLockRetainUntilDate;
}

async function entryOf(
    s3: S3Client,
    bucket: string,
    key: string,
    histories: Map<string, KeyHistory>,
): Promise<CatalogEntry | undefined> {
    const dump = histories.get(key);
    if (!dump || dump.versions.length === 0) return undefined;
    const manifest = histories.get(manifestKey(key)) ?? { versions: [], deleteMarkers: [] };
    const original = dump.versions[0];
    const markers = [
        markerFindings(
            key,
            dump,
            dump.deleteMarkers.length > 0 ? await retainUntilOf(s3, bucket, key, original) : undefined,
        ),
        markerFindings(
            manifestKey(key),
            manifest,
            manifest.deleteMarkers.length > 0
                ? await retainUntilOf(s3, bucket, manifestKey(key), manifest.versions[0])
                : undefined,
        ),
    ];
    const keyTime = parseDumpKey(key)?.at;
    const suspicions = [
        ...structuralSuspicions({ key, keyTime, dump: dump.versions, manifest: manifest.versions }),
        ...markers.flatMap((m) => m.suspicions),
    ];
    const expired = markers.some((m) => m.expired);
    return {
        key,
        keyTime,
        storedAt: original.lastModified,
        original,
        versions: dump.versions,
        deleteMarkers: dump.deleteMarkers,
        manifestKey: manifestKey(key),
        manifestVersions: manifest.versions,
        manifestDeleteMarkers: manifest.deleteMarkers,
        expired,
        suspicions,
        state: dumpState(suspicions, manifest.versions.length > 0, expired),
    };
}

/** Newest first by S3's clock (the key breaks ties, e.g. moto's whole-second timestamps). */
function byStoredAt(a: CatalogEntry, b: CatalogEntry): number {
    const byTime = b.storedAt.getTime() - a.storedAt.getTime();
    return byTime !== 0 ? byTime : a.key < b.key ? 1 : a.key > b.key ? -1 : 0;
}

/**
 * Every dump of one database (gzip `.sql.gz` and zstd `.sql.zst` keys alike: how each is read is its
 * manifest's business), newest first by S3's LastModified, never by the key's own date.
 */
export async function catalogDatabase(
    s3: S3Client,
    bucket: string,
    prefix: string,
    database: string,
): Promise<CatalogEntry[]> {
    const histories = await listVersions(s3, bucket, databasePrefix(prefix, database));
    const entries: CatalogEntry[] = [];
    for (const key of histories.keys()) {
        if (parseDumpKey(key)?.database !== database) continue;
        const entry = await entryOf(s3, bucket, key, histories);
        if (entry) entries.push(entry);
    }
    return entries.sort(byStoredAt);
}

/** One exact key (an operator's `--key`), wherever it lives; undefined when S3 holds no version of it. */
export async function catalogKey(
    s3: S3Client,
    bucket: string,
    key: string,
): Promise<CatalogEntry | undefined> {
    return entryOf(s3, bucket, key, await listVersions(s3, bucket, key));
}
