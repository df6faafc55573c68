/**
 * Shapes of the identifiers AWS accepts, as zod schemas whose messages say what
 * a right value looks like. Kept apart from the config layout so components and
 * the runner can reuse the same checks.
 */
import { z } from "zod";

export const ACCOUNT_ID = /^\d{12}$/;
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const KMS_KEY_ARN =
    /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:[\w/+=.@!-]+$/;

/** Parses the account and role name out of an IAM role ARN, or undefined when it is not one. */
export function parseRoleArn(arn: string): { accountId: string; roleName: string } | undefined {
    const m = ROLE_ARN.exec(arn);
    return m ? { accountId: m[1], roleName: m[2] } : undefined;
}

/** Parses region and account out of a KMS key ARN (aliases are refused: policies need the key ARN). */
export function parseKmsKeyArn(arn: string): { region: string; accountId: string } | undefined {
    const m = KMS_KEY_ARN.exec(arn);
    return m ? { region: m[1], accountId: m[2] } : undefined;
}

/** Parses region and account out of a Secrets Manager secret ARN. */
export function parseSecretArn(arn: string): { region: string; accountId: string } | undefined {
    const m = SECRET_ARN.exec(arn);
    return m ? { region: m[1], accountId: m[2] } : undefined;
}

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
export const bucketName = z
    .string()
    .refine(
        (s) =>
            /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(s) &&
            !s.includes("..") &&
            !/^\d+\.\d+\.\d+\.\d+$/.test(s) &&
            !s.startsWith("xn--") &&
            !s.endsWith("-s3alias"),
        {
            error: (i) =>
                `must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens (got ${JSON.stringify(i.input)})`,
        },
    );

/**
 * A database name that is safe inside an S3 key, a CodeBuild project name and a
 * Pulumi resource name: lowercase letter first, then lowercase letters, digits,
 * `_` or `-`, at most 40 characters (the rest of the 64-character schedule name
 * is the prefix).
 */
export const databaseName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, {
    error: (i) =>
        `must start with a lowercase letter and use only lowercase letters, digits, "_" or "-", at most 40 characters (got ${JSON.stringify(i.input)})`,
});

/** IAM role names: 1-64 of letters, digits and `+=,.@_-`. */
export const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, {
    error: (i) =>
        `must be an IAM role name of 1-64 characters from [A-Za-z0-9+=,.@_-] (got ${JSON.stringify(i.input)})`,
});

/** A short lowercase label used in every resource name. */
export const environmentName = z.string().regex(/^[a-z][a-z0-9-]{1,15}$/, {
    error: (i) => `must be 2-16 lowercase letters, digits or "-" (got ${JSON.stringify(i.input)})`,
});

/** AWS Backup vault names: 2-50 letters, digits, hyphens, underscores. */
export const vaultName = z.string().regex(/^[a-zA-Z0-9_-]{2,50}$/, {
    error: (i) => `must be 2-50 letters, digits, "-" or "_" (got ${JSON.stringify(i.input)})`,
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
    z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8}([0-9a-f]{9})?$`), {
        error: (i) => `must be an ID such as "${prefix}-0123456789abcdef0" (got ${JSON.stringify(i.input)})`,
    });
