import * as path from "node:path";
import { Client } from "pg";
import type { PostgresCluster } from "../../devtools";
import { quoteIdent } from "../../runner/postgres";
import type { Children } from "./children";

/**
 * What a real application database has and a dump must carry: pgbench's tables (the bulk), unicode text,
 * bytea, exact numerics, a second schema, a table owned by and granted to roles of its own (which a plain
 * dump names without creating, and `drill --ephemeral` creates from the manifest), and a large object
 * (pg_dump writes those in a transaction of their own).
 */
const TYPED_TABLES_SQL = `
    CREATE SCHEMA ledger;
    CREATE TABLE ledger.entries (
        id bigserial PRIMARY KEY, booked_at timestamptz NOT NULL, amount numeric(14, 2) NOT NULL,
        currency char(3) NOT NULL, memo text, receipt bytea);
    INSERT INTO ledger.entries (booked_at, amount, currency, memo, receipt)
    SELECT '2026-01-01'::timestamptz + g * interval '7 minutes', round((g * 13.37) % 100000, 2),
           (ARRAY['EUR', 'USD', 'JPY', 'CHF'])[1 + g % 4],
           (ARRAY['Zürich – Grüße', '東京の領収書', 'Ελληνικά τιμολόγια', 'emoji 🐘🔒', 'quote '' and \\ backslash'])[1 + g % 5],
           decode(md5(g::text) || md5((g * 7)::text), 'hex')
    FROM generate_series(1, 5000) g;
    CREATE TABLE public.customers (id int PRIMARY KEY, name text NOT NULL, balance numeric(20, 6), tags text[]);
    INSERT INTO public.customers
    SELECT g, (ARRAY['Åsa Öberg', 'José Núñez', '李小龙', 'Zoë Ångström'])[1 + g % 4] || ' #' || g,
           (g * 1234.567891)::numeric(20, 6), ARRAY['tier-' || (g % 3), 'since-' || (2000 + g % 25)]
    FROM generate_series(1, 2000) g;
    ALTER TABLE ledger.entries OWNER TO strongbox_demo_owner;
    GRANT SELECT ON ALL TABLES IN SCHEMA ledger TO strongbox_demo_reader;
    SELECT lo_from_bytea(0, convert_to(repeat('a large object, stored apart from any table. ', 2000), 'UTF8'));`;

/** Roles are the cluster's, not one database's: created once, before the first database. */
const ROLES_SQL = `
    DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'strongbox_demo_owner') THEN
            CREATE ROLE strongbox_demo_owner NOLOGIN;
        END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'strongbox_demo_reader') THEN
            CREATE ROLE strongbox_demo_reader NOLOGIN;
        END IF;
    END $$;`;

/**
 * The progress bar's total, an estimate of the plain dump's size: the tables' pages on disk less what
 * only the disk holds, 28 bytes a row (a 23-byte tuple header, aligned, and a 4-byte line pointer), plus
 * the large objects. Within a few percent for pgbench's tables; the bar says "about".
 */
const TABLE_BYTES_SQL = `
    SELECT coalesce(sum(pg_relation_size(c.oid) + coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0)
                        - 28 * greatest(c.reltuples, 0)), 0)::bigint
         + (SELECT coalesce(sum(octet_length(data)), 0) FROM pg_largeobject)::bigint AS bytes
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')`;

async function withDatabase<T>(cluster: PostgresCluster, database: string, use: (c: Client) => Promise<T>) {
    const client = new Client({ ...cluster, database });
    await client.connect();
    try {
        return await use(client);
    } finally {
        await client.end().catch(() => undefined);
    }
}

export interface SampleDatabase {
    name: string;
    /** Roughly the size of its plain dump (the tables' bytes on disk). */
    estimatedDumpBytes: number;
}

/** Creates `name` with pgbench's tables at `scale` (100,000 accounts per unit) and the typed tables above. */
export async function createSampleDatabase(
    cluster: PostgresCluster,
    children: Children,
    name: string,
    scale: number,
): Promise<SampleDatabase> {
    await withDatabase(cluster, "postgres", async (c) => {
        await c.query(ROLES_SQL);
        await c.query(`CREATE DATABASE ${quoteIdent(name)}`);
    });
    const pgbench = await children.run(
        path.join(cluster.bindir, "pgbench"),
        ["--initialize", `--scale=${scale}`, "--quiet", name],
        { env: { ...process.env, ...cluster.env } },
    );
    if (pgbench.code !== 0) {
        throw new Error(
            `pgbench --initialize ${name} failed (${pgbench.signal ?? pgbench.code}): ${pgbench.stderr.trim()}`,
        );
    }
    return withDatabase(cluster, name, async (c) => {
        await c.query(TYPED_TABLES_SQL);
        const bytes = await c.query<{ bytes: string }>(TABLE_BYTES_SQL);
        return { name, estimatedDumpBytes: Number(bytes.rows[0].bytes) };
    });
}
