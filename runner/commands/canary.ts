import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createHash, randomBytes } from "node:crypto";
import { CANARY_DIMENSION_VALUE, CANARY_PREFIX } from "../../shared/audit";
import { compactUtcTimestamp } from "../../shared/object-key";
import { auditSwitchOptions, CANARY_SETTINGS, type CanaryConfig, parseCanaryConfig } from "../config";
import type { Logger } from "../log";
import { CLOCK_SLACK_MS, createS3Client, headObject, IF_NONE_MATCH_ANY, lockProblems } from "../s3";
import { type AttemptOutcome, attemptToBreakLock } from "../s3/canary-attempts";
import { RUNNER_VERSION } from "../version";
import { type AuditTrail, receiptBase, recordChecks } from "./audit-trail";
import { defineCommand } from "./spec";

/** denied: the lock held against both attempts; alarm: it did not; inconclusive: the canary proved nothing. */
export type CanaryVerdict = "denied" | "alarm" | "inconclusive";

export interface CanaryReport {
    verdict: CanaryVerdict;
    bucket: string;
    key: string;
    versionId: string | null;
    sha256: string;
    lockMode: string | null;
    retainUntil: string | null;
    attempts: AttemptOutcome[];
    problems: string[];
    audit?: AuditTrail;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A new key under the canary prefix for every run: the canary never touches any other key. */
export function canaryKey(at: Date, unique: string = randomBytes(4).toString("hex")): string {
    return `${CANARY_PREFIX}/${compactUtcTimestamp(at)}-${unique}.txt`;
}

/** The verdict from the lock read-back and the two attempts (pure, so every combination is tested). */
export function canaryVerdict(
    lockFindings: readonly string[],
    attempts: readonly AttemptOutcome[],
): CanaryVerdict {
    if (lockFindings.length > 0 || attempts.some((a) => a.result === "succeeded")) return "alarm";
    const held = attempts.length === 2 && attempts.every((a) => a.result === "refused-by-object-lock");
    return held ? "denied" : "inconclusive";
}

function attemptProblem(a: AttemptOutcome): string | undefined {
    switch (a.result) {
        case "refused-by-object-lock":
        case "skipped":
            return undefined;
        case "succeeded":
            return `${a.attempt}: S3 ACCEPTED it: the Object Lock did not hold`;
        case "refused-by-policy":
            return `${a.attempt}: refused by a policy, not by Object Lock (${a.message}); that proves nothing about the lock: the canary's role and the bucket policy must allow it on the canary prefix`;
        case "refused":
            return `${a.attempt}: refused without a stated cause (${a.code ?? "?"} ${a.status ?? ""}: ${a.message}); S3 states it only within the bucket's account or organisation`;
        case "failed":
            return `${a.attempt}: no answer from S3 (${a.message})`;
    }
}

/** Writes the canary like any receipt or dump: If-None-Match, SSE-KMS with the bucket's key, no lock headers. */
async function writeCanary(s3: S3Client, config: CanaryConfig, key: string, body: string) {
    const response = await s3.send(
        new PutObjectCommand({
            Bucket: config.bucket,
            Key: key,
            Body: body,
            ContentType: "text/plain",
            ServerSideEncryption: "aws:kms",
            SSEKMSKeyId: config.kmsKeyId,
            BucketKeyEnabled: true,
            ChecksumAlgorithm: "SHA256",
            IfNoneMatch: IF_NONE_MATCH_ANY,
        }),
    );
    if (!response.VersionId)
        throw new Error(`S3 returned no version id for ${key}: is the bucket versioned?`);
    return response.VersionId;
}

/**
 * The immutability canary: writes a tiny object under the canary prefix, reads its lock back (the
 * bucket's default retention must have made it COMPLIANCE; the canary never locks it itself), then tries
 * to delete that version and to shorten its retention. The canary's role and the bucket policy allow
 * exactly those two actions there, so only Object Lock can refuse them; either one succeeding is the
 * alarm that matters most.
 */
export async function runCanary(
    config: CanaryConfig,
    log: Logger,
    now: () => Date = () => new Date(),
): Promise<CanaryReport> {
    const writtenAt = now();
    const key = canaryKey(writtenAt);
    const body =
        `Strongbox immutability canary, written ${writtenAt.toISOString()} by runner ${RUNNER_VERSION}. ` +
        "Object Lock must refuse every attempt to delete this version or to shorten its retention.\n";
    const report: CanaryReport = {
        verdict: "inconclusive",
        bucket: config.bucket,
        key,
        versionId: null,
        sha256: createHash("sha256").update(body).digest("hex"),
        lockMode: null,
        retainUntil: null,
        attempts: [],
        problems: [],
    };
    // S3's refusals as S3 worded them: the verdict is read from that wording.
    const s3 = createS3Client(process.env, { explainDenials: false });
    try {
        let lockFindings: string[] = [];
        try {
            const versionId = await writeCanary(s3, config, key, body);
            report.versionId = versionId;
            const head = await headObject(s3, config.bucket, key, versionId);
            report.lockMode = head.ObjectLockMode ?? null;
            report.retainUntil = head.ObjectLockRetainUntilDate?.toISOString() ?? null;
            const due =
                config.retentionDays === undefined
                    ? writtenAt.getTime() + DAY_MS
                    : writtenAt.getTime() + config.retentionDays * DAY_MS - CLOCK_SLACK_MS;
            lockFindings = lockProblems(head, {
                kmsKeyId: config.kmsKeyId,
                retainAtLeastUntil: new Date(due),
            }).map((p) => `the canary ${key} came back with the wrong lock: ${p}`);
            report.attempts = await attemptToBreakLock(
                s3,
                { bucket: config.bucket, key, versionId, retainUntil: head.ObjectLockRetainUntilDate },
                now(),
            );
        } catch (error) {
            report.problems.push(`the canary could not run: ${(error as Error).message}`);
        }
        report.problems.push(...lockFindings);
        report.problems.push(...report.attempts.map(attemptProblem).filter((p) => p !== undefined));
        report.verdict =
            report.versionId === null ? "inconclusive" : canaryVerdict(lockFindings, report.attempts);
        if (report.verdict === "denied") {
            log.info("canary-denied", `Object Lock refused both attempts on ${key}: the lock holds`, { key });
        } else {
            const event = report.verdict === "alarm" ? "canary-alarm" : "canary-inconclusive";
            const head = report.verdict === "alarm" ? "IMMUTABILITY ALARM" : "the canary proved nothing";
            log.error(event, `${head}: ${report.problems.join("; ")}`, { key, attempts: report.attempts });
        }
        const { switches } = config;
        if (switches.receipts || switches.publishMetrics)
            report.audit = await recordCanary(s3, config, report, log, now());
        return report;
    } finally {
        s3.destroy();
    }
}

function recordCanary(s3: S3Client, config: CanaryConfig, report: CanaryReport, log: Logger, at: Date) {
    const { key, versionId, sha256, verdict, problems, lockMode, retainUntil, attempts } = report;
    return recordChecks(
        { s3, ...config, log },
        [
            {
                ...receiptBase("canary", config.bucket, at),
                kind: "canary",
                database: CANARY_DIMENSION_VALUE,
                key,
                versionId,
                sha256,
                verdict,
                problems,
                details: { lockMode, retainUntil, attempts },
            },
        ],
        [
            {
                metric: "canaryDenied",
                database: CANARY_DIMENSION_VALUE,
                value: verdict === "denied" ? 1 : 0,
                at,
            },
        ],
    );
}

export const canaryCommand = defineCommand({
    name: "canary",
    description:
        "Immutability canary: write a tiny object under the canary prefix, then try to delete that version " +
        "and to shorten its retention; both must be refused by Object Lock (exit 0), either succeeding is " +
        "the alarm (exit 1).",
    settings: CANARY_SETTINGS,
    switches: auditSwitchOptions,
    parse: parseCanaryConfig,
    run: async (config, log) => {
        const report = await runCanary(config, log);
        const recorded = (report.audit?.problems.length ?? 0) === 0;
        return { output: report, ok: report.verdict === "denied" && recorded };
    },
});
