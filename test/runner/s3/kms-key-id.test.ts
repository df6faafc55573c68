import { expect } from "chai";
import { KMS_KEY_ID, parseKmsKeyArn } from "../../../shared/aws-identifiers";
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

describe("KMS key shapes are the stack config's", () => {
    it("accepts exactly the key ids and key ARNs that shared/aws-identifiers accepts", () => {
        const mrk = `mrk-${"0123456789abcdef".repeat(2)}`;
        const cases = [
            KEY_ID,
            KEY_ARN,
            mrk,
            `arn:aws:kms:eu-west-1:111122223333:key/${mrk}`,
            "arn:aws:kms:eu-west-1:111122223333:key/not-a-key-id",
            KEY_ID.toUpperCase(),
            `${KEY_ID}-extra`,
        ];
        for (const key of cases) {
            const stackAccepts = KMS_KEY_ID.test(key) || parseKmsKeyArn(key) !== undefined;
            expect(kmsKeyProblem(key) === undefined, key).to.equal(stackAccepts);
        }
        expect(kmsKeyProblem("arn:aws:kms:eu-west-1:111122223333:key/not-a-key-id")).to.contain("neither");
    });
});
