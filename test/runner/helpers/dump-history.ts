import type { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import {
    type MotoServer,
    type PostgresCluster,
    startMotoServer,
    startPostgresCluster,
} from "../../../devtools";
import { createKmsKey, createLockedBucket, s3For } from "./aws-fixtures";
import { seedVariedDatabase, withClient } from "./pg-fixtures";
import { runCli } from "./run-cli";
import { runnerEnv } from "./runner-env";

export interface HistoryDump {
    key: string;
    versionId: string;
    /** S3's LastModified of the dump, as list reports it. */
    storedAt: Date;
}

/**
 * Databases with several dumps each, S3-stored at least a second apart (S3's clock has whole seconds),
 * each dump recognisable after a restore: before dump n of a database its `marks` table gets its n-th row.
 */
export interface DumpHistory {
    pg: PostgresCluster;
    moto: MotoServer;
    s3: S3Client;
    bucket: string;
    kmsArn: string;
    /** Everything the CLI needs: the cluster, moto, the bucket, the key, pg_dump and psql of the cluster. */
    env: Record<string, string>;
    /** Per database, oldest first. */
    dumps: Record<string, HistoryDump[]>;
    stop(): Promise<void>;
}

export async function createDumpHistory(rounds: Record<string, number>): Promise<DumpHistory> {
    const pg = await startPostgresCluster({ password: "pw-for-history" });
    const moto = await startMotoServer().catch(async (error: unknown) => {
        await pg.stop();
        throw error;
    });
    const s3 = s3For(moto);
    const stop = async () => {
        s3.destroy();
        await moto.stop();
        await pg.stop();
    };
    try {
        const kmsArn = (await createKmsKey(moto)).arn;
        const bucket = await createLockedBucket(s3, 30);
        const env = runnerEnv(pg, moto, { bucket, kmsArn, retentionDays: 30 });
        const dumps: Record<string, HistoryDump[]> = {};
        for (const database of Object.keys(rounds)) {
            await seedVariedDatabase(pg, database, { bigRows: 0 });
            await withClient(pg, database, (c) => c.query("CREATE TABLE marks (n int)"));
            dumps[database] = [];
        }
        const most = Math.max(...Object.values(rounds));
        for (let round = 1; round <= most; round++) {
            if (round > 1) await new Promise((resolve) => setTimeout(resolve, 1100));
            for (const [database, count] of Object.entries(rounds)) {
                if (round > count) continue;
                await withClient(pg, database, (c) => c.query("INSERT INTO marks VALUES ($1)", [round]));
                const result = await runCli(["dump", "--dbname", database], env);
                expect(result.code, result.stderr).to.equal(0);
                const summary = JSON.parse(result.stdout) as { key: string; versionId: string };
                dumps[database].push({ ...summary, storedAt: new Date(0) });
            }
        }
        for (const database of Object.keys(rounds)) {
            const listed = await runCli(["list", "--dbname", database, "--json"], env);
            expect(listed.code, listed.stderr).to.equal(0);
            const stored = JSON.parse(listed.stdout) as Array<{ key: string; storedAt: string }>;
            for (const dump of dumps[database]) {
                dump.storedAt = new Date(stored.find((s) => s.key === dump.key)!.storedAt);
            }
        }
        return { pg, moto, s3, bucket, kmsArn, env, dumps, stop };
    } catch (error) {
        await stop();
        throw error;
    }
}

/** How many `marks` rows a restored copy holds: which dump of the history it came from. */
export async function marksIn(pg: PostgresCluster, database: string): Promise<number> {
    return withClient(pg, database, async (c) =>
        Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM marks")).rows[0].n),
    );
}

/** A time halfway between two stored dumps (or `ms` after one), as ISO 8601. */
export const between = (a: Date, b: Date) => new Date((a.getTime() + b.getTime()) / 2).toISOString();
