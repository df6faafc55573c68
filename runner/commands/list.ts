import { compressionOfFormat } from "../../shared/compression";
import { LIST_SETTINGS, type ListConfig, parseListConfig } from "../config";
import type { Logger } from "../log";
import { catalogDatabase, createS3Client, type DumpState, headObject, inspectDump } from "../s3";
import { formatListTable } from "./list-table";
import { defineCommand } from "./spec";

export interface ListedDump {
    key: string;
    /** ok, incomplete (no manifest: never a backup), suspect (see problems) or expired (lifecycle). */
    state: DumpState;
    problems: string[];
    /** The time in the key (the writer's clock). */
    dumpedAt: string;
    /** S3's LastModified of the dump's first version: the order of the list. */
    storedAt: string;
    sizeBytes: number;
    /**
     * How it is compressed, as its manifest's `format` says (`gzip`, `zstd`), and the level; null when no
     * manifest describes it (incomplete, or suspect): the key's suffix is not taken for it.
     */
    compression: string | null;
    level: number | null;
    /** The dump's first version, the one a restore of this key reads. */
    versionId: string;
    versions: number;
    hasManifest: boolean;
    lockMode: string | null;
    retainUntil: string | null;
    kmsKeyId: string | null;
}

/**
 * Newest first by S3's clock. For each shown dump: its state from S3's version history and its manifest
 * (read by version id), and its lock, because "is it still locked?" is the first question on a bad day.
 */
export async function runList(config: ListConfig, log?: Logger): Promise<ListedDump[]> {
    const s3 = createS3Client();
    try {
        const entries = await catalogDatabase(s3, config.bucket, config.keyPrefix, config.database);
        const listed: ListedDump[] = [];
        for (const entry of entries.slice(0, config.limit)) {
            const inspected = await inspectDump(s3, config.bucket, entry, { database: config.database });
            const head = await headObject(s3, config.bucket, entry.key, entry.original.versionId);
            const manifest = inspected.manifest?.content;
            listed.push({
                key: entry.key,
                state: inspected.state,
                problems: inspected.suspicions,
                dumpedAt: (entry.keyTime ?? entry.storedAt).toISOString(),
                storedAt: entry.storedAt.toISOString(),
                sizeBytes: entry.original.size,
                compression: (manifest && compressionOfFormat(manifest.format)) ?? null,
                level: manifest?.level ?? null,
                versionId: entry.original.versionId,
                versions: entry.versions.length,
                hasManifest: entry.manifestVersions.length > 0,
                lockMode: head.ObjectLockMode ?? null,
                retainUntil: head.ObjectLockRetainUntilDate?.toISOString() ?? null,
                kmsKeyId: head.SSEKMSKeyId ?? null,
            });
        }
        const suspect = listed.filter((d) => d.state === "suspect");
        if (suspect.length > 0) {
            log?.warn(
                "suspect-dumps",
                `${suspect.length} of the listed dumps are suspect; run \`strongbox verify\`: ` +
                    suspect.flatMap((d) => d.problems).join("; "),
                { keys: suspect.map((d) => d.key) },
            );
        }
        return listed;
    } finally {
        s3.destroy();
    }
}

export const listCommand = defineCommand({
    name: "list",
    description:
        "List a database's dumps, newest first by S3's clock, with their state (ok, incomplete, suspect, " +
        "expired), compression (from the manifest), size, lock mode and retain-until.",
    settings: LIST_SETTINGS,
    parse: parseListConfig,
    run: async (config, log) => {
        const dumps = await runList(config, log);
        // People at a terminal get a table; scripts and CodeBuild get the JSON line.
        return { output: process.stdout.isTTY ? formatListTable(dumps) : dumps, ok: true };
    },
});
