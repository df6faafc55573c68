import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from "@aws-sdk/client-s3";
import { kmsKeysMatch } from "./kms-key-id";

export interface LockExpectation {
    kmsKeyId: string;
    /** The stored retain-until must be at or after this instant. */
    retainAtLeastUntil: Date;
}

/**
 * Every reason a stored object is not an immutable, correctly encrypted backup; empty means good.
 * S3 stores retain-until with second precision, so the expectation is compared at whole seconds.
 */
export function lockProblems(head: HeadObjectCommandOutput, expected: LockExpectation): string[] {
    const problems: string[] = [];
    if (head.ObjectLockMode !== "COMPLIANCE") {
        problems.push(
            `Object Lock mode is ${head.ObjectLockMode ?? "absent"}, not COMPLIANCE ` +
                "(is Object Lock enabled on the bucket?)",
        );
    }
    const until = head.ObjectLockRetainUntilDate;
    const wanted = Math.floor(expected.retainAtLeastUntil.getTime() / 1000) * 1000;
    if (!until) {
        problems.push("no Object Lock retain-until date");
    } else if (until.getTime() < wanted) {
        problems.push(
            `retained only until ${until.toISOString()}, earlier than ${new Date(wanted).toISOString()}`,
        );
    }
    if (head.ServerSideEncryption !== "aws:kms") {
        problems.push(`encrypted with ${head.ServerSideEncryption ?? "nothing"}, not aws:kms`);
    } else if (!kmsKeysMatch(expected.kmsKeyId, head.SSEKMSKeyId)) {
        problems.push(
            `encrypted with KMS key ${head.SSEKMSKeyId ?? "(none reported)"}, not ${expected.kmsKeyId}`,
        );
    }
    return problems;
}

export async function headObject(
    s3: S3Client,
    bucket: string,
    key: string,
    versionId?: string,
): Promise<HeadObjectCommandOutput> {
    return s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
}
