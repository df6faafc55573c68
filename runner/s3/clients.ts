import { S3Client } from "@aws-sdk/client-s3";
import { explainAccessDenials } from "../access-denied";
import { RetryWindowStrategy } from "../aws-retry";

/**
 * Region, credentials and endpoint come from the SDK's own variables (AWS_REGION, AWS_PROFILE,
 * AWS_ACCESS_KEY_ID..., AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3). A custom endpoint means an emulator or
 * a private endpoint, where bucket-in-hostname addressing does not resolve, so it switches S3 to
 * path-style.
 *
 * Retries: every request rides out up to 40 s of S3 trouble (throttling, 5xx, refused or reset
 * connections) and gives up after 45 s of it (see aws-retry.ts); the dump then aborts its upload.
 *
 * Refusals: an AccessDenied names the IAM action and the resource the request needed (access-denied.ts),
 * unless `explainDenials` is false: the canary asks to be refused, and reads S3's refusal as S3 worded it.
 */
export function s3Endpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
    return env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
}

export function createS3Client(
    env: NodeJS.ProcessEnv = process.env,
    options: { explainDenials?: boolean } = {},
): S3Client {
    const endpoint = s3Endpoint(env);
    const client = new S3Client({
        endpoint,
        forcePathStyle: endpoint !== undefined,
        retryStrategy: new RetryWindowStrategy(),
    });
    return options.explainDenials === false ? client : explainAccessDenials(client);
}
