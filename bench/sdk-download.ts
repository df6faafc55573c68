/**
 * The download half of the restore baselines: one object version, streamed to stdout with a plain SDK
 * GetObject, so `node sdk-download.js ... | zcat | psql` is what an operator would write by hand.
 *
 *   node .tmp/bench-build/bench/sdk-download.js --bucket B --key K
 *
 * Endpoint, region and credentials come from the SDK's variables (AWS_ENDPOINT_URL...), as for the runner.
 */
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

function arg(name: string): string {
    const at = process.argv.indexOf(`--${name}`);
    const value = at >= 0 ? process.argv[at + 1] : undefined;
    if (value === undefined) throw new Error(`\`--${name}\` is required`);
    return value;
}

async function main(): Promise<void> {
    const client = new S3Client({ forcePathStyle: process.env.AWS_ENDPOINT_URL !== undefined });
    const response = await client.send(new GetObjectCommand({ Bucket: arg("bucket"), Key: arg("key") }));
    await pipeline(response.Body as Readable, process.stdout);
    client.destroy();
}

main().catch((error: unknown) => {
    process.stderr.write(`sdk-download: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
});
