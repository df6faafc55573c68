/**
 * Baselines (b) and (c) of the benchmark: the upload an engineer would write with the standard SDK,
 * lib-storage's `Upload` with its defaults (5 MiB parts, 4 in flight), from stdin or from a file.
 *
 *   node .tmp/bench-build/bench/sdk-upload.js --bucket B --key K --kms-key-id ARN [--file F] [--content-type T]
 *
 * Given a finished file, it is also step (u): the consumer's limit, i.e. how fast this endpoint takes
 * an object that is already compressed.
 *
 * Endpoint, region and credentials come from the SDK's variables (AWS_ENDPOINT_URL...), as for the runner.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import * as fs from "node:fs";

function arg(name: string, required = true): string | undefined {
    const at = process.argv.indexOf(`--${name}`);
    const value = at >= 0 ? process.argv[at + 1] : undefined;
    if (required && value === undefined) throw new Error(`\`--${name}\` is required`);
    return value;
}

async function main(): Promise<void> {
    const file = arg("file", false);
    const client = new S3Client({ forcePathStyle: process.env.AWS_ENDPOINT_URL !== undefined });
    const upload = new Upload({
        client,
        params: {
            Bucket: arg("bucket"),
            Key: arg("key"),
            Body: file === undefined ? process.stdin : fs.createReadStream(file),
            ContentType: arg("content-type", false) ?? "application/gzip",
            // Same encryption request as the runner, so both pay whatever the endpoint charges for it.
            ServerSideEncryption: "aws:kms",
            SSEKMSKeyId: arg("kms-key-id"),
        },
    });
    await upload.done();
    client.destroy();
}

main().catch((error: unknown) => {
    process.stderr.write(`sdk-upload: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
});
