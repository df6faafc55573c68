import { ListObjectVersionsCommand, type S3Client } from "@aws-sdk/client-s3";

/** What lies directly under one key prefix: its database folders, and any object beside them. */
export interface PrefixContents {
    /** Database names, from `<keyPrefix>/<database>/`, in S3's (lexicographic) order. */
    databases: string[];
    /** Keys directly under `<keyPrefix>/` (no database folder): nothing the runner writes lives there. */
    strayKeys: string[];
}

/**
 * Lists the database folders under `<keyPrefix>/` with ListObjectVersions and the `/` delimiter, so a
 * folder whose every object is hidden by a delete marker is still found (ListObjectsV2 would see only
 * current versions), and the permission is the one verify already needs (s3:ListBucketVersions).
 */
export async function listPrefixContents(
    s3: S3Client,
    bucket: string,
    keyPrefix: string,
): Promise<PrefixContents> {
    const prefix = `${keyPrefix}/`;
    const databases = new Set<string>();
    const strayKeys = new Set<string>();
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
        const page = await s3
            .send(
                new ListObjectVersionsCommand({
                    Bucket: bucket,
                    Prefix: prefix,
                    Delimiter: "/",
                    KeyMarker: keyMarker,
                    VersionIdMarker: versionIdMarker,
                }),
            )
            .catch((error: unknown) => {
                throw new Error(
                    `could not list the database prefixes under ${bucket}/${prefix}: ${(error as Error).message}; ` +
                        "check s3:ListBucketVersions on the role",
                );
            });
        for (const common of page.CommonPrefixes ?? []) {
            const name = common.Prefix?.slice(prefix.length, -1);
            if (name) databases.add(name);
        }
        for (const item of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
            if (item.Key) strayKeys.add(item.Key);
        }
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker !== undefined);
    return { databases: [...databases].sort(), strayKeys: [...strayKeys].sort() };
}

/**
 * Why a database has no dump: the message names the databases that do have objects under the key prefix,
 * so a typo in `--dbname` (or the wrong `--key-prefix` or `--bucket`) shows at once.
 */
export async function unknownDatabaseMessage(
    s3: S3Client,
    bucket: string,
    keyPrefix: string,
    database: string,
): Promise<string> {
    let found: string;
    try {
        const { databases } = await listPrefixContents(s3, bucket, keyPrefix);
        found =
            databases.length > 0
                ? `the databases with objects there are ${databases.join(", ")}`
                : "nothing at all is stored under that key prefix";
    } catch (error) {
        found = `the databases there could not be listed either (${(error as Error).message})`;
    }
    return (
        `unknown database ${database}: no dump of it under ${bucket}/${keyPrefix}/${database}/, and ${found}; ` +
        "check `--dbname`, `--key-prefix` and `--bucket`"
    );
}
