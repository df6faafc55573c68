/** The bucket policy's 20 KB: measured at preview with the longest ARNs the key and replication role could get. */
import { expect } from "chai";
import { resolveImmutableBackupBucketArgs } from "../../../components/immutable-backup-bucket/args";
import { BUCKET_POLICY_MAX_BYTES } from "../../../components/immutable-backup-bucket/bucket-policy";
import { worstCaseBucketPolicyBytes } from "../../../components/immutable-backup-bucket/policy-budget";
import { immutableBackupBucketProblems } from "../../../components/immutable-backup-bucket/validate";
import { full, WRITER } from "./fixtures";

/** `n` databases with 12-character names, like the example stack's. */
const databases = (n: number) => Array.from({ length: n }, (_, i) => `database${String(i).padStart(4, "0")}`);
const withDatabases = (n: number) => ({ ...full, writers: [{ roleArn: WRITER, databases: databases(n) }] });
const bytes = (n: number) => {
    const a = resolveImmutableBackupBucketArgs(withDatabases(n));
    return worstCaseBucketPolicyBytes(a, a.writers);
};

describe("ImmutableBackupBucket policy size", () => {
    it("grows with every database and is measured against S3's 20 KB", () => {
        expect(BUCKET_POLICY_MAX_BYTES).to.equal(20480);
        expect(bytes(2)).to.be.below(bytes(3));
        expect(bytes(3) - bytes(2)).to.equal(
            `,"arn:aws:s3:::${full.bucketName}/dumps/database0002/*"`.length,
        );
    });

    it("refuses, at validation, writers whose policy would not fit, saying how many databases do", () => {
        // Bounded: a policy that stopped growing with its databases would otherwise loop for ever.
        let fits = 1;
        while (fits < 1000 && bytes(fits + 1) <= BUCKET_POLICY_MAX_BYTES) fits += 1;
        expect(fits, "databases that fit").to.be.within(150, 400);
        expect(immutableBackupBucketProblems(withDatabases(fits))).to.deep.equal([]);
        const problems = immutableBackupBucketProblems(withDatabases(fits + 25));
        expect(problems).to.have.length(1);
        expect(problems[0].field).to.equal("writers");
        expect(problems[0].message).to.equal(
            `give a bucket policy of ${bytes(fits + 25)} bytes, over S3's 20480-byte limit: ${fits} of the ` +
                `${fits + 25} databases fit; serve the others from a second backup bucket (another backup stack), ` +
                "or shorten the database names and key prefixes",
        );
    });

    it("counts the longest key and replication-role ARNs, not the ones a preview happens to know", () => {
        const withReplica = resolveImmutableBackupBucketArgs(full);
        const without = resolveImmutableBackupBucketArgs({ ...full, replica: undefined });
        // The replication role's Allow names a 64-character role name.
        expect(
            worstCaseBucketPolicyBytes(withReplica, withReplica.writers) -
                worstCaseBucketPolicyBytes(without, without.writers),
        ).to.be.greaterThan(64);
    });
});
