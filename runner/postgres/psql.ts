import { type RunningProcess, startProcess } from "../run-command";
import { type DbConnection, libpqEnv } from "./connection";

/**
 * psql reading SQL from stdin into `database` as one transaction that stops at the first error, so a
 * restore either commits whole or leaves nothing. psql commits when its stdin reaches EOF; the caller
 * decides between EOF and a kill. Its stdout is discarded; a write after psql exited fails with EPIPE,
 * which psql's exit status reports better than the pipe does.
 */
export function startPsql(psqlPath: string, connection: DbConnection, database: string): RunningProcess {
    const psql = startProcess(
        "psql",
        psqlPath,
        ["--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction", "--output=/dev/null"],
        libpqEnv(connection, database),
    );
    psql.child.stdout.resume();
    psql.child.stdin.on("error", () => undefined);
    return psql;
}
