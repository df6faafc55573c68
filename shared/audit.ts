/**
 * What the BackupAuditor (the component that schedules the checks in the backup account) and the
 * runner (which performs them) agree on: where receipts and the canary live in the backup bucket, the
 * CloudWatch metrics the checks publish and the alarms watch, and the environment the auditor's jobs
 * set. One module, imported by both sides, so an alarm can never watch a metric nobody publishes.
 */

import { compactUtcTimestamp } from "./object-key";

/**
 * Receipts of every check: `<prefix>/<kind>/<db>/YYYY/MM/DD/<kind>_<db>_<ts>.json`. Verify's and the drill's are
 * COMPLIANCE-locked for the auditor's `receiptRetentionDays` (the runner sends the lock with the write); the
 * canary's, and any written without that setting, by the bucket's default retention.
 */
export const RECEIPTS_PREFIX = "strongbox-receipts";
/** The immutability canary's objects; the only prefix where the canary role may try to delete. */
export const CANARY_PREFIX = "strongbox-canary";

/** What a receipt records the result of. */
export const RECEIPT_KINDS = ["verify", "drill", "canary"] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

/** CloudWatch namespace of every Strongbox metric (the auditor's IAM is limited to it). */
export const METRICS_NAMESPACE = "Strongbox";
/** The dimension that names the database a data point is about (the canary's is `CANARY_DIMENSION_VALUE`). */
export const DATABASE_DIMENSION = "Database";
export const CANARY_DIMENSION_VALUE = "(canary)";
/**
 * The dimension value of verify's verdict on the estate as a whole: 0 also when a database prefix nobody
 * listed was found, which no per-database alarm can see. Like the canary's value it cannot be a database
 * name of the stack's (those start with a letter), and it is also the subject of the estate's receipts.
 */
export const ESTATE_DIMENSION_VALUE = "(estate)";

/** Metric names, the unit each is published in, and what a value means. */
export const METRICS = {
    /** Hours since S3 stored the newest good dump (by S3's LastModified). Unit: None (hours). */
    newestDumpAgeHours: "NewestDumpAgeHours",
    /** 1 when verify found the database's newest dump good, 0 otherwise. */
    verifySucceeded: "VerifySucceeded",
    /** 1 when the drill restored and matched every row count, 0 otherwise. */
    drillSucceeded: "DrillSucceeded",
    /** Seconds the drill's restore took: the measured RTO. Unit: Seconds. */
    restoreSeconds: "RestoreSeconds",
    /** 1 when both canary attempts (delete the version, shorten its retention) were refused, 0 when either succeeded. */
    canaryDenied: "CanaryDenied",
} as const;

/** The CloudWatch unit each metric is published in. */
export const METRIC_UNITS: Record<MetricName, "None" | "Seconds"> = {
    newestDumpAgeHours: "None",
    verifySucceeded: "None",
    drillSucceeded: "None",
    restoreSeconds: "Seconds",
    canaryDenied: "None",
};
export type MetricName = keyof typeof METRICS;

/**
 * Environment variables the auditor's jobs set, beside BACKUP_BUCKET, BACKUP_KMS_KEY_ID (receipts and the
 * canary are written SSE-KMS with it, as the bucket policy requires), BACKUP_RETENTION_DAYS (the receipts'
 * and the canary's lock is read back against it) and AWS_REGION.
 */
export const AUDIT_ENV = {
    /** JSON array of `{ "database": string, "keyPrefix": string, "rpoHours": number }`: what verify expects to find. */
    expectedDatabases: "BACKUP_EXPECTED_DATABASES",
    /** Drill's restore-time target in seconds (the RTO). */
    rtoSeconds: "DRILL_RTO_SECONDS",
    /** Days each verify and drill receipt is COMPLIANCE-locked, sent with the write (the runner's `--receipt-retention-days`). */
    receiptRetentionDays: "BACKUP_RECEIPT_RETENTION_DAYS",
} as const;

/** The key prefixes only the auditor writes under; no writer's key prefix may be one of them. */
export const AUDIT_PREFIXES: readonly string[] = [RECEIPTS_PREFIX, CANARY_PREFIX];

/** Why `keyPrefix` cannot hold dumps because the auditor owns it, or undefined when it can. */
export function auditPrefixProblem(keyPrefix: string): string | undefined {
    return AUDIT_PREFIXES.includes(keyPrefix)
        ? `is the auditor's own prefix (${AUDIT_PREFIXES.join(", ")}), not a prefix of dumps`
        : undefined;
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** `20261124T013000.123Z`: the UTC time with milliseconds, so two checks in the same second get two keys. */
function receiptStamp(at: Date): string {
    return `${compactUtcTimestamp(at).slice(0, -1)}.${pad(at.getUTCMilliseconds(), 3)}Z`;
}

/** Where the receipt of one check is written: `<prefix>/<kind>/<subject>/YYYY/MM/DD/<kind>_<subject>_<ts>.json`. */
export function receiptKey(kind: ReceiptKind, subject: string, at: Date): string {
    const day = `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}`;
    return `${RECEIPTS_PREFIX}/${kind}/${subject}/${day}/${kind}_${subject}_${receiptStamp(at)}.json`;
}

/** The listing prefix of the receipts of one kind (and subject), with the trailing slash. */
export function receiptsPrefix(kind?: ReceiptKind, subject?: string): string {
    if (kind === undefined) return `${RECEIPTS_PREFIX}/`;
    return subject === undefined ? `${RECEIPTS_PREFIX}/${kind}/` : `${RECEIPTS_PREFIX}/${kind}/${subject}/`;
}

/** Reads a receipt key back into its kind, subject and time; undefined when the key is not a receipt's. */
export function parseReceiptKey(key: string): { kind: ReceiptKind; subject: string; at: Date } | undefined {
    const match =
        /^([^/]+)\/([^/]+)\/([^/]+)\/\d{4}\/\d{2}\/\d{2}\/\2_\3_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z\.json$/.exec(
            key,
        );
    if (!match || match[1] !== RECEIPTS_PREFIX) return undefined;
    const kind = RECEIPT_KINDS.find((k) => k === match[2]);
    if (kind === undefined) return undefined;
    const [, , , subject, y, mo, d, h, mi, s, ms] = match;
    return { kind, subject, at: new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`) };
}
