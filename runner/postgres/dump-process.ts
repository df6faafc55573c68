import { runCommand, type RunningProcess, startProcess } from "../run-command";

export async function pgDumpVersion(pgDumpPath: string): Promise<string> {
    let result;
    try {
        result = await runCommand(pgDumpPath, ["--version"]);
    } catch (error) {
        throw new Error(
            `could not run ${pgDumpPath}: ${(error as Error).message}. Install the PostgreSQL client ` +
                "(pg_dump) matching the server's major version or set --pg-dump-path / PG_DUMP_PATH.",
        );
    }
    if (result.code !== 0) throw new Error(`${pgDumpPath} --version failed: ${result.stderr.trim()}`);
    return result.stdout.trim();
}

/** Arguments for a consistent plain-SQL dump at an exported snapshot (the transaction must stay open). */
export function pgDumpArgs(snapshotId: string): string[] {
    // The database comes from PGDATABASE in the environment, like every other connection setting.
    return ["--format=plain", `--snapshot=${snapshotId}`, "--no-password", "--quote-all-identifiers"];
}

/** Starts pg_dump at the snapshot with nothing on its stdin; the caller streams its stdout. */
export function startPgDump(pgDumpPath: string, snapshotId: string, env: NodeJS.ProcessEnv): RunningProcess {
    const pgDump = startProcess("pg_dump", pgDumpPath, pgDumpArgs(snapshotId), env);
    pgDump.child.stdin.end();
    return pgDump;
}
