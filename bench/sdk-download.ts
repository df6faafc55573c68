/**
 * The benchmark's plain download: the object verify hashes, fetched with the same SDK and thrown away,
 * so that verify's throughput is measured against what the endpoint delivers, in the same run.
 *
 *   node .tmp/bench-build/bench/sdk-download.js --bucket B --key K --version-id V
 *
 * Endpoint, region and credentials come from the SDK's variables (AWS_ENDPOINT_URL...), as for the runner.
 */
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Readable } from "node:stream";

function arg(name: string): string {
    const at = process.argv.indexOf(`--${name}`);
    const value = at >= 0 ? process.argv[at + 1] : undefined;
    if (value === undefined) throw new Error(`\`--${name}\` is required`);
    return value;
}

async function main(): Promise<void> {
    const client = new S3Client({ forcePathStyle: process.env.AWS_ENDPOINT_URL !== undefined });
    const response = await client.send(
        new GetObjectCommand({ Bucket: arg("bucket"), Key: arg("key"), VersionId: arg("version-id") }),
    );
    if (!(response.Body instanceof Readable)) throw new Error("S3 returned no body");
    let bytes = 0;
    for await (const chunk of response.Body) bytes += (chunk as Buffer).length;
    process.stdout.write(`${bytes}\n`);
    client.destroy();
}

main().catch((error: unknown) => {
    process.stderr.write(`sdk-download: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
});
