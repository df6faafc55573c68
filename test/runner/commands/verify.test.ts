import { expect } from "chai";
import { LOCK_SLACK_MS, requiredLock } from "../../../runner/commands/verify-rules";
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from "../../../shared/limits";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

describe("verify's rule for the lock that must remain", () => {
    const now = new Date("2026-11-24T12:00:00Z");

    it("prefers an explicit --min-remaining-days, counted from now", () => {
        const rule = requiredLock({ storedAt: now, now, retentionDays: 35, minRemainingDays: 10 });
        expect(rule.until.toISOString()).to.equal(new Date(now.getTime() + 10 * DAY_MS).toISOString());
    });

    it("derives the rest from S3's LastModified and the retention, less the slack", () => {
        const storedAt = new Date(now.getTime() - 20 * HOUR_MS);
        const rule = requiredLock({ storedAt, now, retentionDays: 35 });
        expect(rule.until.getTime()).to.equal(storedAt.getTime() + 35 * DAY_MS - LOCK_SLACK_MS);
        expect(rule.reason).to.contain("35 days").and.contain(storedAt.toISOString());
    });

    it("passes a dump locked by the bucket's default, made a second ago or at any age, for every retention the config allows", () => {
        for (const retentionDays of [MIN_RETENTION_DAYS, 35, 365, MAX_RETENTION_DAYS]) {
            for (const ageHours of [0.0003, 1, 26, 24 * 7, 24 * (retentionDays - 1)]) {
                const storedAt = new Date(now.getTime() - ageHours * HOUR_MS);
                // What S3 stores: LastModified + retention, at whole seconds.
                const retainUntil = new Date(
                    Math.floor((storedAt.getTime() + retentionDays * DAY_MS) / 1000) * 1000,
                );
                const rule = requiredLock({ storedAt, now, retentionDays });
                expect(retainUntil >= rule.until, `${retentionDays} d, ${ageHours} h old`).to.equal(true);
            }
        }
    });

    it("fails a bucket whose default retention is a day short, for every retention the config allows", () => {
        for (const retentionDays of [MIN_RETENTION_DAYS, 35, MAX_RETENTION_DAYS]) {
            const storedAt = new Date(now.getTime() - 3 * HOUR_MS);
            const retainUntil = new Date(storedAt.getTime() + (retentionDays - 1) * DAY_MS);
            expect(retainUntil < requiredLock({ storedAt, now, retentionDays }).until).to.equal(true);
        }
    });

    it("without a configured retention still demands a lock that has not lapsed", () => {
        const rule = requiredLock({ storedAt: new Date(now.getTime() - DAY_MS), now });
        expect(rule.until.toISOString()).to.equal(now.toISOString());
        expect(rule.reason).to.contain("no --retention-days");
    });
});
