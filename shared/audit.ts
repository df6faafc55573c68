/**
 * What the BackupAuditor (the component that schedules the checks in the backup account) and the
 * runner (which performs them) agree on: where receipts and the canary live in the backup bucket, the
 * CloudWatch metrics the checks publish and the alarms watch, and the environment the auditor's jobs
 * set. One module, imported by both sides, so an alarm can never watch a metric nobody publishes.
 */

/** Receipts of every check, COMPLIANCE-locked by the bucket's default retention: `<prefix>/<kind>/<db>/YYYY/MM/DD/<kind>_<db>_<ts>.json`. */
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

/** Environment variables the auditor's jobs set (beside BACKUP_BUCKET, BACKUP_KMS_KEY_ID, AWS_REGION). */
export const AUDIT_ENV = {
    /** JSON array of `{ "database": string, "keyPrefix": string, "rpoHours": number }`: what verify expects to find. */
    expectedDatabases: "BACKUP_EXPECTED_DATABASES",
    /** Drill's restore-time target in seconds (the RTO). */
    rtoSeconds: "DRILL_RTO_SECONDS",
} as const;
