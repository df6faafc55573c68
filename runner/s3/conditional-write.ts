/**
 * Writers never replace anything: every object write carries `If-None-Match: *`, which S3 answers with
 * 412 PreconditionFailed when the key already has a current version ("Enforce conditional writes", S3
 * User Guide; the bucket policy denies PutObject and CompleteMultipartUpload without the header). A
 * concurrent write of the same key gets 409 ConditionalRequestConflict instead. Both mean another
 * object got there first, so neither is retried and nothing was replaced.
 */
export const IF_NONE_MATCH_ANY = "*";

export function isAlreadyExists(error: unknown): boolean {
    const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    return (
        name === "PreconditionFailed" ||
        name === "ConditionalRequestConflict" ||
        $metadata?.httpStatusCode === 412 ||
        $metadata?.httpStatusCode === 409
    );
}

/** The message for a refused write; `what` names the object ("the dump", "the manifest"). */
export function alreadyExistsMessage(what: string, bucket: string, key: string): string {
    return (
        `${what} ${bucket}/${key} already exists: a second dump in the same second, or an attempt to ` +
        "overwrite; nothing was replaced"
    );
}
