/** The runner's secret and dump policies: chunked under IAM's size limits. Pure, no Pulumi engine. */
import { expect } from "chai";
import {
    chunkSecretArns,
    MAX_SECRETS_POLICIES,
    runnerSecretsPolicies,
} from "../../../components/pg-dump-runner/iam";
import {
    chunkDatabases,
    LONGEST_BUCKET_NAME,
    LONGEST_KEY_PREFIX,
    RUNNER_S3_ACTIONS,
    runnerDumpPolicy,
} from "../../../components/pg-dump-runner/dump-policies";
import { isBucketName } from "../../../shared/aws-identifiers";
import { KEY_PREFIX } from "../../../shared/object-key";
import { secretArn } from "./fixtures";

describe("runner secret policies", () => {
    it("keep every policy under IAM's 6,144-character managed-policy limit and lose no ARN", () => {
        const arns = Array.from({ length: 200 }, (_, i) => secretArn(i));
        const docs = runnerSecretsPolicies(arns);
        expect(docs.length).to.equal(chunkSecretArns(arns).length);
        expect(docs.length).to.be.within(2, MAX_SECRETS_POLICIES);
        for (const doc of docs) expect(JSON.stringify(doc).length).to.be.at.most(6144);
        expect(docs.flatMap((d) => d.Statement.flatMap((s) => s.Resource as string[]))).to.deep.equal(arns);
    });

    it("put a handful of secrets in one policy", () => {
        expect(chunkSecretArns([secretArn(1), secretArn(2)])).to.deep.equal([[secretArn(1), secretArn(2)]]);
    });
});

describe("runner dump policies", () => {
    const names = (n: number, length = 40) =>
        Array.from({ length: n }, (_, i) => `d${String(i).padStart(length - 1, "0")}`);
    const longestBucketArn = `arn:aws:s3:::${"b".repeat(LONGEST_BUCKET_NAME)}`;
    const longestPrefix = "p".repeat(LONGEST_KEY_PREFIX);

    it("know the longest bucket name and key prefix AWS and KEY_PREFIX allow", () => {
        expect(KEY_PREFIX.test("p".repeat(LONGEST_KEY_PREFIX))).to.equal(true);
        expect(KEY_PREFIX.test("p".repeat(LONGEST_KEY_PREFIX + 1))).to.equal(false);
        expect(isBucketName("b".repeat(LONGEST_BUCKET_NAME))).to.equal(true);
        expect(isBucketName("b".repeat(LONGEST_BUCKET_NAME + 1))).to.equal(false);
    });

    it("keep every chunk under IAM's 6,144 characters even with the longest bucket and prefix, and lose no database", () => {
        const databases = names(200);
        const chunks = chunkDatabases("aws", databases);
        expect(chunks.flat()).to.deep.equal(databases);
        chunks.forEach((chunk, i) => {
            const doc = runnerDumpPolicy(longestBucketArn, longestPrefix, chunk, i);
            expect(JSON.stringify(doc).length, `chunk ${i}`).to.be.at.most(6144);
        });
        // With the longest names the budget is what decides: fewer would waste attachments.
        expect(chunks.length).to.be.greaterThan(1);
    });

    it("grant the runner's object actions on exactly `<prefix>/<database>/*` of its databases", () => {
        expect(runnerDumpPolicy("arn:aws:s3:::b", "layer3", ["appdb", "billing"], 0)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "WriteAndReadBackOwnDumps0",
                    Effect: "Allow",
                    Action: [...RUNNER_S3_ACTIONS],
                    Resource: ["arn:aws:s3:::b/layer3/appdb/*", "arn:aws:s3:::b/layer3/billing/*"],
                },
            ],
        });
        expect(RUNNER_S3_ACTIONS).to.not.include("s3:PutObjectRetention");
        expect(RUNNER_S3_ACTIONS.filter((a) => a.startsWith("s3:Delete"))).to.deep.equal([]);
    });
});
