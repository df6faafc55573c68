/**
 * One source of truth for where dumps live, shared by the runner (which writes and reads them), the
 * bucket policy (which lets writers write only there) and the stack config:
 * `<prefix>/<db>/<YYYY>/<MM>/<DD>/<db>_<YYYYMMDDTHHMMSSZ>.sql.gz` (UTC; `.sql.zst` for a zstd dump) and
 * `<key>.manifest.json` beside it.
 * The timestamp sorts lexicographically, so the newest dump is the greatest key under `<prefix>/<db>/`.
 */
export const DUMP_SUFFIX = ".sql.gz";
/**
 * The suffix of a zstd-compressed dump (`zstd`'s own extension), beside the gzip contract above. The
 * key's suffix only helps a person; readers decide the format by the manifest's `format`
 * (`shared/compression.ts`), never by the key.
 */
export const ZSTD_DUMP_SUFFIX = ".sql.zst";
/** Every suffix a dump's key may end with, the default first. */
export const DUMP_SUFFIXES = [DUMP_SUFFIX, ZSTD_DUMP_SUFFIX] as const;
export type DumpSuffix = (typeof DUMP_SUFFIXES)[number];
export const MANIFEST_SUFFIX = ".manifest.json";
/** The key prefix of the first Strongbox deployment ("layer3/<db>/..."), kept as the default. */
export const DEFAULT_KEY_PREFIX = "layer3";

/**
 * A key prefix is one lowercase path segment: no `/` (so the bucket policy's `<prefix>/*` resource and
 * the runner's listing prefix cannot disagree), no wildcards (`*`, `?` would widen the policy), at most
 * 63 characters.
 */
export const KEY_PREFIX = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Why `prefix` cannot be a key prefix, or undefined when it can. */
export function keyPrefixProblem(prefix: string): string | undefined {
    return KEY_PREFIX.test(prefix)
        ? undefined
        : `must be a lowercase path segment without "/" (got ${JSON.stringify(prefix)})`;
}

/**
 * The database names a stack may configure: safe inside an S3 key, a CodeBuild environment, an
 * EventBridge Scheduler name and a Pulumi resource name. Lowercase letter first, then lowercase
 * letters, digits, `_` or `-`, at most 40 characters (the rest of the 64-character schedule name is
 * the prefix). The runner itself accepts any name `keySegmentProblem` allows, a superset.
 */
export const DATABASE_NAME = /^[a-z][a-z0-9_-]{0,39}$/;

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

export function compactUtcTimestamp(at: Date): string {
    return (
        `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}` +
        `T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}Z`
    );
}

/** The key of a dump of `database` started `at`; `suffix` says how it is compressed (default `.sql.gz`). */
export function dumpKey(
    prefix: string,
    database: string,
    at: Date,
    suffix: DumpSuffix = DUMP_SUFFIX,
): string {
    const day = `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}`;
    return `${databasePrefix(prefix, database)}${day}/${database}_${compactUtcTimestamp(at)}${suffix}`;
}

export function manifestKey(key: string): string {
    return `${key}${MANIFEST_SUFFIX}`;
}

/** Listing prefix for one database; the trailing slash keeps `app` from matching `app2`. */
export function databasePrefix(prefix: string, database: string): string {
    return `${prefix}/${database}/`;
}

/** The dump suffix `key` ends with, or undefined when it ends with none. */
export function dumpSuffixOf(key: string): DumpSuffix | undefined {
    return DUMP_SUFFIXES.find((suffix) => key.endsWith(suffix));
}

/**
 * Parses a dump key (either suffix) back into its database, time and suffix, or undefined when the key
 * is not a dump. The suffix is for people and for a dump without a manifest; a manifest's `format`
 * always decides how a dump is read.
 */
export function parseDumpKey(key: string): { database: string; at: Date; suffix: DumpSuffix } | undefined {
    const suffix = dumpSuffixOf(key);
    if (suffix === undefined) return undefined;
    const stem = key.slice(0, -suffix.length);
    const match = /\/([^/]+)\/(\d{4})\/(\d{2})\/(\d{2})\/\1_(\d{8}T\d{6}Z)$/.exec(stem);
    if (!match) return undefined;
    const ts = match[5];
    const at = new Date(
        `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${ts.slice(9, 11)}:${ts.slice(11, 13)}:${ts.slice(13, 15)}Z`,
    );
    return { database: match[1], at, suffix };
}

/**
 * Database names become key segments, so they must not contain `/` or control characters. PostgreSQL
 * allows both; refusing them here is kinder than writing dumps nobody can find.
 */
export function keySegmentProblem(database: string): string | undefined {
    if (database.length === 0) return "is empty";
    if (database.includes("/")) return "contains `/`, which would split the S3 key";
    if (/[\u0000-\u001f\u007f]/.test(database)) return "contains control characters";
    return undefined;
}
