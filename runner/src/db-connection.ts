import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { z } from "zod";
import { createSecretsManagerClient } from "./aws-clients";
import { label } from "./config";
import { pgSslConfig } from "./pg-ssl";

/** Everything needed to reach one database; the password never leaves memory except via PGPASSWORD. */
export interface DbConnection {
    host?: string;
    port?: number;
    user?: string;
    password?: string;
    database: string;
}

/** The JSON that RDS stores in a managed master-user secret (and that rotation lambdas keep current). */
export const rdsSecretSchema = z.object({
    username: z.string().min(1),
    password: z.string().min(1),
    host: z.string().optional(),
    port: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
    dbname: z.string().optional(),
});
export type RdsSecret = z.infer<typeof rdsSecretSchema>;

export function parseRdsSecret(secretString: string, arn: string): RdsSecret {
    let json: unknown;
    try {
        json = JSON.parse(secretString);
    } catch {
        throw new Error(
            `secret ${arn} is not JSON; expected the RDS form {username,password,host,port,dbname}`,
        );
    }
    const result = rdsSecretSchema.safeParse(json);
    if (!result.success) {
        const fields = result.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
        throw new Error(
            `secret ${arn} lacks or mistypes ${fields}; expected {username,password,host,port,dbname}`,
        );
    }
    return result.data;
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
    const client = createSecretsManagerClient(explicit.secretArn);
    try {
        const response = await client.send(new GetSecretValueCommand({ SecretId: explicit.secretArn }));
        if (!response.SecretString) {
            throw new Error(
                `secret ${explicit.secretArn} has no SecretString (binary secrets are not supported)`,
            );
        }
        return mergeConnection(explicit, parseRdsSecret(response.SecretString, explicit.secretArn));
    } catch (error) {
        throw new Error(
            `could not read the database secret ${explicit.secretArn}: ${(error as Error).message}. ` +
                "Check the ARN, the region (AWS_REGION) and secretsmanager:GetSecretValue on the runner role.",
        );
    } finally {
        client.destroy();
    }
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
        ssl: pgSslConfig(env),
    };
}
