import * as path from "node:path";
import type { MotoServer, PostgresCluster } from "../../../devtools";

/**
 * The environment the runner's integration tests give the CLI: the throwaway server and its client
 * programs, moto's endpoint and credentials, and the backup target (bucket, key, retention).
 */
export function runnerEnv(
    pg: PostgresCluster,
    moto: MotoServer,
    target: { bucket: string; kmsArn: string; retentionDays: number },
): Record<string, string> {
    return {
        ...pg.env,
        ...moto.env,
        BACKUP_BUCKET: target.bucket,
        BACKUP_KMS_KEY_ID: target.kmsArn,
        BACKUP_RETENTION_DAYS: String(target.retentionDays),
        PG_DUMP_PATH: path.join(pg.bindir, "pg_dump"),
        PSQL_PATH: path.join(pg.bindir, "psql"),
    };
}
