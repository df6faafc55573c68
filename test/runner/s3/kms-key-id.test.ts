import { expect } from "chai";
import { kmsKeyProblem, kmsKeysMatch } from "../../../runner/s3";

const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY_ARN = `arn:aws:kms:ap-southeast-4:111122223333:key/${KEY_ID}`;

describe("KMS key comparison", () => {
    it("accepts key ids and key ARNs, refuses aliases", () => {
        expect(kmsKeyProblem(KEY_ID)).to.equal(undefined);
        expect(kmsKeyProblem(KEY_ARN)).to.equal(undefined);
        expect(kmsKeyProblem("alias/x")).to.contain("alias");
        expect(kmsKeyProblem("nonsense")).to.contain("neither");
    });

    it("matches an id against the ARN S3 reports, and ARNs exactly", () => {
        expect(kmsKeysMatch(KEY_ID, KEY_ARN)).to.equal(true);
        expect(kmsKeysMatch(KEY_ARN, KEY_ID)).to.equal(true);
        expect(kmsKeysMatch(KEY_ARN, KEY_ARN)).to.equal(true);
        expect(
            kmsKeysMatch(KEY_ARN, KEY_ARN.replace("111122223333", "444455556666")),
            "other account",
        ).to.equal(false);
        expect(kmsKeysMatch(KEY_ID, KEY_ID.replace("1234abcd", "99999999"))).to.equal(false);
        expect(kmsKeysMatch(KEY_ID, undefined)).to.equal(false);
    });
});
