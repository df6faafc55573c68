import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import { RECEIPT_KINDS, type ReceiptKind, receiptKey } from "../../shared/audit";
import type { Logger } from "../log";
import { IF_NONE_MATCH_ANY, isAlreadyExists } from "./conditional-write";
import { confirmLocked } from "./locked-object";

/**
 * The evidence of one check: what was checked (bucket, key, version id, sha256), when, by which command
 * and runner version, and the verdict with its problems. Written once under the receipts prefix with
 * `If-None-Match: *`, COMPLIANCE-locked (for the auditor's `receiptRetentionDays`, sent with the write, or by
 * the bucket's default retention like a dump), so that nobody, the auditor included, can edit or remove it
 * afterwards.
 */
export const receiptSchema = z.object({
    formatVersion: z.literal(1),
    kind: z.enum(RECEIPT_KINDS),
    /** The database checked; ESTATE_DIMENSION_VALUE for verify's estate, CANARY_DIMENSION_VALUE for the canary. */
    database: z.string(),
    /** When the check finished, by the runner's clock (the receipt's LastModified is S3's). */
    checkedAt: z.string(),
    /** `strongbox <command> [mode switches]`. */
    command: z.string(),
    runnerVersion: z.string(),
    bucket: z.string(),
    /** The object checked (a dump, or the canary), its version and the sha256 streamed from it. */
    key: z.string().nullable(),
    versionId: z.string().nullable(),
    sha256: z.string().nullable(),
    /** verify and drill: ok or failed; the canary: denied, alarm or inconclusive. */
    verdict: z.string(),
    problems: z.array(z.string()),
    /** drill: the measured RTO. */
    restoreSeconds: z.number().nullable().optional(),
    /** What else the command knew (age, RPO, lock, tables compared, the canary's attempts). */
    details: z.record(z.string(), z.unknown()).optional(),
});
export type Receipt = z.infer<typeof receiptSchema>;

/** A receipt is a few kilobytes; a larger object under the prefix is not read (a forgery must not exhaust memory). */
export const MAX_RECEIPT_BYTES = 1024 * 1024;

export interface ReceiptTarget {
    bucket: string;
    kmsKeyId: string;
    /** The bucket's default retention: what a receipt written without its own lock gets. */
    retentionDays: number;
    /**
     * Days the receipt is COMPLIANCE-locked, sent with the write (x-amz-object-lock-mode and -retain-until-date,
     * which S3 accepts only from a principal holding s3:PutObjectRetention). Unset: no lock headers, the bucket's
     * default retention locks it.
     */
    receiptRetentionDays?: number;
}

