/**
 * The numbers every layer agrees on: config validation, component validation,
 * policy documents, the runner and (by a test that compares them, because the pack
 * is published on its own) the policy pack's defaults. One source of truth each;
 * change them here and the tests tell you who else moves.
 */

/** Object Lock retention below this is refused everywhere: a month of dumps survives any incident we plan for. */
export const MIN_RETENTION_DAYS = 30;
/** Default Object Lock COMPLIANCE retention for new dumps. */
export const DEFAULT_RETENTION_DAYS = 35;
/** Ten years: the cap on retention, so a typo cannot lock storage (and its bill) for a century. */
export const MAX_RETENTION_DAYS = 3650;

/** AWS Backup vault lock: below 3 days of cooling-off AWS rejects compliance mode. */
export const MIN_CHANGEABLE_FOR_DAYS = 3;
export const DEFAULT_CHANGEABLE_FOR_DAYS = 3;

/** KMS allows 7-30 days; the longest window gives the most time to notice a scheduled deletion. */
export const KMS_DELETION_WINDOW_DAYS = 30;

/** S3 lifecycle: incomplete multipart uploads are aborted after this many days (AWS allows any; we allow 1-7). */
export const MIN_ABORT_MULTIPART_DAYS = 1;
export const MAX_ABORT_MULTIPART_DAYS = 7;
export const DEFAULT_ABORT_MULTIPART_DAYS = 7;

/** Default days before dumps move to a colder storage class. */
export const DEFAULT_TRANSITION_DAYS = 30;

/** AWS Backup refuses a lifecycle whose deletion is less than 90 days after the cold-storage transition. */
export const MIN_COLD_STORAGE_DAYS = 90;

/** CloudWatch log retention for runner logs when config does not say. */
export const DEFAULT_LOG_RETENTION_DAYS = 90;

/** When databases are dumped unless config says otherwise: daily at 01:30, as the first deployment did. */
export const DEFAULT_SCHEDULE = "cron(30 1 * * ? *)";

/** PostgreSQL major version assumed for a database when config does not say; the job installs a pg_dump this new. */
export const DEFAULT_PG_MAJOR_VERSION = 15;
