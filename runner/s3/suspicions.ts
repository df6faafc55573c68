import { formatKeyDisagreement } from "../stream/format";
import { CLOCK_SLACK_MS } from "./clock-slack";

/**
 * What S3's own history of a dump says about it, as pure functions: the catalog feeds them what
 * ListObjectVersions returned. A writer controls a dump's bytes, its manifest's words and its key's
 * name; it controls neither S3's timestamps nor the version history. Object Lock keeps every version, so
 * a forgery can add versions and delete markers but never remove the evidence.
 */

export interface StoredVersion {
    versionId: string;
    /** S3's clock, second precision. */
    lastModified: Date;
    size: number;
}

export interface DeleteMarker {
    versionId: string;
    lastModified: Date;
    isLatest: boolean;
}

export type DumpState = "ok" | "incomplete" | "suspect" | "expired";

const iso = (at: Date) => at.toISOString();

/** "v1 (stored 2026-...), v2 (stored ...)": what an operator needs to pick one with --version-id. */
export function describeVersions(versions: readonly StoredVersion[]): string {
    return versions.map((v) => `${v.versionId} (stored ${iso(v.lastModified)})`).join(", ");
}

/**
 * Suspicions that need only the listing: a second version of the dump or of its manifest (each is written
 * once, with If-None-Match, so a later version is an overwrite), a key dated after S3 stored it (a forged
 * "newest" dump, or a writer whose clock runs ahead), a manifest stored before its dump (squatted).
 */
export function structuralSuspicions(dump: {
    key: string;
    keyTime: Date | undefined;
    dump: readonly StoredVersion[];
    manifest: readonly StoredVersion[];
}): string[] {
    const suspicions: string[] = [];
    const { key } = dump;
    if (dump.dump.length > 1) {
        suspicions.push(
            `${key} has ${dump.dump.length} versions (${describeVersions(dump.dump)}): a dump is written ` +
                "once, so every later version is an overwrite",
        );
    }
    if (dump.manifest.length > 1) {
        suspicions.push(
            `${key}.manifest.json has ${dump.manifest.length} versions (${describeVersions(dump.manifest)}): ` +
                "a manifest is written once, so every later version is an overwrite",
        );
    }
    const storedAt = dump.dump[0]?.lastModified;
    if (storedAt && dump.keyTime && dump.keyTime.getTime() - storedAt.getTime() > CLOCK_SLACK_MS) {
        const minutes = Math.round((dump.keyTime.getTime() - storedAt.getTime()) / 60_000);
        suspicions.push(
            `${key} is dated ${iso(dump.keyTime)} but S3 stored it at ${iso(storedAt)}, ${minutes} min ` +
                'earlier: a key dated in the future (a forged "newest" dump, or a writer\'s clock far ahead)',
        );
    }
    const manifestAt = dump.manifest[0]?.lastModified;
    if (storedAt && manifestAt && storedAt.getTime() - manifestAt.getTime() > CLOCK_SLACK_MS) {
        suspicions.push(
            `${key}.manifest.json was stored at ${iso(manifestAt)}, before its dump (${iso(storedAt)}): ` +
                "a manifest written ahead of the dump it describes",
        );
    }
    return suspicions;
}

/**
 * Delete markers over a key's versions. Lifecycle expiry places one once a dump's lock has lapsed: that
 * is the bucket working as designed ("expired"). One placed while the version was still locked hides a
 * dump that must stay visible: anyone with s3:DeleteObject can place it (Object Lock protects versions,
 * not the current-version pointer), so it is suspect. A marker older than every version hides nothing.
 */
export function markerFindings(
    key: string,
    history: { versions: readonly StoredVersion[]; deleteMarkers: readonly DeleteMarker[] },
    retainUntil: Date | undefined,
): { suspicions: string[]; expired: boolean } {
    const first = history.versions[0];
    if (!first) return { suspicions: [], expired: false };
    const hiding = history.deleteMarkers.filter((m) => m.lastModified >= first.lastModified);
    if (hiding.length === 0) return { suspicions: [], expired: false };
    const early = hiding.filter((m) => retainUntil === undefined || m.lastModified < retainUntil);
    if (early.length === 0) return { suspicions: [], expired: true };
    const lock = retainUntil
        ? `while it was locked until ${iso(retainUntil)}`
        : "(its lock could not be read)";
    return {
        suspicions: early.map(
            (m) =>
                `${key} is hidden by a delete marker (${m.versionId}) placed at ${iso(m.lastModified)} ` +
                `${lock}: someone deleted its current version`,
        ),
        expired: false,
    };
}

export function dumpState(suspicions: readonly string[], hasManifest: boolean, expired: boolean): DumpState {
    if (suspicions.length > 0) return "suspect";
    if (!hasManifest) return "incomplete";
    return expired ? "expired" : "ok";
}

/**
 * Where a manifest (read by version id) disagrees with the dump S3 stored first. The manifest is the
 * writer's word; these are the facts it must match. The sha256, and whether the bytes are in the
 * manifest's format, are compared by whoever streams the object.
 */
export function manifestDisagreements(
    dump: { key: string; manifestKey: string; original: StoredVersion },
    manifest: {
        key: string;
        database: string;
        versionId: string | null;
        compressedBytes: number;
        format: string;
    },
    database: string | undefined,
): string[] {
    const problems: string[] = [];
    const { key, manifestKey, original } = dump;
    if (manifest.key !== key) problems.push(`${manifestKey} describes ${manifest.key}, not ${key}`);
    const formatProblem = formatKeyDisagreement(key, manifest.format);
    if (formatProblem) problems.push(`${key}: ${formatProblem}`);
    if (database !== undefined && manifest.database !== database) {
        problems.push(`${manifestKey} describes database ${manifest.database}, not ${database}`);
    }
    if (manifest.versionId !== original.versionId) {
        problems.push(
            `${manifestKey} names version ${manifest.versionId ?? "none"}, but S3 stored ${key} first as ` +
                `version ${original.versionId}`,
        );
    } else if (manifest.compressedBytes !== original.size) {
        problems.push(
            `${manifestKey} says ${manifest.compressedBytes} bytes, but S3 stores ${original.size} for ` +
                `${key} (version ${original.versionId})`,
        );
    }
    return problems;
}
