import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import {
    databasePrefix,
    DUMP_SUFFIX,
    manifestKey,
    MANIFEST_SUFFIX,
    parseDumpKey,
} from "../../shared/object-key";
import { type Manifest, parseManifest } from "../manifest";

export interface CatalogEntry {
    key: string;
    at: Date;
    size: number;
    lastModified?: Date;
    /** False when the dump has no manifest: a failed or interrupted run, never a usable backup. */
    hasManifest: boolean;
}

/** All dumps of one database, newest first (the key's timestamp orders them). */
export async function listDumps(
    s3: S3Client,
    bucket: string,
    prefix: string,
    database: string,
): Promise<CatalogEntry[]> {
    const dumps = new Map<string, Omit<CatalogEntry, "hasManifest">>();
    const manifests = new Set<string>();
    let token: string | undefined;
    do {
        const page = await s3
            .send(
                new ListObjectsV2Command({
                    Bucket: bucket,
                    Prefix: databasePrefix(prefix, database),
                    ContinuationToken: token,
                }),
            )
            .catch((error: unknown) => {
                throw new Error(
                    `could not list ${bucket}/${databasePrefix(prefix, database)}: ${(error as Error).message}; ` +
                        "check --bucket / BACKUP_BUCKET, AWS_REGION and s3:ListBucket on the role",
                );
            });
        for (const object of page.Contents ?? []) {
            const key = object.Key ?? "";
            if (key.endsWith(MANIFEST_SUFFIX)) manifests.add(key);
            else if (key.endsWith(DUMP_SUFFIX)) {
                const parsed = parseDumpKey(key);
                if (parsed && parsed.database === database) {
                    dumps.set(key, {
                        key,
                        at: parsed.at,
                        size: object.Size ?? 0,
                        lastModified: object.LastModified,
                    });
                }
            }
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return [...dumps.values()]
        .map((entry) => ({ ...entry, hasManifest: manifests.has(manifestKey(entry.key)) }))
        .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
}

/** The newest dump that has a manifest, or undefined. */
export async function newestBackup(
    s3: S3Client,
    bucket: string,
    prefix: string,
    database: string,
): Promise<CatalogEntry | undefined> {
    return (await listDumps(s3, bucket, prefix, database)).find((entry) => entry.hasManifest);
}

export async function readManifest(s3: S3Client, bucket: string, dumpKey: string): Promise<Manifest> {
    const key = manifestKey(dumpKey);
    let text: string;
    try {
        const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        text = (await response.Body?.transformToString("utf8")) ?? "";
    } catch (error) {
        throw new Error(`could not read manifest ${bucket}/${key}: ${(error as Error).message}`);
    }
    return parseManifest(text, `${bucket}/${key}`);
}
