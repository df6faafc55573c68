/**
 * `strongbox:backup.auditor` as BackupAuditor args, and the auditor's roles as the bucket policy names them. The
 * expected databases are the writers' (each under its own prefix), the vaults are the ones the vault config
 * declares (the stack's region and every `vault.sourceRegions` one), the report bucket's key and policy take the
 * stack's key administrators, break-glass and deployers. What the component's validator finds wrong is reported
 * under these keys.
 */
import { auditRoleArns, BackupAuditorArgs } from "../../components/backup-auditor/args";
import { backupAuditorProblems, BackupAuditorPlainArgs } from "../../components/backup-auditor/validate";
import type { AuditRoles } from "../../components/immutable-backup-bucket/bucket-policy/audit";
import { RestoreTestingResourceType } from "../../components/backup-auditor/args";
import { configProblems, FieldMap } from "./problems";
import { BackupConfig } from "./schema";

/** The prefix of every physical name the auditor declares, from `strongbox:environment`. */
export const auditorNamePrefix = (environment: string): string => `strongbox-${environment}`;

/** The auditor's roles, when the config turns the auditor on: the bucket policy lets them in (and no further). */
export function auditRolesOf(b: BackupConfig, environment: string): AuditRoles | undefined {
    return b.auditor === undefined ? undefined : auditRoleArns(auditorNamePrefix(environment), b.accountId);
}

/** The plain BackupAuditor args for `strongbox:backup.auditor` (the stack adds the buckets', keys' and vaults' ARNs). */
export function backupAuditorPlainArgs(
    b: BackupConfig,
    region: string,
    environment: string,
): BackupAuditorPlainArgs | undefined {
    const a = b.auditor;
    if (a === undefined) return undefined;
    const regions = [region, ...b.vault.sourceRegions];
    return {
        namePrefix: auditorNamePrefix(environment),
        accountId: b.accountId,
        region,
        bucket: { retentionDays: b.bucket.retentionDays, maxRetentionDays: b.bucket.maxRetentionDays },
        writers: b.writers.map((w) => ({
            keyPrefix: w.keyPrefix ?? b.bucket.keyPrefix,
            databases: w.databases,
        })),
        rpoHours: a.rpoHours,
        rtoSeconds: a.rtoSeconds,
        pgMajorVersion: a.pgMajorVersion,
        databases: a.databases,
        schedules: a.schedules,
        scheduleTimezone: a.scheduleTimezone,
        flexibleWindowMinutes: a.flexibleWindowMinutes,
        verifyMissingAfterHours: a.verifyMissingAfterHours,
        canaryMissingAfterHours: a.canaryMissingAfterHours,
        drillMissingAfterDays: a.drillMissingAfterDays,
        receiptsMissingAfterDays: a.receiptsMissingAfterDays,
        receiptRetentionDays: a.receiptRetentionDays,
        notificationEmails: a.notificationEmails,
        logRetentionDays: a.logRetentionDays,
        buildTimeoutMinutes: a.buildTimeoutMinutes,
        drillComputeType: a.drillComputeType,
        vaults: regions.flatMap((r) => [
            { region: r, sensitive: false },
            ...(b.vault.sensitiveVault === undefined ? [] : [{ region: r, sensitive: true }]),
        ]),
        vaultLock: { minRetentionDays: b.vault.minRetentionDays, maxRetentionDays: b.vault.maxRetentionDays },
        framework: a.framework,
        reports: {
            bucketName: a.reports?.bucketName ?? `${b.bucket.name}-audit-reports`,
            retentionDays: a.reports?.retentionDays,
            keyAdminRoleArns: b.keyAdminRoleArns,
            breakGlassRoleArn: b.breakGlassRoleArn,
            deployerRoleArns: b.deployerRoleArns,
        },
        restoreTesting: a.restoreTesting && {
            ...a.restoreTesting,
            // A string to the config's schema; the component's validator refuses any other type.
            resourceType: a.restoreTesting.resourceType as RestoreTestingResourceType | undefined,
        },
    };
}

/** The vault names of each region, as the vault config declares them (the stack adds their ARNs). */
export function auditedVaultNames(b: BackupConfig): { vaultName: string; sensitive: boolean }[] {
    return [
        { vaultName: b.vault.name, sensitive: false },
        ...(b.vault.sensitiveVault === undefined
            ? []
            : [{ vaultName: b.vault.sensitiveVault.name, sensitive: true }]),
    ];
}

const AUDITOR = "strongbox:backup.auditor";

const AUDITOR_FIELDS: FieldMap = {
    namePrefix: "strongbox:environment",
    accountId: "strongbox:backup.accountId",
    region: { key: "aws:region", says: "the stack's region" },
    writers: "strongbox:backup.writers",
    vaults: "strongbox:backup.vault",
    "vaultLock.minRetentionDays": "strongbox:backup.vault.minRetentionDays",
    "vaultLock.maxRetentionDays": "strongbox:backup.vault.maxRetentionDays",
    "reports.keyAdminRoleArns": "strongbox:backup.keyAdminRoleArns",
    "reports.breakGlassRoleArn": "strongbox:backup.breakGlassRoleArn",
    "reports.deployerRoleArns": "strongbox:backup.deployerRoleArns",
    ...Object.fromEntries(
        [
            "rpoHours",
            "rtoSeconds",
            "pgMajorVersion",
            "databases",
            "schedules",
            "scheduleTimezone",
            "flexibleWindowMinutes",
            "verifyMissingAfterHours",
            "canaryMissingAfterHours",
            "drillMissingAfterDays",
            "receiptsMissingAfterDays",
            "receiptRetentionDays",
            "notificationEmails",
            "logRetentionDays",
            "buildTimeoutMinutes",
            "drillComputeType",
            "framework",
            "reports.bucketName",
            "reports.retentionDays",
            "restoreTesting",
        ].map((field) => [field, `${AUDITOR}.${field}`]),
    ),
};

/** What the BackupAuditor's validator finds wrong with `strongbox:backup.auditor`, under its keys. */
export function auditorConfigProblems(b: BackupConfig, region: string, environment: string): string[] {
    const args = backupAuditorPlainArgs(b, region, environment);
    return args === undefined ? [] : configProblems(backupAuditorProblems(args), AUDITOR_FIELDS, AUDITOR);
}

/** The stack-side inputs the plain args lack: only outputs of other components (`backup-stack.ts`). */
export type BackupAuditorOutputInputs = Pick<BackupAuditorArgs, "bucket" | "vaults" | "watched">;
