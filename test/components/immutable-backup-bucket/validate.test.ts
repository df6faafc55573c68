/** ImmutableBackupBucket argument validation: pure, no Pulumi engine. */
import { expect } from "chai";
import { ImmutableBackupBucketArgs } from "../../../components/immutable-backup-bucket/args";
import { validateImmutableBackupBucketArgs } from "../../../components/immutable-backup-bucket/validate";
import { BACKUP, EXISTING_KEY, full, SOURCE, WRITER } from "./fixtures";

const OTHER_SOURCE = "333333333333";

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
            { writers: [{ roleArn: "arn:aws:iam::333333333333:role/x", databases: ["appdb"] }] },
            "`writers[0].roleArn` is in account 333333333333, which is not in `sourceAccountIds`",
        );
        expectProblem(
            { sourceAccountIds: [SOURCE, BACKUP] },
            "`sourceAccountIds` must not include the backup account 111111111111",
        );
        expectProblem(
            { writers: [] },
            "`writers` must list at least one runner role, as `{ roleArn, databases: [...] }`",
        );
    });

    it("refuses a writer without databases, a bad or repeated database name, and a role listed twice", () => {
        expectProblem(
            { writers: [{ roleArn: WRITER, databases: [] }] },
            "`writers[0].databases` must list at least one database the role backs up",
        );
        expectProblem(
            { writers: [{ roleArn: WRITER, databases: ["appdb", "App/DB"] }] },
            '`writers[0].databases[1]` must start with a lowercase letter and use only lowercase letters, digits, "_" or "-", at most 40 characters (got "App/DB")',
        );
        expectProblem(
            { writers: [{ roleArn: WRITER, databases: ["appdb", "appdb"] }] },
            '`writers[0].databases[1]` repeats database "appdb"; list it once',
        );
        expectProblem(
            {
                writers: [
                    { roleArn: WRITER, databases: ["appdb"] },
                    { roleArn: WRITER, keyPrefix: "other", databases: ["billing"] },
                ],
            },
            "`writers[1].roleArn` repeats the role of `writers[0]`; give each role one entry listing all its databases",
        );
        expectProblem(
            { writers: [{ roleArn: WRITER, keyPrefix: "a/b", databases: ["appdb"] }] },
            '`writers[0].keyPrefix` must be a lowercase path segment without "/"',
        );
    });

    it("refuses two writers with the same database under the same prefix, and accepts them under their own prefixes", () => {
        const second = `arn:aws:iam::${OTHER_SOURCE}:role/strongbox-pgdump-runner-test`;
        const twoAccounts = { sourceAccountIds: [SOURCE, OTHER_SOURCE] };
        expectProblem(
            {
                ...twoAccounts,
                writers: [
                    { roleArn: WRITER, databases: ["appdb", "billing"] },
                    // The default prefix is the bucket's ("dumps" in `full`), the same as the first writer's.
                    { roleArn: second, databases: ["appdb"] },
                ],
            },
            '`writers[1].databases[0]` ("appdb" under prefix "dumps") is already written by `writers[0]` ' +
                `(${WRITER}): two runners never share a database's prefix; give one of them its own \`keyPrefix\``,
        );
        expect(() =>
            validateImmutableBackupBucketArgs({
                ...full,
                ...twoAccounts,
                writers: [
                    { roleArn: WRITER, databases: ["appdb", "billing"] },
                    { roleArn: second, keyPrefix: "payments", databases: ["appdb"] },
                ],
            }),
        ).to.not.throw();
    });

    it("refuses a config without deployers, or with one outside the backup account", () => {
        expectProblem(
            { deployerRoleArns: [] },
            "`deployerRoleArns` must list at least one deployer role ARN (a backup-account role that runs `pulumi up`)",
        );
        expectProblem(
            { deployerRoleArns: [`arn:aws:iam::${SOURCE}:role/deployer`] },
            "`deployerRoleArns[0]` must be a role in the backup account 111111111111",
        );
    });

    it('refuses a current-version expiry that is not after the lock, and accepts "never"', () => {
        expectProblem(
            { expireAfterDays: 40 },
            '`expireAfterDays` (40) must be at least `retentionDays` + 1 (41): nothing may expire while it is locked; raise it, or set "never" to keep dumps for ever',
        );
        expectProblem(
            { expireAfterDays: "forever" as never },
            '`expireAfterDays` must be a whole number of days or "never" (got "forever")',
        );
        expectProblem(
            { expireAfterDays: 45 },
            "`transitionDays` (45) must be below `expireAfterDays` (45): dumps would expire before they move to colder storage",
        );
        expect(() =>
            validateImmutableBackupBucketArgs({ ...full, expireAfterDays: 41, transitionDays: 40 }),
        ).to.not.throw();
        expect(() => validateImmutableBackupBucketArgs({ ...full, expireAfterDays: "never" })).to.not.throw();
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
