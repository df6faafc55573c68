/** Arguments shared by the SnapshotCopyPlan tests: a production source account copying into a locked vault. */
import type { SnapshotCopyPlanArgs } from "../../../components/snapshot-copy-plan/args";

export const SOURCE = "222222222222";
export const BACKUP = "111111111111";
export const REGION = "us-east-1";
export const BREAK_GLASS = `arn:aws:iam::${SOURCE}:role/strongbox-break-glass`;
export const ADMIN = `arn:aws:iam::${SOURCE}:role/platform-admin`;
export const APPDB = `arn:aws:rds:${REGION}:${SOURCE}:cluster:appdb`;
export const BILLING = `arn:aws:rds:${REGION}:${SOURCE}:cluster:billing`;
export const REPORTS = `arn:aws:rds:${REGION}:${SOURCE}:db:reports`;
export const VAULT_ARN = `arn:aws:backup:${REGION}:${BACKUP}:backup-vault:strongbox-prod-vault`;
export const SENSITIVE_VAULT_ARN = `arn:aws:backup:${REGION}:${BACKUP}:backup-vault:strongbox-prod-vault-sensitive`;

export const destination = {
    vaultArn: VAULT_ARN,
    minRetentionDays: 35,
    maxRetentionDays: 3650,
    describedAs: "the vault `vaultArn` of the backup stack acme/strongbox/prod-backup",
};

/** Production defaults, two databases by ARN, one by tag, and a sensitive one. */
export const base: SnapshotCopyPlanArgs = {
    namePrefix: "strongbox-prod",
    accountId: SOURCE,
    region: REGION,
    environment: "production",
    selection: { resourceArns: [APPDB, REPORTS], resourceTags: { "strongbox:snapshots": "true" } },
    sensitive: { resourceArns: [BILLING], resourceTags: { "data-classification": "sensitive" } },
    keyAdminRoleArns: [ADMIN],
    breakGlassRoleArn: BREAK_GLASS,
    notificationEmails: ["oncall@example.com"],
    destination,
    sensitiveDestination: {
        ...destination,
        vaultArn: SENSITIVE_VAULT_ARN,
        describedAs: "the vault `sensitiveVaultArn` of the backup stack acme/strongbox/prod-backup",
    },
    tags: { owner: "platform" },
};

/** `base` with no sensitive databases. */
export const general: SnapshotCopyPlanArgs = {
    ...base,
    sensitive: undefined,
    sensitiveDestination: undefined,
};
