import { expect } from "chai";
import { canaryKey, canaryVerdict } from "../../../runner/commands";
import type { AttemptOutcome, AttemptResult } from "../../../runner/s3/canary-attempts";
import { CANARY_PREFIX } from "../../../shared/audit";

const outcome = (attempt: AttemptOutcome["attempt"], result: AttemptResult): AttemptOutcome => ({
    attempt,
    result,
    status: null,
    code: null,
    message: "",
});
const both = (deletion: AttemptResult, shortening: AttemptResult) => [
    outcome("delete-version", deletion),
    outcome("shorten-retention", shortening),
];

describe("the canary's verdict", () => {
    it("is denied only when Object Lock refused both attempts and the canary came back locked", () => {
        expect(canaryVerdict([], both("refused-by-object-lock", "refused-by-object-lock"))).to.equal(
            "denied",
        );
        expect(
            canaryVerdict(
                ["Object Lock mode is GOVERNANCE"],
                both("refused-by-object-lock", "refused-by-object-lock"),
            ),
        ).to.equal("alarm");
    });

    it("is the alarm whenever an attempt succeeded, whatever the other did", () => {
        expect(canaryVerdict([], both("succeeded", "skipped"))).to.equal("alarm");
        expect(canaryVerdict([], both("refused-by-object-lock", "succeeded"))).to.equal("alarm");
        expect(canaryVerdict([], both("refused-by-policy", "succeeded"))).to.equal("alarm");
    });

    it("is inconclusive when anything but the lock refused, or S3 did not answer", () => {
        for (const other of ["refused-by-policy", "refused", "failed"] as const) {
            expect(canaryVerdict([], both("refused-by-object-lock", other)), other).to.equal("inconclusive");
            expect(canaryVerdict([], both(other, "refused-by-object-lock")), other).to.equal("inconclusive");
        }
        expect(canaryVerdict([], [outcome("delete-version", "refused-by-object-lock")])).to.equal(
            "inconclusive",
        );
    });

    it("writes each run's canary under its own new key in the canary prefix", () => {
        const at = new Date("2026-11-24T01:30:00.250Z");
        expect(canaryKey(at, "0a1b2c3d")).to.equal(`${CANARY_PREFIX}/20261124T013000Z-0a1b2c3d.txt`);
        expect(canaryKey(at)).not.to.equal(canaryKey(at));
    });
});