export interface WrittenReceipt {
    key: string;
    versionId: string | null;
    retainUntil: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Two checks of one database in the same millisecond would want one key; the second takes the next. */
const ATTEMPTS = 3;

/**
 * Taken off a receipt's own lock. The bucket policy denies a lock whose days remaining exceed its maximum
 * (`DenyRetentionBeyondMaximum`, `s3:object-lock-remaining-retention-days`), and a receipt may be locked for exactly
 * the maximum (the example's 400 of 400). S3 counts those days when the request arrives and does not document how
 * it rounds a part of a day; were it to round up, `now + N days` to the second would count as N + 1 and be denied.
 * A minute less keeps the count at N under either rounding, whatever the request's latency, unless the runner's
 * clock is a minute ahead of S3's; the read-back's 5 minutes of slack (CLOCK_SLACK_MS) cover it.
 */
export const RECEIPT_LOCK_MARGIN_MS = 60_000;

/** `at` + `days`, less RECEIPT_LOCK_MARGIN_MS, down to the whole second S3 keeps a retain-until date to. */
export function retainUntilAfter(at: Date, days: number): Date {
    return new Date(Math.floor((at.getTime() + days * DAY_MS - RECEIPT_LOCK_MARGIN_MS) / 1000) * 1000);
}

/**
 * Writes a receipt with `If-None-Match: *`, with a COMPLIANCE lock until the write + `receiptRetentionDays`
 * when that is set (else no lock headers), then reads its lock back as the dump does (confirmLocked:
 * COMPLIANCE until at least the write + those days less the clock slack). A receipt written without lock
 * headers that came back unlocked, which only moto does, is locked explicitly and logged
 * `retention-set-explicitly`; one written with them is never "fixed": S3 ignoring them is a failure.
 */
export async function writeReceipt(
    s3: S3Client,
    target: ReceiptTarget,
    receipt: Receipt,
    log: Logger,
    now: () => Date = () => new Date(),
): Promise<WrittenReceipt> {
    const body = `${JSON.stringify(receipt, null, 2)}\n`;
    for (let attempt = 1; ; attempt++) {
        const writtenAt = now();
        const key = receiptKey(receipt.kind, receipt.database, writtenAt);
        const days = target.receiptRetentionDays;
        const lock =
            days === undefined
                ? undefined
                : {
                      ObjectLockMode: "COMPLIANCE" as const,
                      ObjectLockRetainUntilDate: retainUntilAfter(writtenAt, days),
                  };
        let versionId: string | undefined;
        try {
            const response = await s3.send(
                new PutObjectCommand({
                    Bucket: target.bucket,
                    Key: key,
                    Body: body,
                    ContentType: "application/json",
                    ServerSideEncryption: "aws:kms",
                    SSEKMSKeyId: target.kmsKeyId,
                    BucketKeyEnabled: true,
                    // Also what S3 requires of an upload that carries a retention period (S3 User Guide, Object
                    // Lock considerations: Content-MD5 or x-amz-sdk-checksum-algorithm).
                    ChecksumAlgorithm: "SHA256",
                    IfNoneMatch: IF_NONE_MATCH_ANY,
                    ...lock,
                }),
            );
            versionId = response.VersionId;
        } catch (error) {
            if (isAlreadyExists(error) && attempt < ATTEMPTS) {
                await new Promise((resolve) => setTimeout(resolve, 2));
                continue;
            }
            throw new Error(
                `could not write the ${receipt.kind} receipt of ${receipt.database} to ${target.bucket}/${key}: ` +
                    `${(error as Error).message}; check s3:PutObject on the receipts prefix and kms:GenerateDataKey` +
                    (lock === undefined
                        ? ""
                        : `, and s3:PutObjectRetention there (the receipt carries a ${days}-day COMPLIANCE lock)`),
            );
        }
        const retainUntil = await confirmLocked(
            s3,
            {
                bucket: target.bucket,
                key,
                versionId,
                what: "the receipt",
                whatStays: "The receipt stays in the bucket as it is; the run fails so that its alarm fires.",
                kmsKeyId: target.kmsKeyId,
                writtenAt,
                retentionDays: days ?? target.retentionDays,
                requestedRetainUntil: lock?.ObjectLockRetainUntilDate,
            },
            log,
        );
        log.info("receipt-written", `${receipt.kind} receipt of ${receipt.database} written to ${key}`, {
            key,
            versionId,
            verdict: receipt.verdict,
            retainUntil: retainUntil.toISOString(),
        });
        return { key, versionId: versionId ?? null, retainUntil: retainUntil.toISOString() };
    }
}

/** One stored receipt version: its content, or why it could not be read, and its lock as S3 reports it. */
export interface ReadReceipt {
    receipt: Receipt | undefined;
    problem: string | undefined;
    lockMode: string | null;
    retainUntil: string | null;
}

/** Reads one exact receipt version (GetObject returns the lock beside the body: one request per receipt). */
export async function readReceipt(
    s3: S3Client,
    bucket: string,
    key: string,
    version: { versionId: string; size: number },
): Promise<ReadReceipt> {
    if (version.size > MAX_RECEIPT_BYTES) {
        return {
            receipt: undefined,
            problem: `${key} is ${version.size} bytes, more than any receipt; not read`,
            lockMode: null,
            retainUntil: null,
        };
    }
    const response = await s3
        .send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: version.versionId }))
        .catch((error: unknown) => {
            throw new Error(
                `could not read receipt ${bucket}/${key} (version ${version.versionId}): ` +
                    `${(error as Error).message}; check s3:GetObjectVersion and kms:Decrypt on the role`,
            );
        });
    const text = (await response.Body?.transformToString("utf8")) ?? "";
    const lock = {
        lockMode: response.ObjectLockMode ?? null,
        retainUntil: response.ObjectLockRetainUntilDate?.toISOString() ?? null,
    };
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch {
        return { receipt: undefined, problem: `${key} is not valid JSON`, ...lock };
    }
    const parsed = receiptSchema.safeParse(json);
    if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
        return { receipt: undefined, problem: `${key} is not a receipt (${fields})`, ...lock };
    }
    return { receipt: parsed.data, problem: undefined, ...lock };
}

export type { ReceiptKind };
