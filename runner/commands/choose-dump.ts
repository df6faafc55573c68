import type { S3Client } from "@aws-sdk/client-s3";
import { databasePrefix } from "../../shared/object-key";
import type { Logger } from "../log";
import { unknownDatabaseMessage } from "../s3/discovery";
import type { Manifest } from "../manifest";
import {
    type CatalogEntry,
    catalogDatabase,
    catalogKey,
    describeVersions,
    type InspectedDump,
    inspectDump,
    manifestForVersion,
} from "../s3";

/**
 * What an operator asked for: nothing (the newest), a time (the newest stored at or before it), a key, or
 * a key and one of its versions.
 */
export interface DumpRequest {
    key?: string;
    versionId?: string;
    at?: Date;
}

/** One exact stored version to restore, and the manifest to check it against while it streams. */
export interface ChosenDump {
    key: string;
    versionId: string;
    /** Undefined only when the operator named a dump that has no manifest: restored unchecked. */
    manifest: Manifest | undefined;
    entry: CatalogEntry;
}

/** Where the dumps come from; the commands pass S3, the tests a table. */
export interface DumpSource {
    /** `<bucket>/<prefix>/<db>/`, for messages. */
    readonly where: string;
    /** Why the database has no dump at all, naming the databases that have some. */
    unknownDatabase(): Promise<string>;
    /** Every dump of the database, newest first by S3's clock. */
    catalog(): Promise<CatalogEntry[]>;
    /** One exact key, wherever it lives; undefined when S3 has no version of it. */
    entry(key: string): Promise<CatalogEntry | undefined>;
    inspect(entry: CatalogEntry): Promise<InspectedDump>;
    manifestFor(entry: CatalogEntry, versionId: string): Promise<Manifest | undefined>;
}

const stored = (entry: CatalogEntry) => `${entry.key} (stored ${entry.storedAt.toISOString()})`;

function exactFlags(entry: CatalogEntry, versionId: string): string {
    return `--key ${entry.key} --version-id ${versionId}`;
}

/**
 * Chooses what `restore` and `drill` restore. Without --key: the newest dump that has a manifest, by S3's
 * LastModified. When that one is suspect the choice is refused, never quietly moved to an older dump:
 * the operator learns that the bucket was tampered with, and that the good dump is older (so more data
 * is lost) before anything is restored, and gets the exact flags for either choice. Incomplete dumps
 * newer than the choice are skipped with a warning; they never were backups. With `at`, the same among
 * the dumps S3 stored at or before that time: "verified-good" is what the catalog finds good (a clean S3
 * history and a manifest that agrees with the stored version), and the restore then checks the sha256
 * while streaming and the row counts before the target gets its name. A passing verify receipt is not
 * required: the newest dump rarely has one yet, and the stream checks the same bytes again.
 */
export async function chooseDump(source: DumpSource, request: DumpRequest, log: Logger): Promise<ChosenDump> {
    if (request.key !== undefined) return chooseByKey(source, request.key, request.versionId, log);
    const all = await source.catalog();
    if (all.length === 0) throw new Error(await source.unknownDatabase());
    const { at } = request;
    // By S3's clock, never the key's: a dump stored at or before `at` holds no data from after it.
    const entries = at === undefined ? all : all.filter((e) => e.storedAt <= at);
    const candidates = entries.filter((e) => e.manifestVersions.length > 0 && e.state !== "expired");
    if (candidates.length === 0 && at !== undefined) throw new Error(nothingAtOrBefore(source, all, at));
    if (candidates.length === 0) {
        throw new Error(
            `no dump with a manifest under ${source.where}; check --dbname, --key-prefix and --bucket, or give --key`,
        );
    }
    const newest = await source.inspect(candidates[0]);
    if (newest.state === "suspect" || !newest.manifest) {
        let good: InspectedDump | undefined;
        for (const entry of candidates.slice(1)) {
            const inspected = await source.inspect(entry);
            if (inspected.state === "ok" && inspected.manifest) {
                good = inspected;
                break;
            }
        }
        const alternative = good
            ? `The newest good dump is ${stored(good)}: restore it with ${exactFlags(good, good.original.versionId)}. `
            : "No older dump passes either. ";
        throw new Error(
            `the newest dump under ${source.where}, ${stored(newest)}, is suspect: ` +
                `${newest.suspicions.join("; ")}. Nothing was restored. ${alternative}To restore the suspect ` +
                `dump anyway, give its exact --key and --version-id (versions: ${describeVersions(newest.versions)}). ` +
                "Treat the bucket as tampered with: run `strongbox verify` and find out who wrote it.",
        );
    }
    for (const skipped of entries.slice(0, entries.indexOf(candidates[0]))) {
        log.warn(
            "newer-dump-skipped",
            `skipping ${stored(skipped)}, newer than ${newest.key}: it has no manifest, so a dump that failed ` +
                `or was interrupted, not a backup${skipped.suspicions.length > 0 ? ` (and suspect: ${skipped.suspicions.join("; ")})` : ""}`,
            { key: skipped.key },
        );
    }
    const others = entries.filter((e) => e !== candidates[0] && e.state === "suspect");
    if (others.length > 0) {
        log.warn(
            "suspect-dumps",
            `other dumps under ${source.where} are suspect: ${others.flatMap((e) => e.suspicions).join("; ")}; ` +
                "run `strongbox verify`",
            { keys: others.map((e) => e.key) },
        );
    }
    return {
        key: newest.key,
        versionId: newest.original.versionId,
        manifest: newest.manifest.content,
        entry: newest,
    };
}

