import { expect } from "chai";
import { classifyRefusal, shorterRetainUntil } from "../../../runner/s3/canary-attempts";

const refusal = (name: string, message: string, status: number) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe("the canary's reading of S3's refusals", () => {
    it("tells a refusal by Object Lock from one by a policy, and from one S3 gives no reason for", () => {
        const cases: Array<[Error, string]> = [
            [
                refusal("AccessDenied", "Access Denied because object protected by object lock.", 403),
                "refused-by-object-lock",
            ],
            [
                refusal(
                    "AccessDenied",
                    "User: arn:aws:sts::111122223333:assumed-role/a/b is not authorized to perform: " +
                        's3:PutObjectRetention on resource: "arn:aws:s3:::b/strongbox-canary/x" with an explicit deny ' +
                        "in a resource-based policy",
                    403,
                ),
                "refused-by-policy",
            ],
            [
                refusal(
                    "AccessDenied",
                    "... because no identity-based policy allows the s3:DeleteObjectVersion action",
                    403,
                ),
                "refused-by-policy",
            ],
            [refusal("AccessDenied", "Access Denied", 403), "refused"],
            // A bucket without Object Lock refuses a retention, but no lock held anything.
            [refusal("InvalidRequest", "Bucket is missing Object Lock Configuration", 400), "refused"],
            [refusal("InternalError", "We encountered an internal error", 500), "failed"],
            [new Error("connect ECONNREFUSED 127.0.0.1:9"), "failed"],
        ];
        for (const [error, expected] of cases) {
            expect(classifyRefusal(error).result, error.message).to.equal(expected);
        }
        expect(classifyRefusal(cases[0][0])).to.include({ status: 403, code: "AccessDenied" });
    });

    it("asks for a retain-until a day shorter, never in the past", () => {
        const now = new Date("2026-11-24T12:00:00Z");
        const in30days = new Date(now.getTime() + 30 * 86_400_000);
        expect(shorterRetainUntil(in30days, now).toISOString()).to.equal("2026-11-25T12:00:00.000Z");
        const inTwoDays = new Date(now.getTime() + 2 * 86_400_000);
        expect(shorterRetainUntil(inTwoDays, now).toISOString()).to.equal("2026-11-25T12:00:00.000Z");
        const inTwoHours = new Date(now.getTime() + 2 * 3_600_000);
        const shorter = shorterRetainUntil(inTwoHours, now);
        expect(shorter > now && shorter < inTwoHours).to.equal(true);
        expect(shorterRetainUntil(undefined, now).toISOString()).to.equal("2026-11-25T12:00:00.000Z");
    });
});
