/** The one rule for roles named in a policy, as the builders and the components' validators apply it. */
import { expect } from "chai";
import { checkRolesInAccounts, roleOutsideAccounts } from "../../../components/common/principals";
import { buildBucketPolicy } from "../../../components/immutable-backup-bucket/bucket-policy";
import { immutableBackupBucketProblems } from "../../../components/immutable-backup-bucket/validate";
import { full } from "../immutable-backup-bucket/fixtures";

const STRANGER = "arn:aws:iam::333333333333:role/strongbox-pgdump-runner-test";

describe("roles in the accounts a policy names", () => {
    it("says why a role outside the accounts would be locked out, and nothing for one inside", () => {
        expect(roleOutsideAccounts(STRANGER, ["222222222222"], "sourceAccountIds")).to.equal(
            "is in account 333333333333, which is not in `sourceAccountIds` (222222222222); fix the ARN or the accounts",
        );
        expect(roleOutsideAccounts(STRANGER, ["333333333333"], "sourceAccountIds")).to.equal(undefined);
        // Not a role ARN at all is another check's message.
        expect(roleOutsideAccounts("strongbox-pgdump-runner", ["222222222222"], "sourceAccountIds")).to.equal(
            undefined,
        );
    });

    it("is the same rule in the bucket's validation and in the bucket-policy builder", () => {
        const reason = roleOutsideAccounts(STRANGER, full.sourceAccountIds, "sourceAccountIds")!;
        expect(
            immutableBackupBucketProblems({
                ...full,
                writers: [{ roleArn: STRANGER, databases: ["appdb"] }],
            }),
        ).to.deep.include({
            field: "writers[0].roleArn",
            message: reason,
        });
        expect(() =>
            buildBucketPolicy({
                bucketArn: "arn:aws:s3:::b",
                kmsKeyArn: "arn:aws:kms:ap-southeast-4:111111111111:key/11111111-2222-4333-8444-555555555555",
                writers: [{ roleArn: STRANGER, keyPrefix: "layer3", databases: ["appdb"] }],
                sourceAccountIds: full.sourceAccountIds,
                minimumRetentionDays: 30,
                maxRetentionDays: 3650,
                deployerRoleArns: full.deployerRoleArns,
            }),
        ).to.throw(`\`writers\` entry ${STRANGER} ${reason}`);
        expect(() =>
            checkRolesInAccounts([STRANGER], ["222222222222"], "writerRoleArns", "sourceAccountIds"),
        ).to.throw(reason);
    });
});
