import { Client } from "pg";
import type { PostgresCluster } from "../../../devtools";
import { quoteIdent } from "../../../runner/postgres";

export async function withClient<T>(
    cluster: PostgresCluster,
    database: string,
    use: (client: Client) => Promise<T>,
): Promise<T> {
    const client = new Client({
        host: cluster.host,
        port: cluster.port,
        user: cluster.user,
        password: cluster.password,
        database,
    });
    await client.connect();
    try {
        return await use(client);
    } finally {
        await client.end();
    }
}

export async function createDatabase(cluster: PostgresCluster, name: string): Promise<void> {
    await withClient(cluster, "postgres", (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
}

/**
 * A database that exercises what dumps get wrong: multi-MB bytea and text values (random, so they do not
 * compress away), unicode, an empty table, a few thousand ordinary rows, awkward identifiers, a second
 * schema, and common types.
 */
export async function seedVariedDatabase(
    cluster: PostgresCluster,
    name: string,
    options: { bigRows?: number; bigRowBytes?: number } = {},
): Promise<void> {
    await createDatabase(cluster, name);
    await withClient(cluster, name, async (c) => {
        await c.query(`
            CREATE TABLE orders (
                id bigserial PRIMARY KEY, customer text NOT NULL, amount numeric(12,2), placed_at timestamptz,
                tags text[], attrs jsonb, ref uuid, active boolean);
            INSERT INTO orders (customer, amount, placed_at, tags, attrs, ref, active)
            SELECT 'customer ' || g, (g * 1.37)::numeric(12,2), '2026-01-01'::timestamptz + g * interval '1 minute',
                   ARRAY['t' || (g % 7), 'x'], jsonb_build_object('n', g, 'odd', g % 2 = 1),
                   md5(g::text)::uuid, g % 3 = 0
            FROM generate_series(1, 3000) g;
            CREATE TABLE unicode_text (id int PRIMARY KEY, body text);
            INSERT INTO unicode_text VALUES (1, 'Zürich – 東京 – Ελληνικά – emoji 🐘🔒'), (2, E'tab\\there\\nnewline'),
                (3, 'quote '' and backslash \\ and "double"');
            CREATE TABLE empty_table (id int PRIMARY KEY, note text);
            CREATE TABLE "Mixed Case ""Quoted"" Table" (id int, "Value" text);
            INSERT INTO "Mixed Case ""Quoted"" Table" VALUES (1, 'a'), (2, NULL);
            CREATE SCHEMA audit;
            CREATE TABLE audit.events (id serial PRIMARY KEY, happened tstzrange, payload bytea);
            INSERT INTO audit.events (happened, payload)
            SELECT tstzrange(now() - interval '1 day', now()), decode(md5(g::text), 'hex') FROM generate_series(1, 500) g;
            CREATE TABLE blobs (id int PRIMARY KEY, data bytea, doc text);`);
        const bigRows = options.bigRows ?? 2;
        const bigRowBytes = options.bigRowBytes ?? 3 * 1024 * 1024;
        for (let i = 1; i <= bigRows; i++) {
            // gen_random_bytes needs pgcrypto; building from md5 of random() keeps the fixture extension-free.
            await c.query(
                `INSERT INTO blobs VALUES ($1,
                    (SELECT string_agg(decode(md5(random()::text || g), 'hex'), ''::bytea) FROM generate_series(1, $2) g),
                    (SELECT string_agg(md5(random()::text), '') FROM generate_series(1, $3) g))`,
                [i, Math.ceil(bigRowBytes / 16), Math.ceil(bigRowBytes / 32)],
            );
        }
    });
}

/** Per-table row count and content checksum, for comparing a restored database with its source. */
export async function tableFingerprints(
    cluster: PostgresCluster,
    database: string,
): Promise<Record<string, string>> {
    return withClient(cluster, database, async (c) => {
        const tables = await c.query<{ schema: string; table: string }>(`
            SELECT n.nspname AS schema, c.relname AS table FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' ORDER BY 1, 2`);
        const result: Record<string, string> = {};
        for (const { schema, table } of tables.rows) {
            const name = `${quoteIdent(schema)}.${quoteIdent(table)}`;
            const row = await c.query<{ n: string; digest: string }>(
                `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest
                 FROM ONLY ${name} t`,
            );
            result[name] = `${row.rows[0].n}:${row.rows[0].digest}`;
        }
        return result;
    });
}
