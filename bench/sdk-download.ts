/**
 * A plain SDK download of one object version, the baseline two kinds of step compare with:
 * - the restore baselines stream it to stdout, so `node sdk-download.js ... | zcat | psql` is what an
 *   operator would write by hand;
 * - verify's baseline (`--discard`) counts the bytes and throws them away, so that verify's throughput is
 *   measured against what the endpoint delivers, in the same run.
 *
 *   node .tmp/bench-build/bench/sdk-download.js --bucket B --key K [--version-id V] [--discard]
 *
 * Endpoint, region and credentials come from the SDK's variables (AWS_ENDPOINT_URL...), as for the runner.
 */
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

function option(name: string): string | undefined {
    const at = process.argv.indexOf(`--${name}`);
    return at >= 0 ? process.argv[at + 1] : undefined;
}

function arg(name: string): string {
    const value = option(name);
    if (value === undefined) throw new Error(`\`--${name}\` is required`);
    return value;
}

async function main(): Promise<void> {
    const client = new S3Client({ forcePathStyle: process.env.AWS_ENDPOINT_URL !== undefined });
    const response = await client.send(
        new GetObjectCommand({ Bucket: arg("bucket"), Key: arg("key"), VersionId: option("version-id") }),
    );
    if (!(response.Body instanceof Readable)) throw new Error("S3 returned no body");
    if (process.argv.includes("--discard")) {
        let bytes = 0;
        for await (const chunk of response.Body) bytes += (chunk as Buffer).length;
        process.stdout.write(`${bytes}\n`);
    } else {
        await pipeline(response.Body, process.stdout);
    }
    client.destroy();
}

main().catch((error: unknown) => {
    process.stderr.write(`sdk-download: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
});
