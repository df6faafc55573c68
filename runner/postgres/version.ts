/** Major version from `SHOW server_version_num` (e.g. 150018 -> 15, 90624 -> 9). */
export function serverMajor(serverVersionNum: string | number): number {
    const num = Number(serverVersionNum);
    if (!Number.isInteger(num) || num <= 0)
        throw new Error(`unexpected server_version_num ${serverVersionNum}`);
    // Before 10 the major version had two parts: 90624 is 9.6.
    return num >= 100000
        ? Math.floor(num / 10000)
        : Math.floor(num / 10000) + (Math.floor(num / 100) % 100) / 10;
}

/** Major version from `pg_dump --version` output such as "pg_dump (PostgreSQL) 15.18 (Debian ...)". */
export function clientMajor(versionOutput: string): number {
    const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(versionOutput);
    if (!match)
        throw new Error(`could not read a version from pg_dump --version output: ${versionOutput.trim()}`);
    const major = Number(match[1]);
    return major >= 10 ? major : Number(`${major}.${match[2] ?? 0}`);
}

/**
 * pg_dump refuses (or worse, half-works) against a newer server, so fail before any upload starts with a
 * message that says which client to install.
 */
export function versionMismatch(client: number, server: number, pgDumpPath: string): string | undefined {
    if (client >= server) return undefined;
    return (
        `pg_dump ${client} (${pgDumpPath}) is older than the PostgreSQL ${server} server; install ` +
        `postgresql-client-${server} or newer and point --pg-dump-path / PG_DUMP_PATH at its pg_dump`
    );
}
