/** The runner's secret policies: chunked under IAM's size limits. Pure, no Pulumi engine. */
import { expect } from "chai";
import {
    chunkSecretArns,
    MAX_SECRETS_POLICIES,
    runnerSecretsPolicies,
} from "../../../components/pg-dump-runner/iam";
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
