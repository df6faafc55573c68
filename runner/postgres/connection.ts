import { Client } from "pg";
import { label } from "../config";
import { type RdsSecret, readRdsSecret } from "./secret";
import { pgSslConfig } from "./ssl";

/** Everything needed to reach one database; the password never leaves memory except via PGPASSWORD. */
export interface DbConnection {
    host?: string;
    port?: number;
    user?: string;
    password?: string;
    database: string;
    /**
     * `disable` for a server the runner started itself on loopback (drill --ephemeral): it has no TLS, and
     * PGSSLMODE in the environment is meant for the servers it names. Unset: PGSSLMODE decides.
     */
    sslmode?: "disable";
}

/**
 * Explicit settings (flags, then PG* variables) win over the secret, so one RDS secret can serve every
 * database on an instance with `--dbname`/PGDATABASE choosing which.
 */
export function mergeConnection(
    explicit: { host?: string; port?: number; user?: string; password?: string; database?: string },
    secret: RdsSecret | undefined,
): DbConnection {
    const database = explicit.database ?? secret?.dbname;
    if (database === undefined) {
        throw new Error(
            `${label("database")} is required (or a \`dbname\` in the ${label("secretArn")} secret)`,
        );
    }
    return {
        host: explicit.host ?? secret?.host,
        port: explicit.port ?? secret?.port,
        user: explicit.user ?? secret?.username,
        password: explicit.password ?? secret?.password,
        database,
    };
}

export async function resolveConnection(explicit: {
    host?: string;
    port?: number;
    user?: string;
    password?: string;
    database?: string;
    secretArn?: string;
}): Promise<DbConnection> {
    if (!explicit.secretArn) return mergeConnection(explicit, undefined);
    return mergeConnection(explicit, await readRdsSecret(explicit.secretArn));
}

/**
 * Environment for pg_dump/psql children: the password travels in PGPASSWORD, never in argv. PGSSLMODE and
 * PGSSLROOTCERT pass through untouched, so libpq encrypts and verifies as pgClientConfig's `ssl` does.
 */
export function libpqEnv(connection: DbConnection, database: string, base: NodeJS.ProcessEnv = process.env) {
    const env: NodeJS.ProcessEnv = { ...base, PGDATABASE: database };
    if (connection.host !== undefined) env.PGHOST = connection.host;
    if (connection.port !== undefined) env.PGPORT = String(connection.port);
    if (connection.user !== undefined) env.PGUSER = connection.user;
    if (connection.password !== undefined) env.PGPASSWORD = connection.password;
    if (connection.sslmode !== undefined) env.PGSSLMODE = connection.sslmode;
    return env;
}

/**
 * node-postgres settings. `ssl` is always explicit: left undefined, node-postgres would read PGSSLMODE
 * itself and get `require` and `verify-*` wrong (see pgSslConfig).
 */
export function pgClientConfig(
    connection: DbConnection,
    database: string = connection.database,
    env: NodeJS.ProcessEnv = process.env,
) {
    return {
        host: connection.host,
        port: connection.port,
        user: connection.user,
        password: connection.password,
        database,
        application_name: "strongbox",
        ssl: connection.sslmode === "disable" ? false : pgSslConfig(env),
    };
}

export async function connect(connection: DbConnection, database?: string): Promise<Client> {
    const client = new Client(pgClientConfig(connection, database));
    try {
        await client.connect();
    } catch (error) {
        const where = `${connection.host ?? "(PGHOST/default)"}:${connection.port ?? "(PGPORT/default)"}`;
        throw new Error(
            `could not connect to database ${database ?? connection.database} on ${where} as ` +
                `${connection.user ?? "(PGUSER/default)"}: ${(error as Error).message}. Check the host, port, ` +
                "database name, credentials (PGPASSWORD or DB_SECRET_ARN) and network access.",
        );
    }
    // A broken connection after connect must surface as a failed query, not crash the process.
    client.on("error", () => undefined);
    return client;
}
