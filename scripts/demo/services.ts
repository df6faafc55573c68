import { randomBytes } from "node:crypto";
import * as path from "node:path";
import {
    createPostgresCluster,
    type MotoServer,
    type PostgresCluster,
    startMotoServer,
} from "../../devtools";
import { removeAbandonedClusters } from "../../runner/postgres";
import type { BucketPlan } from "./bucket-plan";
import type { DemoContext } from "./run-demo";

/** Directories of the demo's cluster start so; a demo killed outright leaves one, which the next removes. */
const CLUSTER_PREFIX = "strongbox-demo-";

/** The CLI's environment: the machine's (PATH, HOME, TMPDIR...) less anything that would point it elsewhere. */
export function cliEnvironment(plan: BucketPlan, moto: MotoServer, pg: PostgresCluster, kmsKeyArn: string) {
    const inherited = Object.entries(process.env).filter(
        ([k]) => !/^(AWS_|PG|BACKUP_|RESTORE_|DB_SECRET)/.test(k),
    );
    return {
        ...Object.fromEntries(inherited),
        ...pg.env,
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_REGION: plan.region,
        AWS_ACCESS_KEY_ID: "demo",
        AWS_SECRET_ACCESS_KEY: "demo",
        BACKUP_BUCKET: plan.bucketName,
        BACKUP_KMS_KEY_ID: kmsKeyArn,
        BACKUP_RETENTION_DAYS: String(plan.objectLock.days),
        BACKUP_KEY_PREFIX: plan.keyPrefix,
        PG_DUMP_PATH: path.join(pg.bindir, "pg_dump"),
        PSQL_PATH: path.join(pg.bindir, "psql"),
        PG_BINDIR: pg.bindir,
    };
}

export async function startServices(ctx: DemoContext) {
    const { progress, teardown } = ctx;
    for (const directory of await removeAbandonedClusters(CLUSTER_PREFIX)) {
        progress.note(`removed ${directory}, left by a demo that was killed`);
    }
    const pg = await progress.step(
        "starting a throwaway PostgreSQL",
        async () => {
            const handle = await createPostgresCluster({
                password: randomBytes(18).toString("base64url"),
                directoryPrefix: CLUSTER_PREFIX,
            });
            teardown.add("PostgreSQL", async () => {
                await handle.stop();
                return `PostgreSQL stopped, ${handle.baseDir} removed`;
            });
            return handle.start();
        },
        (c) => `PostgreSQL ${path.basename(path.dirname(c.bindir))} on 127.0.0.1:${c.port} in ${c.baseDir}`,
    );
    const moto = await progress.step(
        "starting moto_server (the S3 and KMS emulator)",
        async () => {
            const server = await startMotoServer({ signal: ctx.signal });
            teardown.add("moto_server", async () => {
                await server.stop();
                return `moto_server (pid ${server.pid}) stopped`;
            });
            return server;
        },
        (m) => `on ${m.endpoint}`,
    );
    return { pg, moto };
}
