import { expect } from "chai";
import {
    backoffDelay,
    MAX_RETRY_DELAY_MS,
    RETRY_WINDOW_MS,
    RetryWindowStrategy,
    SURVIVED_OUTAGE_MS,
} from "../../runner/aws-retry";

type Strategy = RetryWindowStrategy;
type Token = Awaited<ReturnType<Strategy["acquireInitialRetryToken"]>>;

/** Drives the strategy as the SDK's middleware does, on a fake clock, until it refuses. */
async function attemptTimes(random: () => number): Promise<number[]> {
    let clock = 0;
    const strategy = new RetryWindowStrategy({ now: () => clock, random });
    let token: Token = await strategy.acquireInitialRetryToken();
    const attempts = [clock];
    for (;;) {
        try {
            token = await strategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT" });
        } catch {
            return attempts;
        }
        clock += token.getRetryDelay();
        attempts.push(clock);
    }
}

describe("the retry window (S3 and Secrets Manager)", () => {
    for (const [name, random] of [
        ["shortest jitter", () => 0],
        ["longest jitter", () => 0.999999],
        ["middle jitter", () => 0.5],
    ] as const) {
        it(`with the ${name}: retries for the whole window and never waits longer than the cap`, async () => {
            const times = await attemptTimes(random);
            const gaps = times.slice(1).map((t, i) => t - times[i]);
            expect(Math.max(...gaps)).to.be.at.most(MAX_RETRY_DELAY_MS);
            const last = times[times.length - 1];
            expect(last, "no attempt starts after the window").to.be.at.most(RETRY_WINDOW_MS);
            // The promise: an outage of SURVIVED_OUTAGE_MS that starts with the first attempt ends before the
            // last attempt, which then succeeds.
            expect(last, "an attempt falls after the promised outage").to.be.greaterThan(SURVIVED_OUTAGE_MS);
        });
    }

    it("waits longer after each failure, from a quarter second, with jitter of at most half the step", () => {
        expect(backoffDelay(0, () => 0)).to.equal(125);
        expect(backoffDelay(0, () => 1)).to.equal(250);
        expect(backoffDelay(3, () => 1)).to.equal(2000);
        expect(backoffDelay(10, () => 1)).to.equal(MAX_RETRY_DELAY_MS);
    });

    for (const errorType of ["CLIENT_ERROR", "SERVER_ERROR"] as const) {
        it(`never retries a ${errorType} (a 412 or 403 would get the same answer again)`, async () => {
            const strategy = new RetryWindowStrategy({ now: () => 0 });
            const token = await strategy.acquireInitialRetryToken();
            let refused: unknown;
            try {
                await strategy.refreshRetryTokenForRetry(token, { errorType });
            } catch (error) {
                refused = error;
            }
            expect(refused).to.be.instanceOf(Error);
        });
    }

    it("retries throttling like a transient error", async () => {
        const strategy = new RetryWindowStrategy({ now: () => 0, random: () => 0 });
        const token = await strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), {
            errorType: "THROTTLING",
        });
        expect(token.getRetryCount()).to.equal(1);
        expect(token.getRetryDelay()).to.equal(125);
    });
});
