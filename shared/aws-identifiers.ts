/**
 * The shapes of the AWS identifiers Strongbox accepts, as plain patterns and parsers with no
 * dependencies: the stack config (zod schemas in `stacks/`), the components' own argument checks and
 * the runner all test values against these, so a value one layer accepts is never refused by another.
 */

export const ACCOUNT_ID = /^\d{12}$/;
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
/** `o-` and 10-32 lowercase letters or digits (AWS Organizations). */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** IAM role names: 1-64 of letters, digits and `+=,.@_-`. */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** AWS Backup vault names: 2-50 letters, digits, hyphens, underscores. */
export const VAULT_NAME = /^[a-zA-Z0-9_-]{2,50}$/;
/** A single-region key id or a multi-Region key id. */
export const KMS_KEY_ID =
    /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
/** An IPv4 CIDR block. */
export const IPV4_CIDR = /^(\d{1,3})(\.\d{1,3}){3}\/(\d|[12]\d|3[0-2])$/;

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const KMS_KEY_ARN = new RegExp(
    `^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\\d{12}):key\\/(${KMS_KEY_ID.source.slice(1, -1)})$`,
);
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:[\w/+=.@!-]+$/;

/** `vpc-`, `subnet-`, `sg-` identifiers: the prefix and 8 or 17 hex digits. */
export function awsIdPattern(prefix: string): RegExp {
    return new RegExp(`^${prefix}-[0-9a-f]{8}([0-9a-f]{9})?$`);
}

/** Parses the account and role name out of an IAM role ARN, or undefined when it is not one. */
export function parseRoleArn(arn: string): { accountId: string; roleName: string } | undefined {
    const m = ROLE_ARN.exec(arn);
    return m ? { accountId: m[1], roleName: m[2] } : undefined;
}

/** Parses region, account and key id out of a KMS key ARN (aliases are refused: policies need the key ARN). */
export function parseKmsKeyArn(
    arn: string,
): { region: string; accountId: string; keyId: string } | undefined {
    const m = KMS_KEY_ARN.exec(arn);
    return m ? { region: m[1], accountId: m[2], keyId: m[3] } : undefined;
}

/** Parses region and account out of a Secrets Manager secret ARN. */
export function parseSecretArn(arn: string): { region: string; accountId: string } | undefined {
    const m = SECRET_ARN.exec(arn);
    return m ? { region: m[1], accountId: m[2] } : undefined;
}

/** S3 naming rules for general purpose buckets: 3-63 lowercase letters, digits, dots, hyphens. */
export function isBucketName(s: string): boolean {
    return (
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(s) &&
        !s.includes("..") &&
        !/^\d+\.\d+\.\d+\.\d+$/.test(s) &&
        !s.startsWith("xn--") &&
        !s.endsWith("-s3alias")
    );
}
