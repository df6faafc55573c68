/** The source account's side of a job test: databases with an `orders` table, and their RDS-style secret. */
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import type { MotoServer, PostgresCluster } from "../../../devtools";

/**
 * Creates each database with 500 `orders` rows (the last one `500\torder 500` in a dump), and one
 * secret in `region`, as RDS shapes it (no `dbname`: the schedules name the database). Returns its ARN.
 */
export async function seedSourceSide(
    pg: PostgresCluster,
    moto: MotoServer,
    region: string,
    password: string,
    databases: readonly string[],
): Promise<string> {
    const psql = (db: string, sql: string) =>
        execFileSync(
            path.join(pg.bindir, "psql"),
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql],
            {
                env: { ...process.env, ...pg.env },
            },
        );
    for (const db of databases) {
        psql("postgres", `CREATE DATABASE ${db}`);
        psql(
            db,
            "CREATE TABLE orders (id int PRIMARY KEY, note text); INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 500) g;",
        );
    }
    const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
    const sm = new SecretsManagerClient({ endpoint: moto.endpoint, region, credentials });
    try {
        const secret = await sm.send(
            new CreateSecretCommand({
                Name: `rds-${databases[0]}`,
                SecretString: JSON.stringify({
                    engine: "postgres",
                    username: pg.user,
                    password,
                    host: pg.host,
                    port: pg.port,
                }),
            }),
        );
        return secret.ARN!;
    } finally {
        sm.destroy();
    }
}
