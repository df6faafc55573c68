import type { S3ClientConfig } from "@aws-sdk/client-s3";

/*
 * The SDK's interfaces, taken from the client's own config type so the runner needs no extra package.
 * The retry middleware asks `refreshRetryTokenForRetry` after each failed attempt: a token back means
 * "sleep getRetryDelay() ms and try again", a throw means "give up with the last error".
 */
type RetryStrategyV2 = Extract<
    NonNullable<S3ClientConfig["retryStrategy"]>,
    { refreshRetryTokenForRetry: unknown }
>;
type RetryToken = Awaited<ReturnType<RetryStrategyV2["acquireInitialRetryToken"]>>;
type RetryErrorInfo = Parameters<RetryStrategyV2["refreshRetryTokenForRetry"]>[1];

/** How long one request keeps retrying, counted from its first attempt. */
export const RETRY_WINDOW_MS = 45_000;
/** The first retry waits about this long; each later one twice as long, up to MAX_RETRY_DELAY_MS. */
export const FIRST_RETRY_DELAY_MS = 250;
/** The longest wait between two attempts, so a request notices soon that S3 is back. */
export const MAX_RETRY_DELAY_MS = 5_000;
/**
 * The outage every request rides out: a retry is refused only when it would start after the window, so
 * the last attempt falls within MAX_RETRY_DELAY_MS of the window's end. This is the number the README
 * promises ("up to 40 s of S3 trouble").
 */
export const SURVIVED_OUTAGE_MS = RETRY_WINDOW_MS - MAX_RETRY_DELAY_MS;

/**
 * The wait before retry number `retry` (0-based): exponential, capped, with jitter in [50 %, 100 %] of
 * the step so that parts in flight do not retry in lockstep, while the total wait stays predictable
 * (full jitter, the SDK's default, can make eight attempts last under two seconds).
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
    const step = Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** retry);
    return Math.round(step * (0.5 + random() / 2));
}

class WindowToken implements RetryToken {
    constructor(
        readonly firstAttemptAt: number,
        private readonly retries: number,
        private readonly delay: number,
    ) {}

    getRetryCount(): number {
        return this.retries;
    }

    getRetryDelay(): number {
        return this.delay;
    }
}

/**
 * Retries throttling and transient errors (5xx, connection refused or reset, timeouts) until a request
 * has been failing for RETRY_WINDOW_MS, instead of the SDK's standard mode, whose few attempts with a
 * 50 ms base and a shared retry budget gave up 6 to 8 s after S3 went away. A dump is one long job that
 * loses hours of work when it gives up, so waiting most of a minute is the better trade. Client errors
 * (403, 404, 412 PreconditionFailed...) are never retried: a second attempt would get the same answer.
 */
export class RetryWindowStrategy implements RetryStrategyV2 {
    private readonly now: () => number;
    private readonly random: () => number;

    constructor(options: { now?: () => number; random?: () => number } = {}) {
        this.now = options.now ?? Date.now;
        this.random = options.random ?? Math.random;
    }

    async acquireInitialRetryToken(): Promise<RetryToken> {
        return new WindowToken(this.now(), 0, 0);
    }

    async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
        if (!(token instanceof WindowToken)) throw new Error("not a token of this retry strategy");
        if (errorInfo.errorType !== "THROTTLING" && errorInfo.errorType !== "TRANSIENT") {
            throw new Error(`${errorInfo.errorType} is not retried`);
        }
        const delay = backoffDelay(token.getRetryCount(), this.random);
        if (this.now() + delay - token.firstAttemptAt > RETRY_WINDOW_MS) {
            throw new Error(`still failing after ${RETRY_WINDOW_MS / 1000} s of retries`);
        }
        return new WindowToken(token.firstAttemptAt, token.getRetryCount() + 1, delay);
    }

    recordSuccess(): void {
        // No shared retry budget: a backup job sends few requests, and each must get its whole window.
    }
}
