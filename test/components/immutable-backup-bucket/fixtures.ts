/** Arguments shared by the ImmutableBackupBucket tests. */
import { ImmutableBackupBucketArgs } from "../../../components/immutable-backup-bucket/args";

export const BACKUP = "111111111111";
export const SOURCE = "222222222222";
export const WRITER = `arn:aws:iam::${SOURCE}:role/strongbox-pgdump-runner-test`;
export const ADMIN = `arn:aws:iam::${BACKUP}:role/platform-admin`;
export const BREAK_GLASS = `arn:aws:iam::${BACKUP}:role/strongbox-break-glass`;
export const DEPLOYER = `arn:aws:iam::${BACKUP}:role/strongbox-deployer`;
export const EXISTING_KEY = `arn:aws:kms:ap-southeast-4:${BACKUP}:key/11111111-2222-4333-8444-555555555555`;

/** Non-default values everywhere, so that a test can tell a passed value from a default. */
export const full: ImmutableBackupBucketArgs = {
    bucketName: "full-bucket-name",
    accountId: BACKUP,
    region: "ap-southeast-4",
    writers: [{ roleArn: WRITER, databases: ["appdb", "billing"] }],
    sourceAccountIds: [SOURCE],
    deployerRoleArns: [DEPLOYER],
    retentionDays: 40,
    expireAfterDays: 50,
    minimumRetentionDays: 32,
    maxRetentionDays: 400,
    transitionDays: 45,
    transitionStorageClass: "DEEP_ARCHIVE",
    abortIncompleteMultipartDays: 3,
    keyPrefix: "dumps",
    keyAdminRoleArns: [ADMIN],
    breakGlassRoleArn: BREAK_GLASS,
    replica: { region: "ap-southeast-2" },
    accessLogs: true,
    accessLogRetentionDays: 90,
    tags: { owner: "platform" },
};
