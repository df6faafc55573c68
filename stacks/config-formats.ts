/**
 * Shapes of the identifiers AWS accepts, as zod schemas whose messages say what
 * a right value looks like. Kept apart from the config layout so components and
 * the runner can reuse the same checks.
 */
import { z } from "zod";

import {
    ACCOUNT_ID,
    awsIdPattern,
    isBucketName,
    parseKmsKeyArn,
    parseRoleArn,
    parseSecretArn,
    REGION,
    ROLE_NAME,
    VAULT_NAME,
} from "../shared/aws-identifiers";
import { DATABASE_NAME, KEY_PREFIX } from "../shared/object-key";

export { ACCOUNT_ID, parseKmsKeyArn, parseRoleArn, parseSecretArn, REGION };

export const accountId = z.string().regex(ACCOUNT_ID, {
    error: (i) => `must be a 12-digit AWS account ID in quotes (got ${JSON.stringify(i.input)})`,
});

export const region = z.string().regex(REGION, {
    error: (i) => `must be an AWS region such as "ap-southeast-4" (got ${JSON.stringify(i.input)})`,
});

export const roleArn = z.string().refine((s) => parseRoleArn(s) !== undefined, {
    error: (i) =>
        `must be an IAM role ARN such as "arn:aws:iam::123456789012:role/name" (got ${JSON.stringify(i.input)})`,
});

export const kmsKeyArn = z.string().refine((s) => parseKmsKeyArn(s) !== undefined, {
    error: (i) =>
        `must be a KMS key ARN such as "arn:aws:kms:<region>:<account>:key/<key-id>"; aliases are not accepted (got ${JSON.stringify(i.input)})`,
});

export const secretArn = z.string().refine((s) => parseSecretArn(s) !== undefined, {
    error: (i) =>
        `must be a Secrets Manager ARN such as "arn:aws:secretsmanager:<region>:<account>:secret:<name>" (got ${JSON.stringify(i.input)})`,
});

/** S3 bucket naming rules (general purpose buckets): 3-63 chars, lowercase, digits, dots, hyphens. */
export const bucketName = z.string().refine(isBucketName, {
    error: (i) =>
        `must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens (got ${JSON.stringify(i.input)})`,
});

/**
 * A database name that is safe inside an S3 key, a CodeBuild project name and a
 * Pulumi resource name: lowercase letter first, then lowercase letters, digits,
 * `_` or `-`, at most 40 characters (the rest of the 64-character schedule name
 * is the prefix).
 */
export const databaseName = z.string().regex(DATABASE_NAME, {
    error: (i) =>
        `must start with a lowercase letter and use only lowercase letters, digits, "_" or "-", at most 40 characters (got ${JSON.stringify(i.input)})`,
});

/** IAM role names: 1-64 of letters, digits and `+=,.@_-`. */
export const roleName = z.string().regex(ROLE_NAME, {
    error: (i) =>
        `must be an IAM role name of 1-64 characters from [A-Za-z0-9+=,.@_-] (got ${JSON.stringify(i.input)})`,
});

/** A short lowercase label used in every resource name. */
export const environmentName = z.string().regex(/^[a-z][a-z0-9-]{1,15}$/, {
    error: (i) => `must be 2-16 lowercase letters, digits or "-" (got ${JSON.stringify(i.input)})`,
});

/** AWS Backup vault names: 2-50 letters, digits, hyphens, underscores. */
export const vaultName = z.string().regex(VAULT_NAME, {
    error: (i) => `must be 2-50 letters, digits, "-" or "_" (got ${JSON.stringify(i.input)})`,
});

/** Where dumps are written: one lowercase path segment (shared/object-key.ts). */
export const keyPrefix = z.string().regex(KEY_PREFIX, {
    error: (i) => `must be a lowercase path segment without "/" (got ${JSON.stringify(i.input)})`,
});

/** The Pulumi stack reference form `<org>/<project>/<stack>`. */
export const stackReferenceName = z.string().regex(/^[\w.-]+\/[\w.-]+\/[\w.-]+$/, {
    error: (i) =>
        `must be a fully qualified stack name "<org>/<project>/<stack>" (got ${JSON.stringify(i.input)})`,
});

export const intInRange = (min: number, max: number, why = "") =>
    z
        .number({
            error: (i) => `must be a whole number between ${min} and ${max} (got ${JSON.stringify(i.input)})`,
        })
        .refine((n) => Number.isInteger(n) && n >= min && n <= max, {
            error: (i) => {
                const n = i.input as number;
                const bound =
                    n < min
                        ? `at least ${min}`
                        : n > max
                          ? `at most ${max}`
                          : `a whole number between ${min} and ${max}`;
                return `must be ${bound}${why} (got ${n})`;
            },
        });

/** `vpc-`, `subnet-`, `sg-` identifiers. */
export const awsId = (prefix: string) =>
    z.string().regex(awsIdPattern(prefix), {
        error: (i) => `must be an ID such as "${prefix}-0123456789abcdef0" (got ${JSON.stringify(i.input)})`,
    });
