/** Arguments shared by the BackupAuditor tests: a backup account with two vault regions and two writers. */
import * as pulumi from "@pulumi/pulumi";
import type { BackupAuditorArgs } from "../../../components/backup-auditor/args";
import { installMocks, promiseOf, RecordedResource, settle } from "../../harness/offline-mocks";

export const BACKUP = "111111111111";
export const HOME = "ap-southeast-4";
export const SOURCE_REGION = "us-east-1";
export const REPLICA_REGION = "ap-southeast-2";
export const BUCKET = "acme-strongbox-test-pg-backups";
export const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
export const KEY_ARN = `arn:aws:kms:${HOME}:${BACKUP}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const VAULT_KEY_ARN = `arn:aws:kms:${HOME}:${BACKUP}:key/abcd1234-ab12-cd34-ef56-abcdef123456`;
export const REPLICA_KEY_ARN = `arn:aws:kms:${REPLICA_REGION}:${BACKUP}:key/5678abcd-12ab-34cd-56ef-1234567890ab`;
export const vaultArn = (region: string, name: string) =>
    `arn:aws:backup:${region}:${BACKUP}:backup-vault:${name}`;
export const DEPLOYER = `arn:aws:iam::${BACKUP}:role/strongbox-deployer`;
export const BREAK_GLASS = `arn:aws:iam::${BACKUP}:role/strongbox-break-glass`;
export const ADMIN = `arn:aws:iam::${BACKUP}:role/platform-admin`;

/** A stand-in for the compiled runner, so these tests do not need `npm run build`. */
export const STUB_BUNDLE = new pulumi.asset.AssetArchive({
    "strongbox.js": new pulumi.asset.StringAsset("// stub runner"),
});

/** Non-default values wherever a test must tell a passed value from a default. */
export function auditorArgs(over: Partial<BackupAuditorArgs> = {}): BackupAuditorArgs {
    return {
        namePrefix: "strongbox-test",
        accountId: BACKUP,
        region: HOME,
        bucket: {
            name: BUCKET,
            arn: BUCKET_ARN,
            kmsKeyArn: KEY_ARN,
            retentionDays: 35,
            maxRetentionDays: 500,
        },
        writers: [
            { keyPrefix: "layer3", databases: ["appdb", "billing"] },
            { keyPrefix: "layer3-payments", databases: ["ledger"] },
        ],
        rpoHours: 30,
        rtoSeconds: 1800,
        databases: { billing: { rpoHours: 48, pgMajorVersion: 16 }, ledger: { drill: false } },
        schedules: { verify: "cron(15 4 * * ? *)" },
        notificationEmails: ["oncall@example.com"],
        receiptRetentionDays: 420,
        vaults: [
            {
                region: HOME,
                vaultName: "strongbox-test-vault",
                vaultArn: vaultArn(HOME, "strongbox-test-vault"),
                sensitive: false,
            },
            {
                region: HOME,
                vaultName: "strongbox-test-vault-sensitive",
                vaultArn: vaultArn(HOME, "strongbox-test-vault-sensitive"),
                sensitive: true,
            },
            {
                region: SOURCE_REGION,
                vaultName: "strongbox-test-vault",
                vaultArn: vaultArn(SOURCE_REGION, "strongbox-test-vault"),
                sensitive: false,
            },
        ],
        vaultLock: { minRetentionDays: 35, maxRetentionDays: 400 },
        framework: { maxRestoreTimeMinutes: 240 },
        reports: {
            bucketName: "acme-strongbox-test-audit-reports",
            keyAdminRoleArns: [ADMIN],
            breakGlassRoleArn: BREAK_GLASS,
            deployerRoleArns: [DEPLOYER],
        },
        restoreTesting: {
            regions: {
                [SOURCE_REGION]: {
                    dbSubnetGroupName: "restore-tests",
                    securityGroupIds: ["sg-0123456789abcdef0"],
                    dbInstanceClass: "db.t4g.medium",
                },
            },
        },
        watched: {
            buckets: [
                { region: HOME, name: BUCKET },
                { region: REPLICA_REGION, name: `${BUCKET}-replica` },
            ],
            keys: [
                { region: HOME, arn: KEY_ARN },
                { region: HOME, arn: VAULT_KEY_ARN },
                { region: REPLICA_REGION, arn: REPLICA_KEY_ARN },
            ],
        },
        runnerBundle: STUB_BUNDLE,
        tags: { owner: "platform" },
        ...over,
    };
}

export function named(rs: readonly RecordedResource[], type: string, name: string): RecordedResource {
    const found = rs.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}

export function ofType(rs: readonly RecordedResource[], type: string): RecordedResource[] {
    return rs.filter((r) => r.type === type);
}

/** Declares one BackupAuditor under fresh mocks and returns what it recorded. */
export async function declareAuditor(args: BackupAuditorArgs = auditorArgs()): Promise<RecordedResource[]> {
    const recorded = await installMocks({ accountId: BACKUP, region: HOME });
    // Imported only after the mocks are installed: a Pulumi module loaded earlier would bind to the real runtime.
    const { BackupAuditor } = await import("../../../components/backup-auditor");
    const auditor = new BackupAuditor("audit", args);
    await promiseOf(auditor.topicArn);
    await settle();
    return recorded;
}

/** A policy-typed input, parsed. */
export function doc<T = { Statement: Array<Record<string, unknown>> }>(
    r: RecordedResource,
    field = "policy",
): T {
    const raw = r.inputs[field];
    return (typeof raw === "string" ? JSON.parse(raw) : raw) as T;
}
