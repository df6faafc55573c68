import { LIST_SETTINGS, type ListConfig, parseListConfig } from "../config";
import { createS3Client, headObject, listDumps } from "../s3";
import { formatListTable } from "./list-table";
import { defineCommand } from "./spec";

export interface ListedDump {
    key: string;
    dumpedAt: string;
    sizeBytes: number;
    hasManifest: boolean;
    lockMode: string | null;
    retainUntil: string | null;
    kmsKeyId: string | null;
}

/** Newest first; reads each shown dump's lock state, because "is it still locked?" is the first question. */
export async function runList(config: ListConfig): Promise<ListedDump[]> {
    const s3 = createS3Client();
    try {
        const dumps = (await listDumps(s3, config.bucket, config.keyPrefix, config.database)).slice(
            0,
            config.limit,
        );
        const listed: ListedDump[] = [];
        for (const dump of dumps) {
            const head = await headObject(s3, config.bucket, dump.key);
            listed.push({
                key: dump.key,
                dumpedAt: dump.at.toISOString(),
                sizeBytes: dump.size,
                hasManifest: dump.hasManifest,
                lockMode: head.ObjectLockMode ?? null,
                retainUntil: head.ObjectLockRetainUntilDate?.toISOString() ?? null,
                kmsKeyId: head.SSEKMSKeyId ?? null,
            });
        }
        return listed;
    } finally {
        s3.destroy();
    }
}

export const listCommand = defineCommand({
    name: "list",
    description: "List a database's dumps, newest first, with size, lock mode and retain-until.",
    settings: LIST_SETTINGS,
    parse: parseListConfig,
    run: async (config) => {
        const dumps = await runList(config);
        // People at a terminal get a table; scripts and CodeBuild get the JSON line.
        return { output: process.stdout.isTTY ? formatListTable(dumps) : dumps, ok: true };
    },
});
