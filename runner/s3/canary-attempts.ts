import { DeleteObjectCommand, PutObjectRetentionCommand, type S3Client } from "@aws-sdk/client-s3";

/** The two things Object Lock must refuse on a COMPLIANCE-locked version. */
export type CanaryAttempt = "delete-version" | "shorten-retention";

/**
 * How S3 answered one attempt:
 * - `refused-by-object-lock`: the lock held (the only answer that proves anything);
 * - `refused-by-policy`: an IAM, bucket, SCP or endpoint policy said no, so the lock was never asked;
 * - `refused`: refused, but S3 did not say why (it gives the reason only within the bucket's account
 *   or organisation);
 * - `succeeded`: the version was deleted, or its retention shortened: the alarm;
 * - `skipped`: not tried (the version was already gone);
 * - `failed`: no answer (network, S3 unavailable after the retries).
 */
export type AttemptResult =
    "refused-by-object-lock" | "refused-by-policy" | "refused" | "succeeded" | "skipped" | "failed";

export interface AttemptOutcome {
    attempt: CanaryAttempt;
    result: AttemptResult;
    /** S3's HTTP status and error code, when it answered with an error. */
    status: number | null;
    code: string | null;
    message: string;
}

/**
 * Reads S3's refusal. A version protected by Object Lock is refused with 403 AccessDenied "Access
 * Denied because object protected by object lock." Within the bucket's own account or organisation S3
 * words a policy's refusal "User: <arn> is not authorized to perform: <action> on resource: <arn>
 * because no identity-based policy allows ..." or "... with an explicit deny in a resource-based policy"
 * (S3 User Guide, Troubleshoot access denied (403 Forbidden) errors in Amazon S3). Anything else is a
 * refusal whose cause S3 did not state.
 */
export function classifyRefusal(
    error: unknown,
): Pick<AttemptOutcome, "result" | "status" | "code" | "message"> {
    const { name, message, $metadata } = error as {
        name?: string;
        message?: string;
        $metadata?: { httpStatusCode?: number };
    };
    const status = $metadata?.httpStatusCode ?? null;
    const text = message ?? String(error);
    const answered = { status, code: name ?? null, message: text };
    if (status === null || status >= 500) return { result: "failed", ...answered };
    // "missing Object Lock Configuration" is a bucket without a lock, not a lock that held.
    if (/object lock/i.test(text) && !/missing/i.test(text))
        return { result: "refused-by-object-lock", ...answered };
    if (/is not authorized to perform|explicit deny|policy allows|because no .*policy/i.test(text))
        return { result: "refused-by-policy", ...answered };
    return { result: "refused", ...answered };
}

/** The shortened retain-until asked for: a day before the current one, but never in the past. */
export function shorterRetainUntil(current: Date | undefined, now: Date): Date {
    const dayMs = 24 * 60 * 60 * 1000;
    if (current === undefined) return new Date(now.getTime() + dayMs);
    const target = Math.min(current.getTime() - dayMs, now.getTime() + dayMs);
    const floor = now.getTime() + 60 * 60 * 1000;
    // A lock ending within the next day is "shortened" to halfway there instead.
    const wanted = target > floor ? target : now.getTime() + (current.getTime() - now.getTime()) / 2;
    return new Date(Math.floor(wanted / 1000) * 1000);
}

async function attempt(name: CanaryAttempt, send: () => Promise<unknown>): Promise<AttemptOutcome> {
    try {
        await send();
        return { attempt: name, result: "succeeded", status: null, code: null, message: "S3 accepted it" };
    } catch (error) {
        return { attempt: name, ...classifyRefusal(error) };
    }
}

/**
 * The canary's two attempts on its own version, and nothing else: DeleteObject with the version id (not
 * a delete marker: permanently removing the version), then PutObjectRetention with an earlier date. The
 * key is the canary's; the caller guarantees it lies under CANARY_PREFIX.
 */
export async function attemptToBreakLock(
    s3: S3Client,
    target: { bucket: string; key: string; versionId: string; retainUntil: Date | undefined },
    now: Date,
): Promise<AttemptOutcome[]> {
    const { bucket, key, versionId } = target;
    const deletion = await attempt("delete-version", () =>
        s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId })),
    );
    if (deletion.result === "succeeded") {
        return [
            deletion,
            {
                attempt: "shorten-retention",
                result: "skipped",
                status: null,
                code: null,
                message: "the version was already deleted",
            },
        ];
    }
    const shortening = await attempt("shorten-retention", () =>
        s3.send(
            new PutObjectRetentionCommand({
                Bucket: bucket,
                Key: key,
                VersionId: versionId,
                Retention: {
                    Mode: "COMPLIANCE",
                    RetainUntilDate: shorterRetainUntil(target.retainUntil, now),
                },
            }),
        ),
    );
    return [deletion, shortening];
}
