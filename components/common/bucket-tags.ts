/**
 * The tags that say what a Strongbox bucket is. The policy pack selects the buckets it checks by
 * them, so every bucket the components declare carries both, the access-log bucket included.
 */

/** Tag that marks a bucket as holding backups (`"true"`), or explicitly not (`"false"`). */
export const BACKUP_BUCKET_TAG = "strongbox:backup-bucket";
/** Tag saying which bucket of the component this is: `primary`, `replica` or `access-logs`. */
export const BUCKET_ROLE_TAG = "strongbox:bucket-role";
