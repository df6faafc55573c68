import type { Client } from "pg";
import { quoteIdent } from "./identifiers";

export async function databaseExists(admin: Client, name: string): Promise<boolean> {
    const result = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return (result.rowCount ?? 0) > 0;
}

export async function createDatabase(admin: Client, name: string): Promise<void> {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
}

/** WITH (FORCE) (PostgreSQL 13+) ends sessions a failed restore may have left behind. */
export async function dropDatabase(admin: Client, name: string): Promise<void> {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}

/** Relations (tables, views, sequences...) outside the system schemas: anything means "not empty". */
export async function userRelationCount(db: Client): Promise<number> {
    const result = await db.query<{ count: string }>(
        `SELECT count(*) AS count FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
           AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`,
    );
    return Number(result.rows[0].count);
}