/** No dump at or before `at`: say what the oldest one is, so the operator sees how far back the bucket goes. */
function nothingAtOrBefore(source: DumpSource, all: readonly CatalogEntry[], at: Date): string {
    const withManifest = all.filter((e) => e.manifestVersions.length > 0 && e.state !== "expired");
    const oldest = withManifest[withManifest.length - 1];
    const first = oldest
        ? `the oldest dump with a manifest is ${stored(oldest)}; give a later \`--at\`, or restore that one ` +
          `with ${exactFlags(oldest, oldest.original.versionId)}`
        : "no dump there has a manifest";
    return `no dump under ${source.where} was stored at or before ${at.toISOString()} (\`--at\`): ${first}`;
}

async function chooseByKey(
    source: DumpSource,
    key: string,
    versionId: string | undefined,
    log: Logger,
): Promise<ChosenDump> {
    const entry = await source.entry(key);
    if (!entry) throw new Error(`no object at ${key} in the bucket; check --key and --bucket`);
    if (versionId !== undefined) {
        if (!entry.versions.some((v) => v.versionId === versionId)) {
            throw new Error(
                `${key} has no version ${versionId}; its versions: ${describeVersions(entry.versions)}`,
            );
        }
        if (entry.suspicions.length > 0) {
            log.warn(
                "restoring-suspect-dump",
                `restoring ${key} version ${versionId} as asked, although: ${entry.suspicions.join("; ")}`,
                { key, versionId },
            );
        }
        const manifest = await source.manifestFor(entry, versionId);
        if (!manifest) {
            log.warn(
                "no-manifest",
                `no manifest describes ${key} version ${versionId}; restoring it unchecked`,
                {
                    key,
                    versionId,
                },
            );
        }
        return { key, versionId, manifest, entry };
    }
    const inspected = await source.inspect(entry);
    if (inspected.state === "suspect") {
        throw new Error(
            `${key} is suspect: ${inspected.suspicions.join("; ")}. Nothing was restored. To restore it anyway, ` +
                `give its exact version with --version-id (versions: ${describeVersions(entry.versions)})`,
        );
    }
    if (!inspected.manifest) {
        log.warn(
            "no-manifest",
            `${key} has no manifest (a dump that failed or was interrupted); restoring it unchecked, as asked`,
            { key },
        );
    } else if (inspected.state === "expired") {
        log.warn(
            "expired-dump",
            `${key} was hidden by lifecycle expiry after its lock lapsed; restoring it`,
            {
                key,
            },
        );
    }
    return { key, versionId: entry.original.versionId, manifest: inspected.manifest?.content, entry };
}

/** The dumps of one database in the bucket, read through the catalog (S3's history, not the writer's word). */
export function s3DumpSource(s3: S3Client, bucket: string, prefix: string, database: string): DumpSource {
    return {
        where: `${bucket}/${databasePrefix(prefix, database)}`,
        unknownDatabase: () => unknownDatabaseMessage(s3, bucket, prefix, database),
        catalog: () => catalogDatabase(s3, bucket, prefix, database),
        entry: (key) => catalogKey(s3, bucket, key),
        inspect: (entry) => inspectDump(s3, bucket, entry, { database }),
        manifestFor: async (entry, versionId) =>
            (await manifestForVersion(s3, bucket, entry, versionId))?.content,
    };
}
