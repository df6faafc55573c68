import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { z } from "zod";
import { parseSecretArn } from "../../shared/aws-identifiers";
import { explainAccessDenials } from "../access-denied";
import { RetryWindowStrategy } from "../aws-retry";

/** The JSON that RDS stores in a managed master-user secret (and that rotation lambdas keep current). */
export const rdsSecretSchema = z.object({
    username: z.string().min(1),
    password: z.string().min(1),
    host: z.string().optional(),
    port: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
    dbname: z.string().optional(),
});
export type RdsSecret = z.infer<typeof rdsSecretSchema>;

export function parseRdsSecret(secretString: string, arn: string): RdsSecret {
    let json: unknown;
    try {
        json = JSON.parse(secretString);
    } catch {
        throw new Error(
            `secret ${arn} is not JSON; expected the RDS form {username,password,host,port,dbname}`,
        );
    }
    const result = rdsSecretSchema.safeParse(json);
    if (!result.success) {
        const fields = result.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
        throw new Error(
            `secret ${arn} lacks or mistypes ${fields}; expected {username,password,host,port,dbname}`,
        );
    }
    return result.data;
}

/** The region inside a Secrets Manager ARN (the stack config's own parser), or undefined for a plain name. */
export function regionOfArn(arn: string): string | undefined {
    return parseSecretArn(arn)?.region;
}

/**
 * The database secret lives in the source account's region while AWS_REGION points at the backup bucket's
 * (the CodeBuild job sets it so), so a secret given as an ARN is read in the ARN's own region.
 */
export function createSecretsManagerClient(
    secretId: string,
    env: NodeJS.ProcessEnv = process.env,
): SecretsManagerClient {
    const endpoint = env.AWS_ENDPOINT_URL_SECRETS_MANAGER || env.AWS_ENDPOINT_URL || undefined;
    const client = new SecretsManagerClient({
        endpoint,
        region: regionOfArn(secretId),
        // The same patience as S3's: a secret read at the start of a nightly dump must not fail on a blip.
        retryStrategy: new RetryWindowStrategy(),
    });
    // A refusal names `secretsmanager:GetSecretValue` on the secret (and `kms:Decrypt` on its key).
    return explainAccessDenials(client);
}

/** Reads and parses the RDS secret; the message says what to check without echoing the secret. */
export async function readRdsSecret(secretArn: string): Promise<RdsSecret> {
    const client = createSecretsManagerClient(secretArn);
    try {
        const response = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
        if (!response.SecretString) {
            throw new Error(`secret ${secretArn} has no SecretString (binary secrets are not supported)`);
        }
        return parseRdsSecret(response.SecretString, secretArn);
    } catch (error) {
        throw new Error(
            `could not read the database secret ${secretArn}: ${(error as Error).message}. ` +
                "Check the ARN, the region (AWS_REGION) and secretsmanager:GetSecretValue on the runner role.",
        );
    } finally {
        client.destroy();
    }
}
