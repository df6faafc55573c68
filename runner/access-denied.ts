/**
 * An AccessDenied from AWS tells an operator that something refused, rarely what to grant. Each refused
 * request is explained with the IAM action it needed and the resource it needed it on, taken from the
 * operation and its input; when AWS's own message names them (it does for callers in the resource's
 * account: "User: <arn> is not authorized to perform: <action> on resource: <arn>", S3 User Guide,
 * "Troubleshoot access denied (403 Forbidden) errors in Amazon S3"), AWS's words win, so a key policy
 * that refused `kms:Decrypt` is named as that, not as the S3 action that asked for it.
 *
 * Which action an operation needs is AWS's documented mapping, not a guess from its name:
 * ListObjectVersions needs `s3:ListBucketVersions` ("Be aware of the name difference", its API
 * reference); GetObject and HeadObject of a given version need `s3:GetObjectVersion`, of the current one
 * `s3:GetObject` (GetObject API reference, `versionId`); DeleteObject of a version needs
 * `s3:DeleteObjectVersion`; a multipart upload needs `s3:PutObject` for each of its calls; reading an
 * SSE-KMS object needs `kms:Decrypt` on its key, writing one `kms:GenerateDataKey`, and UploadPart
 * `kms:Decrypt` too (re:Post, "s3-large-file-encryption-kms-key").
 */

/** What a refused request needed. */
export interface RequiredPermission {
    readonly action: string;
    /** The ARN the action applies to. */
    readonly resource: string;
    /** The KMS action S3 performs on the bucket's key for this operation, if any. */
    readonly kmsAction?: string;
}

/** The fields of an S3 or Secrets Manager request that name what it acts on. */
export interface RequestTarget {
    readonly Bucket?: string;
    readonly Key?: string;
    readonly VersionId?: string;
    readonly SecretId?: string;
}

const bucketArn = (input: RequestTarget) => `arn:aws:s3:::${input.Bucket ?? "<bucket>"}`;
const objectArn = (input: RequestTarget) => `${bucketArn(input)}/${input.Key ?? "<key>"}`;
const versioned = (input: RequestTarget, current: string, version: string) =>
    input.VersionId === undefined ? current : version;

type Rule = (input: RequestTarget) => RequiredPermission;

/** Operation (the SDK's command name less `Command`) to what it needs. */
const RULES: Readonly<Record<string, Rule>> = {
    ListObjectVersions: (i) => ({ action: "s3:ListBucketVersions", resource: bucketArn(i) }),
    ListObjectsV2: (i) => ({ action: "s3:ListBucket", resource: bucketArn(i) }),
    GetObject: (i) => ({
        action: versioned(i, "s3:GetObject", "s3:GetObjectVersion"),
        resource: objectArn(i),
        kmsAction: "kms:Decrypt",
    }),
    HeadObject: (i) => ({
        action: versioned(i, "s3:GetObject", "s3:GetObjectVersion"),
        resource: objectArn(i),
    }),
    PutObject: (i) => ({ action: "s3:PutObject", resource: objectArn(i), kmsAction: "kms:GenerateDataKey" }),
    CreateMultipartUpload: (i) => ({
        action: "s3:PutObject",
        resource: objectArn(i),
        kmsAction: "kms:GenerateDataKey",
    }),
    UploadPart: (i) => ({ action: "s3:PutObject", resource: objectArn(i), kmsAction: "kms:Decrypt" }),
    CompleteMultipartUpload: (i) => ({ action: "s3:PutObject", resource: objectArn(i) }),
    AbortMultipartUpload: (i) => ({ action: "s3:AbortMultipartUpload", resource: objectArn(i) }),
    DeleteObject: (i) => ({
        action: versioned(i, "s3:DeleteObject", "s3:DeleteObjectVersion"),
        resource: objectArn(i),
    }),
    PutObjectRetention: (i) => ({ action: "s3:PutObjectRetention", resource: objectArn(i) }),
    GetObjectRetention: (i) => ({ action: "s3:GetObjectRetention", resource: objectArn(i) }),
    GetObjectLockConfiguration: (i) => ({
        action: "s3:GetBucketObjectLockConfiguration",
        resource: bucketArn(i),
    }),
    GetSecretValue: (i) => ({
        action: "secretsmanager:GetSecretValue",
        resource: i.SecretId ?? "<secret>",
        kmsAction: "kms:Decrypt",
    }),
};

