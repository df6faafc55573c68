import type { S3Client } from "@aws-sdk/client-s3";
import { Option } from "commander";
import { compressionOfFormat } from "../../shared/compression";
import { LIST_SETTINGS, type ListConfig, parseListConfig } from "../config";
import type { Logger } from "../log";
import {
    type CatalogEntry,
    catalogDatabase,
    createS3Client,
    type DumpState,
    headObject,
    inspectDump,
} from "../s3";
import { listPrefixContents, unknownDatabaseMessage } from "../s3/discovery";
import { type DumpReceipt, dumpVersionId, receiptsByDump } from "../s3/dump-receipts";
import { formatListTable } from "./list-table";
import { defineCommand } from "./spec";

export type { DumpReceipt } from "../s3/dump-receipts";

export interface ListedDump {
    database: string;
    key: string;
    /** ok, incomplete (no manifest: never a backup), suspect (see problems) or expired (lifecycle). */
    state: DumpState;
    problems: string[];
    /** The time in the key (the writer's clock). */
    dumpedAt: string;
    /** S3's LastModified of the dump's first version: the order of the list, and what --since/--until filter. */
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
    /**
     * The verify and drill receipts of this very version, newest first; null when the receipts could not
     * be read (the dumps are listed anyway, with a warning).
     */
    receipts: DumpReceipt[] | null;
}

const inWindow = (config: ListConfig) => (entry: CatalogEntry) =>
    (config.since === undefined || entry.storedAt >= config.since) &&
    (config.until === undefined || entry.storedAt <= config.until);

/** Receipts are evidence beside the dumps, not the dumps: a role that may not read them still gets the list. */
async function receiptsOf(
    s3: S3Client,
    config: ListConfig,
    database: string,
    shown: readonly CatalogEntry[],
    log?: Logger,
): Promise<Map<string, DumpReceipt[]> | null> {
    if (shown.length === 0) return new Map();
    // A receipt is written after the dump it checks: none older than the oldest dump shown is needed.
    const since = new Date(Math.min(...shown.map((e) => e.storedAt.getTime())));
    try {
        return await receiptsByDump(s3, config.bucket, database, since);
    } catch (error) {
        log?.warn(
            "receipts-unreadable",
            `could not read ${database}'s receipts, so they are not shown: ${(error as Error).message}`,
            { database },
        );
        return null;
    }
}

async function describe(
    s3: S3Client,
    config: ListConfig,
    database: string,
    entry: CatalogEntry,
    receipts: Map<string, DumpReceipt[]> | null,
): Promise<ListedDump> {
    const inspected = await inspectDump(s3, config.bucket, entry, { database });
    const head = await headObject(s3, config.bucket, entry.key, entry.original.versionId);
    const manifest = inspected.manifest?.content;
    return {
        database,
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
        receipts: receipts && (receipts.get(dumpVersionId(entry.key, entry.original.versionId)) ?? []),
    };
}

/**
 * Newest first by S3's clock, per database (every database folder under the key prefix with --all). For
 * each shown dump: its state from S3's version history and its manifest (read by version id), its lock,
 * because "is it still locked?" is the first question on a bad day, and the receipts of the checks that
 * proved it. A database with no dump at all is an error naming the databases that have some: on a bad
 * night an empty list must not pass for "nothing to restore".
 */
export async function runList(config: ListConfig, log?: Logger): Promise<ListedDump[]> {
    const s3 = createS3Client();
    try {
        const databases = config.all
            ? (await listPrefixContents(s3, config.bucket, config.keyPrefix)).databases
            : [config.database!];
        const listed: ListedDump[] = [];
        for (const database of databases) {
            const entries = await catalogDatabase(s3, config.bucket, config.keyPrefix, database);
            if (!config.all && entries.length === 0) {
                throw new Error(await unknownDatabaseMessage(s3, config.bucket, config.keyPrefix, database));
            }
            const shown = entries.filter(inWindow(config)).slice(0, config.limit);
            const receipts = await receiptsOf(s3, config, database, shown, log);
            for (const entry of shown) listed.push(await describe(s3, config, database, entry, receipts));
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
        "List dumps (one database's, or with --all every database's under the key prefix), newest first by " +
        "S3's clock, with their state (ok, incomplete, suspect, expired), compression (from the manifest), " +
        "size, lock mode and retain-until, and the verify and drill receipts of each; a table on a " +
        "terminal, JSON for scripts (--json).",
    settings: LIST_SETTINGS,
    switches: () => [
        new Option("--all", "every database under the key prefix, instead of --dbname"),
        new Option("--since <when>", "stored at or after: 2026-11-01, 2026-11-01T06:00:00Z, or 7d / 12h ago"),
        new Option("--until <when>", "stored at or before (same forms as --since)"),
        new Option("--json", "print JSON even on a terminal"),
    ],
    parse: parseListConfig,
    run: async (config, log) => {
        const dumps = await runList(config, log);
        // People at a terminal get a table; scripts and CodeBuild get the JSON line.
        const table = !config.json && process.stdout.isTTY;
        return { output: table ? formatListTable(dumps, { showDatabase: config.all }) : dumps, ok: true };
    },
});
