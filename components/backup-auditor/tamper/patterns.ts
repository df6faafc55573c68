/**
 * The EventBridge patterns of the tamper rules, as pure data: CloudTrail's record of an API call that could
 * weaken the backups, narrowed to our own resources where the event names them.
 *
 * What decides:
 * - such events have `detail-type` "AWS API Call via CloudTrail", and "to record events with a detail-type value
 *   of AWS API Call via CloudTrail, a CloudTrail trail with logging enabled is required" (EventBridge User Guide,
 *   "Events from AWS services"); management events suffice, no data events;
 * - a rule only sees events of its own region ("Both the EventBridge rule and the source event that it monitors
 *   must exist in the same AWS Region", re:Post knowledge center); rules elsewhere forward to the home bus;
 * - KMS names the key's ARN in the record's `resources` (KMS Developer Guide, CloudTrail examples such as
 *   ScheduleKeyDeletion); S3 and AWS Backup name the bucket and vault in `requestParameters`;
 * - CloudTrail logs S3's PutBucketLifecycleConfiguration as `PutBucketLifecycle`; both names are matched.
 * Attempts that fail are matched too: a denied attempt to delete a key is as much news as a successful one.
 */

export const KEY_DESTRUCTION_EVENTS = ["ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy"] as const;
export const KEY_GRANT_EVENTS = ["CreateGrant"] as const;
export const BUCKET_EVENTS = [
    "PutBucketPolicy",
    "DeleteBucketPolicy",
    "PutBucketLifecycle",
    "PutBucketLifecycleConfiguration",
    "DeleteBucketLifecycle",
    "PutObjectLockConfiguration",
    "PutBucketReplication",
    "DeleteBucketReplication",
    "PutBucketVersioning",
] as const;
export const VAULT_EVENTS = [
    "PutBackupVaultAccessPolicy",
    "DeleteBackupVaultAccessPolicy",
    "PutBackupVaultLockConfiguration",
    "DeleteBackupVaultLockConfiguration",
] as const;
export const RESTORE_EVENTS = ["StartRestoreJob"] as const;

export type TamperCategory = "key-destruction" | "key-grants" | "buckets" | "vaults" | "restores";

const API_CALL = "AWS API Call via CloudTrail";

/** An exact ARN, or every key of the account in a region when the stack cannot name that region's keys. */
export type KeyMatch = string | { readonly prefix: string };

export function anyKeyIn(partition: string, region: string, accountId: string): KeyMatch {
    return { prefix: `arn:${partition}:kms:${region}:${accountId}:key/` };
}

/**
 * Key destruction: whoever calls. Grants: only direct calls (`userIdentity.invokedBy` absent). AWS services
 * create grants on the vault keys for every RDS copy, for our resources, on a caller's behalf; those carry
 * `invokedBy` and the key policy already confines them (`kms:GrantIsForAWSResource`).
 */
export function keyPattern(category: "key-destruction" | "key-grants", keys: readonly KeyMatch[]): object {
    return {
        source: ["aws.kms"],
        "detail-type": [API_CALL],
        detail: {
            eventSource: ["kms.amazonaws.com"],
            eventName: category === "key-destruction" ? [...KEY_DESTRUCTION_EVENTS] : [...KEY_GRANT_EVENTS],
            resources: { ARN: [...keys] },
            ...(category === "key-grants" && { userIdentity: { invokedBy: [{ exists: false }] } }),
        },
    };
}

export function bucketPattern(bucketNames: readonly string[]): object {
    return {
        source: ["aws.s3"],
        "detail-type": [API_CALL],
        detail: {
            eventSource: ["s3.amazonaws.com"],
            eventName: [...BUCKET_EVENTS],
            requestParameters: { bucketName: [...bucketNames] },
        },
    };
}

export function vaultPattern(vaultNames: readonly string[]): object {
    return {
        source: ["aws.backup"],
        "detail-type": [API_CALL],
        detail: {
            eventSource: ["backup.amazonaws.com"],
            eventName: [...VAULT_EVENTS],
            requestParameters: { backupVaultName: [...vaultNames] },
        },
    };
}

/**
 * Every restore in the vaults' regions: StartRestoreJob names a recovery point, not its vault, so this cannot
 * narrow to our vaults (in the backup account every recovery point is ours anyway). Scheduled restore tests
 * appear here too, at their schedule; a restore at any other time is the one to look at.
 */
export function restorePattern(): object {
    return {
        source: ["aws.backup"],
        "detail-type": [API_CALL],
        detail: { eventSource: ["backup.amazonaws.com"], eventName: [...RESTORE_EVENTS] },
    };
}
