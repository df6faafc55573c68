import type { Client } from "pg";
import { qualifiedName } from "./identifiers";

/** Exact row counts keyed by `schema.table` (both parts quoted as in SQL). */
export type RowCounts = Record<string, number>;

/**
 * Ordinary tables (and partitions) whose data pg_dump writes: system schemas and tables that belong to
 * an extension are excluded, partitioned parents are skipped because their rows are counted in their
 * partitions.
 */
const USER_TABLES_SQL = `
    SELECT n.nspname AS schema, c.relname AS table
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY 1, 2`;

export async function countRows(client: Client): Promise<RowCounts> {
    const tables = await client.query<{ schema: string; table: string }>(USER_TABLES_SQL);
    const counts: RowCounts = {};
    for (const { schema, table } of tables.rows) {
        const name = qualifiedName(schema, table);
        // ONLY: a parent table's count must not include rows of inheritance children, which are counted on their own.
        const result = await client.query<{ count: string }>(`SELECT count(*) AS count FROM ONLY ${name}`);
        counts[name] = Number(result.rows[0].count);
    }
    return counts;
}

/** The server's roles except the built-in `pg_*` ones, which every cluster has. */
export async function listRoles(client: Client): Promise<string[]> {
    const result = await client.query<{ rolname: string }>(
        "SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' ORDER BY rolname",
    );
    return result.rows.map((r) => r.rolname);
}

export interface ServerInfo {
    serverVersion: string;
    serverVersionNum: string;
}

export async function serverInfo(client: Client): Promise<ServerInfo> {
    const version = await client.query<{ server_version: string }>("SHOW server_version");
    const num = await client.query<{ server_version_num: string }>("SHOW server_version_num");
    return {
        serverVersion: version.rows[0].server_version,
        serverVersionNum: num.rows[0].server_version_num,
    };
}

/**
 * A REPEATABLE READ transaction whose snapshot is exported for `pg_dump --snapshot`, so the dump and the
 * row counts see the same data. The transaction must stay open until pg_dump has finished.
 */
export class ExportedSnapshot {
    private constructor(
        readonly client: Client,
        readonly snapshotId: string,
    ) {}

    static async open(client: Client): Promise<ExportedSnapshot> {
        await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        const result = await client.query<{ snapshot: string }>("SELECT pg_export_snapshot() AS snapshot");
        return new ExportedSnapshot(client, result.rows[0].snapshot);
    }

    async close(): Promise<void> {
        await this.client.query("COMMIT");
    }
}
