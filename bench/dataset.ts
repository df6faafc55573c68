import { Client } from "pg";
import type { PostgresCluster } from "../devtools";

/**
 * Dump bytes per generated row, measured (plain-format COPY lines of `fill` below average ~80 bytes).
 * Used only to turn a requested dump size into a row count; the bench reports the real size.
 */
export const DUMP_BYTES_PER_ROW = 80;
const TABLES = 4;

/**
 * Rows that compress like real data (~2.6:1 under gzip -6), not like pgbench's blank-padded filler
 * (35:1), which would hide the cost of compression: an id, small integers, a timestamp, a status word
 * and an md5 hex string (random to deflate, half of the line).
 */
function fill(table: string, from: number, to: number): string {
    return `INSERT INTO ${table}
        SELECT i, i % 100, (i * 37) % 100000, timestamptz '2026-01-01' + i * interval '1 second',
               (ARRAY['active', 'closed', 'pending'])[1 + i % 3], md5(i::text)
        FROM generate_series(${from}, ${to}) AS i`;
}

/**
 * Creates database `name` with `rows` rows spread over four tables, two loaded at a time (one per core).
 * Each table is created and filled in one transaction, which with `wal_level = minimal` writes no WAL
 * for the rows: a normal logged table (UNLOGGED would dump the same, but a backup bench should dump the
 * kind of table backups are for), loaded at the speed of an unlogged one.
 * VACUUM FREEZE afterwards so that no dump pays for setting hint bits on first read.
 */
export async function createDataset(cluster: PostgresCluster, name: string, rows: number): Promise<void> {
    await withClient(cluster, "postgres", (client) => client.query(`CREATE DATABASE ${name}`));
    const perTable = Math.ceil(rows / TABLES);
    const load = async (t: number) =>
        withClient(cluster, name, async (client) => {
            const table = `accounts_${t}`;
            await client.query("BEGIN");
            await client.query(
                `CREATE TABLE ${table} (aid bigint NOT NULL, bid int NOT NULL, abalance int NOT NULL,
                 updated_at timestamptz NOT NULL, status text NOT NULL, note text NOT NULL)`,
            );
            await client.query(fill(table, t * perTable + 1, (t + 1) * perTable));
            await client.query("COMMIT");
            await client.query(`VACUUM (FREEZE, ANALYZE) ${table}`);
        });
    for (let t = 0; t < TABLES; t += 2) {
        await Promise.all([load(t), load(t + 1)]);
    }
}

async function withClient<T>(
    cluster: PostgresCluster,
    database: string,
    use: (c: Client) => Promise<T>,
): Promise<T> {
    const client = new Client({ host: cluster.host, port: cluster.port, user: cluster.user, database });
    await client.connect();
    try {
        return await use(client);
    } finally {
        await client.end();
    }
}
