/** ImmutableBackupBucket argument validation: pure, no Pulumi engine. */
import { expect } from "chai";
import { ImmutableBackupBucketArgs } from "../../../components/immutable-backup-bucket/args";
import { validateImmutableBackupBucketArgs } from "../../../components/immutable-backup-bucket/validate";
import { BACKUP, EXISTING_KEY, full, SOURCE } from "./fixtures";

describe("ImmutableBackupBucket validation", () => {
    const expectProblem = (patch: Partial<ImmutableBackupBucketArgs>, message: string) =>
        expect(() => validateImmutableBackupBucketArgs({ ...full, ...patch })).to.throw(message);

    it("accepts the full example", () => {
        expect(() => validateImmutableBackupBucketArgs(full)).to.not.throw();
    });

    it("refuses retention outside limits.ts, naming the field, the bound and the value", () => {
        expectProblem(
            { retentionDays: 7, minimumRetentionDays: 7 },
            "`retentionDays` must be at least 30 (COMPLIANCE retention floor) (got 7)",
        );
        expectProblem({ retentionDays: 4000 }, "`retentionDays` must be at most 3650 (got 4000)");
        expectProblem(
            { minimumRetentionDays: 41 },
            "`minimumRetentionDays` (41) must not exceed `retentionDays` (40)",
        );
        expectProblem(
            { maxRetentionDays: 39 },
            "`maxRetentionDays` (39) must be at least `retentionDays` (40)",
        );
    });

    it("refuses an abort window outside 1-7 days and an early infrequent-access transition", () => {
        expectProblem(
            { abortIncompleteMultipartDays: 10 },
            "`abortIncompleteMultipartDays` must be at most 7 (got 10)",
        );
        expectProblem(
            { abortIncompleteMultipartDays: 0 },
            "`abortIncompleteMultipartDays` must be at least 1 (got 0)",
        );
        expectProblem(
            { transitionStorageClass: "STANDARD_IA", transitionDays: 10 },
            "`transitionDays` must be at least 30 for STANDARD_IA (got 10)",
        );
    });

    it("refuses a storage class S3 lifecycle does not know", () => {
        expectProblem(
            { transitionStorageClass: "COLD" as never },
            "`transitionStorageClass` must be one of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR",
        );
    });

    it("refuses writers outside the source accounts and the backup account as a source", () => {
        expectProblem(
            { writerRoleArns: ["arn:aws:iam::333333333333:role/x"] },
            "`writerRoleArns[0]` is in account 333333333333, which is not in `sourceAccountIds`",
        );
        expectProblem(
            { sourceAccountIds: [SOURCE, BACKUP] },
            "`sourceAccountIds` must not include the backup account 111111111111",
        );
        expectProblem({ writerRoleArns: [] }, "`writerRoleArns` must list at least one writer role ARN");
    });

    it("refuses a key elsewhere and missing key administration when a key is created", () => {
        expectProblem(
            { kmsKeyArn: EXISTING_KEY.replace("ap-southeast-4", "us-east-1") },
            "`kmsKeyArn` is in us-east-1 but the bucket is in ap-southeast-4: S3 needs a key in the bucket's region",
        );
        expectProblem({ kmsKeyArn: "alias/backup" }, "`kmsKeyArn` must be a KMS key ARN");
        expectProblem(
            { breakGlassRoleArn: undefined },
            "`breakGlassRoleArn` is required when the component creates keys",
        );
        expectProblem(
            { keyAdminRoleArns: [`arn:aws:iam::${SOURCE}:role/admin`] },
            "`keyAdminRoleArns[0]` must be a role in the backup account 111111111111",
        );
    });

    it("refuses a same-region replica and a default name that would be too long", () => {
        expectProblem(
            { replica: { region: "ap-southeast-4" } },
            "`replica.region` must differ from `region` ap-southeast-4",
        );
        expectProblem(
            { bucketName: "b".repeat(60) },
            '`bucketName` gives the invalid default name "' + "b".repeat(60) + '-replica"',
        );
    });

    it("lists every problem at once", () => {
        expect(() =>
            validateImmutableBackupBucketArgs({ ...full, retentionDays: 7, keyPrefix: "a/b" }),
        ).to.throw(/`retentionDays`[\s\S]*`keyPrefix` must be a lowercase path segment/);
    });
});
