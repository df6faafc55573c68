import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { type Manifest, parseManifest } from "../manifest";
import { compressionOfFormat } from "../../shared/compression";
import { formatMismatch, HEAD_BYTES } from "../stream/format";
import { hashObject } from "../stream/sha256";
import type { CatalogEntry } from "./catalog";
import { dumpState, manifestDisagreements } from "./suspicions";

/**
 * The largest manifest read. A real one is a few kilobytes plus ~60 bytes per table; anything this big is
 * not a manifest, and reading it whole would let a forged "manifest" exhaust the runner's memory.
 */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

function oversized(key: string, version: { versionId: string; size: number }): string | undefined {
    if (version.size <= MAX_MANIFEST_BYTES) return undefined;
    return `${key} (version ${version.versionId}) is ${version.size} bytes, more than any manifest; not read`;
}

/** A catalog entry whose manifest has been read (by version id) and checked against S3's facts. */
export interface InspectedDump extends CatalogEntry {
    /** The manifest version that describes the dump's original version; undefined when none does. */
    manifest: { versionId: string; content: Manifest } | undefined;
    /** The sha256 of the original version's bytes, when they were streamed (`hash`). */
    streamedSha256?: string;
}

/** Reads one exact manifest version: a later version, written by whoever, is never read by accident. */
export async function readManifestVersion(
    s3: S3Client,
    bucket: string,
    key: string,
    versionId: string,
): Promise<string> {
    try {
        const response = await s3.send(
            new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
        );
        return (await response.Body?.transformToString("utf8")) ?? "";
    } catch (error) {
        throw new Error(
            `could not read manifest ${bucket}/${key} (version ${versionId}): ${(error as Error).message}; ` +
                "check s3:GetObjectVersion and kms:Decrypt on the role",
        );
    }
}

/**
 * Reads the manifest of a dump whose manifest has exactly one version and compares it with the dump's
 * original version; with `hash`, also streams that version (constant memory) and compares its sha256,
 * and checks that its first bytes are in the compression the manifest's `format` names (gzip bytes under
 * a zstd manifest are a disagreement like any other).
 * A manifest that is not valid JSON or disagrees makes the dump suspect; one that cannot be fetched at
 * all (network, permissions) is an error, not a suspicion.
 */
export async function inspectDump(
    s3: S3Client,
    bucket: string,
    entry: CatalogEntry,
    options: { database?: string; hash?: boolean } = {},
): Promise<InspectedDump> {
    const found: string[] = [];
    let manifest: InspectedDump["manifest"];
    let streamedSha256: string | undefined;
    const tooBig =
        entry.manifestVersions.length === 1 && oversized(entry.manifestKey, entry.manifestVersions[0]);
    if (tooBig) found.push(tooBig);
    else if (entry.manifestVersions.length === 1) {
        const { versionId } = entry.manifestVersions[0];
        const text = await readManifestVersion(s3, bucket, entry.manifestKey, versionId);
        try {
            const content = parseManifest(text, `${bucket}/${entry.manifestKey} (version ${versionId})`);
            found.push(...manifestDisagreements(entry, content, options.database));
            if (found.length === 0) manifest = { versionId, content };
        } catch (error) {
            found.push((error as Error).message);
        }
        if (manifest && options.hash) {
            const { versionId } = entry.original;
            const what = `${entry.key} (version ${versionId})`;
            const digest = await hashObject(s3, { bucket, key: entry.key, versionId }, HEAD_BYTES + 4);
            streamedSha256 = digest.sha256;
            if (digest.sha256 !== manifest.content.sha256) {
                found.push(
                    `${what}: sha256 ${digest.sha256} differs from the manifest's ${manifest.content.sha256}`,
                );
            }
            const compression = compressionOfFormat(manifest.content.format);
            const wrongFormat =
                compression && formatMismatch(what, digest.head, { compression, decidedBy: "manifest" });
            if (wrongFormat) found.push(wrongFormat);
            if (found.length > 0) manifest = undefined;
        }
    }
    const suspicions = [...entry.suspicions, ...found];
    return {
        ...entry,
        manifest,
        streamedSha256,
        suspicions,
        state: dumpState(suspicions, entry.manifestVersions.length > 0, entry.expired),
    };
}

/**
 * The manifest that describes one exact version of a dump, for an operator who names that version: the
 * oldest manifest version whose `versionId` is it (a forger's later manifest never wins over the
 * original). Undefined when no manifest version describes it.
 */
export async function manifestForVersion(
    s3: S3Client,
    bucket: string,
    entry: CatalogEntry,
    dumpVersionId: string,
): Promise<{ versionId: string; content: Manifest } | undefined> {
    for (const version of entry.manifestVersions) {
        const { versionId } = version;
        if (oversized(entry.manifestKey, version)) continue;
        const text = await readManifestVersion(s3, bucket, entry.manifestKey, versionId);
        let content: Manifest;
        try {
            content = parseManifest(text, `${bucket}/${entry.manifestKey} (version ${versionId})`);
        } catch {
            continue;
        }
        if (content.key === entry.key && content.versionId === dumpVersionId) return { versionId, content };
    }
    return undefined;
}