/** What `operation` (e.g. `GetObject`, or the SDK's `GetObjectCommand`) needs; undefined when not mapped. */
export function requiredPermission(operation: string, input: RequestTarget): RequiredPermission | undefined {
    return RULES[operation.replace(/Command$/, "")]?.(input);
}

/** The names AWS gives a refusal: S3's AccessDenied (Forbidden for a HEAD, which has no body), the JSON APIs' AccessDeniedException. */
const DENIAL_NAMES = new Set(["AccessDenied", "AccessDeniedException", "Forbidden"]);

interface AwsError {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
}

/** True for a refusal by a policy or a lock; false for other 403s (a bad signature, an expired token). */
export function isAccessDenied(error: unknown): boolean {
    const { name, $metadata } = (error ?? {}) as AwsError;
    return DENIAL_NAMES.has(name ?? "") || (name === undefined && $metadata?.httpStatusCode === 403);
}

/** AWS's own naming of the refused action and resource, present for callers in the resource's account. */
function namedByAws(message: string): { action: string; resource: string } | undefined {
    const match = /perform: ([a-z0-9-]+:[A-Za-z0-9*]+) on resource: (\S+?)[,.;]?(?:\s|$)/.exec(message);
    return match ? { action: match[1], resource: match[2] } : undefined;
}

function described(operation: string, input: RequestTarget): string {
    if (input.SecretId !== undefined) return `${operation} of ${input.SecretId}`;
    if (input.Key === undefined) return `${operation} on s3://${input.Bucket ?? "<bucket>"}`;
    const version = input.VersionId === undefined ? "" : ` (version ${input.VersionId})`;
    return `${operation} of s3://${input.Bucket ?? "<bucket>"}/${input.Key}${version}`;
}

/**
 * The explanation of one refusal, or undefined when it needs none: not a refusal, or Object Lock's
 * ("Access Denied because object protected by object lock.": no grant changes that, and the canary reads
 * that wording). Words that S3 uses for a policy's refusal ("not authorized", "explicit deny") are never
 * added, so that classifying the original message still works.
 */
export function explainAccessDenied(
    error: unknown,
    operation: string,
    input: RequestTarget,
): string | undefined {
    if (!isAccessDenied(error)) return undefined;
    const { name, message = "" } = error as AwsError;
    if (/object lock/i.test(message)) return undefined;
    const op = operation.replace(/Command$/, "");
    const said = `AWS said: ${name ?? "403"}: ${message || "(no message)"}`;
    const fix =
        "grant it to the caller's role (its IAM policy, and the bucket or key policy too when the resource " +
        "is in another account)";
    const named = namedByAws(message);
    if (named) {
        const service = named.action.startsWith("kms:") ? "KMS" : "AWS";
        return `access denied: ${service} refused \`${named.action}\` on \`${named.resource}\` for ${described(op, input)}; ${fix}. ${said}`;
    }
    const needed = requiredPermission(op, input);
    if (!needed) return `access denied: ${described(op, input)} was refused; ${fix}. ${said}`;
    const kms = needed.kmsAction ? ` and \`${needed.kmsAction}\` on the KMS key it is encrypted with` : "";
    return `access denied: ${described(op, input)} needs \`${needed.action}\` on \`${needed.resource}\`${kms}; ${fix}. ${said}`;
}

/** The part of an SDK client this needs: its middleware stack. */
interface WithMiddleware {
    middlewareStack: {
        add(
            middleware: (
                next: (args: { input: object }) => Promise<unknown>,
                context: { commandName?: string },
            ) => (args: { input: object }) => Promise<unknown>,
            options: { step: "initialize"; name: string },
        ): void;
    };
}

/**
 * Rewrites the message of every refusal the client receives with explainAccessDenied, keeping the
 * error's name and metadata (callers that branch on them still can). Outermost step, so a refusal is
 * explained once, after the retries have given up (a 403 is never retried).
 */
export function explainAccessDenials<C>(client: C): C {
    (client as unknown as WithMiddleware).middlewareStack.add(
        (next, context) => async (args) => {
            try {
                return await next(args);
            } catch (error) {
                const explanation = explainAccessDenied(
                    error,
                    context.commandName ?? "request",
                    args.input as RequestTarget,
                );
                if (explanation !== undefined && error instanceof Error) error.message = explanation;
                throw error;
            }
        },
        { step: "initialize", name: "strongboxExplainAccessDenied" },
    );
    return client;
}
