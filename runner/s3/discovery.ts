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
