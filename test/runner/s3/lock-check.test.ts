import { expect } from "chai";
import { lockProblems } from "../../../runner/s3";

const KEY_ARN = "arn:aws:kms:ap-southeast-4:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("read-back checks", () => {
    const until = new Date("2026-06-01T00:00:00Z");
    const good = {
        $metadata: {},
        ObjectLockMode: "COMPLIANCE" as const,
        ObjectLockRetainUntilDate: until,
        ServerSideEncryption: "aws:kms" as const,
        SSEKMSKeyId: KEY_ARN,
    };

    it("accepts a COMPLIANCE-locked object encrypted with the key, at second precision", () => {
        expect(
            lockProblems(good, { kmsKeyId: KEY_ARN, retainAtLeastUntil: new Date(until.getTime() + 999) }),
        ).to.deep.equal([]);
    });

    it("names each problem: governance mode, short retention, wrong key, no SSE-KMS", () => {
        const expectation = { kmsKeyId: KEY_ARN, retainAtLeastUntil: until };
        expect(lockProblems({ ...good, ObjectLockMode: "GOVERNANCE" }, expectation).join()).to.contain(
            "GOVERNANCE, not COMPLIANCE",
        );
        expect(lockProblems({ ...good, ObjectLockMode: undefined }, expectation).join()).to.contain("absent");
        expect(
            lockProblems(
                { ...good, ObjectLockRetainUntilDate: new Date(until.getTime() - 1000) },
                expectation,
            ).join(),
        ).to.contain("retained only until");
        expect(
            lockProblems(
                { ...good, SSEKMSKeyId: KEY_ARN.replace("1234abcd", "ffffffff") },
                expectation,
            ).join(),
        ).to.contain("encrypted with KMS key");
        expect(lockProblems({ ...good, ServerSideEncryption: "AES256" }, expectation).join()).to.contain(
            "AES256, not aws:kms",
        );
    });
});
