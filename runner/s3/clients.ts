import { S3Client } from "@aws-sdk/client-s3";

/**
 * Region, credentials and endpoint come from the SDK's own variables (AWS_REGION, AWS_PROFILE,
 * AWS_ACCESS_KEY_ID..., AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3). A custom endpoint means an emulator or
 * a private endpoint, where bucket-in-hostname addressing does not resolve, so it switches S3 to
 * path-style.
 *
 * Retries: the SDK's "standard" mode retries throttling, 5xx and connection errors with exponential
 * backoff and jitter; 8 attempts ride out roughly half a minute of S3 trouble per request before the
 * dump gives up (and aborts its multipart upload). The Secrets Manager client uses the same policy.
 */
export const MAX_ATTEMPTS = 8;

export function s3Endpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
    return env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
}

export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
    const endpoint = s3Endpoint(env);
    return new S3Client({
        endpoint,
        forcePathStyle: endpoint !== undefined,
        maxAttempts: MAX_ATTEMPTS,
        retryMode: "standard",
    });
}
