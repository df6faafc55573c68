import { PutObjectCommand, PutObjectRetentionCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Logger } from "../log";
import type { Manifest } from "../manifest";
import { CLOCK_SLACK_MS } from "./clock-slack";
import { alreadyExistsMessage, IF_NONE_MATCH_ANY, isAlreadyExists } from "./conditional-write";
import { headObject, lockProblems } from "./lock-check";

const DAY_MS = 24 * 60 * 60 * 1000;

/** One object version the runner just wrote, and what it must have become. */
export interface WrittenVersion {
    bucket: string;
    key: string;
    versionId: string | undefined;
    /** "the dump", "the manifest" or "the receipt", for messages. */
    what: string;
    /** What happens to the object when its read-back fails; default: what happens to a dump or manifest. */
    whatStays?: string;
    kmsKeyId: string;
    /** When the write began, by the runner's clock; S3 counts the default retention from the creation. */
    writtenAt: Date;
    retentionDays: number;
    /**
     * The retain-until date the write asked for with lock headers (a receipt's own lock); unset when the bucket's
     * default retention is what locks it. S3 then stores the date the runner's clock chose, so it is also held
     * against S3's own clock (the version's LastModified + `retentionDays`): a runner clock behind S3's would
     * otherwise lock for less than it should, unnoticed.
     */
    requestedRetainUntil?: Date;
}

/** What happens to a stored object whose read-back fails: it cannot be removed, so say where it stays. */
function leftBehind(what: string): string {
    return what === "the dump"
        ? "It stays in the bucket without a manifest (writers hold no s3:DeleteObject, and nobody can delete " +
              "a locked version before its retain-until), so verify, drill and restore never treat it as a " +
              "backup; `strongbox list` shows it as incomplete."
        : "The dump and this manifest stay in the bucket; the run fails so that its alarm fires.";
}

/**
 * Reads a written version back and returns the retain-until S3 stored. The lock must come from the
 * bucket's default COMPLIANCE retention ("When you place an object in the bucket, Amazon S3 calculates a
 * Retain Until Date for the object version by adding the specified duration to the object version's
 * creation timestamp", S3 User Guide, How S3 Object Lock works), so it must reach at least
 * `writtenAt + retentionDays`, less CLOCK_SLACK_MS for the runner's clock.
 *
 * Only a version with no lock at all is locked here, with PutObjectRetention: that is moto, which drops
 * default retention on multipart uploads. On AWS it means the bucket has no default retention, and the
 * call is denied (writers hold no s3:PutObjectRetention, so they cannot extend retention forever); the
 * run then fails and says so. A version locked wrongly (GOVERNANCE, too short, another key) is never
 * "fixed": that would hide a misconfigured bucket.
 */
export async function confirmLocked(s3: S3Client, written: WrittenVersion, log: Logger): Promise<Date> {
    const { bucket, key, versionId, what, kmsKeyId } = written;
    const stays = written.whatStays ?? leftBehind(what);
    const name = `${what} ${bucket}/${key} (version ${versionId ?? "none"})`;
    const due = written.writtenAt.getTime() + written.retentionDays * DAY_MS;
    let head = await headObject(s3, bucket, key, versionId);
    const unlocked = head.ObjectLockMode === undefined && head.ObjectLockRetainUntilDate === undefined;
    if (unlocked && written.requestedRetainUntil !== undefined) {
        throw new Error(
            `${name} came back unlocked although it was written with a COMPLIANCE lock until ` +
                `${written.requestedRetainUntil.toISOString()}: S3 ignored the lock headers (is Object Lock enabled ` +
                `on the bucket?). ${stays}`,
        );
    }
    if (unlocked) {
        // Whole seconds: S3 stores retain-until with second precision.
        const retainUntil = new Date(Math.ceil(due / 1000) * 1000);
        try {
            await s3.send(
                new PutObjectRetentionCommand({
                    Bucket: bucket,
                    Key: key,
                    VersionId: versionId,
                    Retention: { Mode: "COMPLIANCE", RetainUntilDate: retainUntil },
                }),
            );
        } catch (error) {
            throw new Error(
                `${name} is not locked: the bucket gave it no default retention, and setting one failed ` +
                    `(${(error as Error).message}; on AWS writers are denied s3:PutObjectRetention by design). ` +
                    `Give the bucket a default COMPLIANCE retention of at least ${written.retentionDays} days ` +
                    `(ImmutableBackupBucket does). ${stays}`,
            );
        }
        log.warn(
            "retention-set-explicitly",
            `${name} came back unlocked, so the runner set COMPLIANCE retention until ` +
                `${retainUntil.toISOString()} itself. Expected on moto, which drops default retention on ` +
                "multipart uploads; on AWS this means the bucket has no default retention, and the call is denied.",
            { key, versionId, retainUntil: retainUntil.toISOString() },
        );
        head = await headObject(s3, bucket, key, versionId);
    }
    // With its own lock, S3's clock too: LastModified is when S3 stored the version.
    const byS3 =
        written.requestedRetainUntil === undefined || head.LastModified === undefined
            ? -Infinity
            : head.LastModified.getTime() + written.retentionDays * DAY_MS;
    const problems = lockProblems(head, {
        kmsKeyId,
        retainAtLeastUntil: new Date(Math.max(due, byS3) - CLOCK_SLACK_MS),
    });
    if (byS3 > due && problems.some((p) => p.startsWith("retained only until")))
        problems.push(
            `S3 stored it at ${head.LastModified!.toISOString()}: the runner's clock is behind S3's`,
        );
    if (problems.length > 0) {
        throw new Error(
            `${name} failed the read-back: ${problems.join("; ")}. Check ` +
                (written.requestedRetainUntil === undefined
                    ? `the bucket's default retention (COMPLIANCE, at least ${written.retentionDays} days)`
                    : `the runner's clock (it chose the ${written.retentionDays}-day lock)`) +
                ` and BACKUP_KMS_KEY_ID. ${stays}`,
        );
    }
    return head.ObjectLockRetainUntilDate!;
}

/**
 * Writes the manifest only if its key is new (`If-None-Match: *`), with the dump's key and no lock
 * headers, and returns its version id; the caller confirms the lock like the dump's.
 */
export async function putManifest(
    s3: S3Client,
    target: { bucket: string; key: string; kmsKeyId: string },
    manifest: Manifest,
): Promise<string | undefined> {
    const { bucket, key, kmsKeyId } = target;
    const response = await s3
        .send(
            new PutObjectCommand({
                Bucket: bucket,
                Key: key,
                Body: `${JSON.stringify(manifest, null, 2)}\n`,
                ContentType: "application/json",
                ServerSideEncryption: "aws:kms",
                SSEKMSKeyId: kmsKeyId,
                BucketKeyEnabled: true,
                ChecksumAlgorithm: "SHA256",
                IfNoneMatch: IF_NONE_MATCH_ANY,
            }),
        )
        .catch((error: unknown) => {
            if (!isAlreadyExists(error)) throw error;
            throw new Error(
                `${alreadyExistsMessage("the manifest", bucket, key)}. The dump stays without this run's ` +
                    "manifest; `strongbox verify` and `list` report the dump as suspect.",
            );
        });
    return response.VersionId;
}
