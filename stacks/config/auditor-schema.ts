/**
 * The shape of `strongbox:backup.auditor` (zod). Present, even as `{}`, it turns the BackupAuditor on; every key
 * left out takes the component's default (`components/backup-auditor/args.ts`), and whether a value is right is
 * the component's validator's business, reported under these keys (`auditor.ts`).
 */
import { z } from "zod";
import { BACKUP_AUDITOR_RANGES as R } from "../../components/backup-auditor/args";
import * as limits from "../../shared/limits";
import { wholeNumber } from "./zod-helpers";

const databaseOverrides = z
    .object({
        /** Hours the newest dump may be old. Default `auditor.rpoHours`. */
        rpoHours: wholeNumber(R.rpoHours).optional(),
        /** Seconds the drill's restore may take. Default `auditor.rtoSeconds`. */
        rtoSeconds: wholeNumber(R.rtoSeconds).optional(),
        /** Major version of the dumps' server. Default `auditor.pgMajorVersion`. */
        pgMajorVersion: wholeNumber(R.pgMajorVersion).optional(),
        /** Drill this database. Default true. */
        drill: z.boolean().optional(),
    })
    .strict();

const restoreTestingRegion = z
    .object({
        dbSubnetGroupName: z.string(),
        securityGroupIds: z.array(z.string()),
        dbInstanceClass: z.string().optional(),
    })
    .strict();

export const auditorSchema = z
    .object({
        /** Default RPO in hours. Default 26. */
        rpoHours: wholeNumber(R.rpoHours).optional(),
        /** Default RTO of the drill, in seconds. Default 3600. */
        rtoSeconds: wholeNumber(R.rtoSeconds).optional(),
        /** Default major version of the dumps' servers. Default 15. */
        pgMajorVersion: wholeNumber(R.pgMajorVersion).optional(),
        /** Per-database overrides, keyed by a database of `writers`. */
        databases: z.record(z.string(), databaseOverrides).optional(),
        schedules: z
            .object({
                verify: z.string().optional(),
                drill: z.string().optional(),
                canary: z.string().optional(),
            })
            .strict()
            .optional(),
        scheduleTimezone: z.string().optional(),
        flexibleWindowMinutes: wholeNumber(R.flexibleWindowMinutes).optional(),
        verifyMissingAfterHours: wholeNumber(R.verifyMissingAfterHours).optional(),
        canaryMissingAfterHours: wholeNumber(R.canaryMissingAfterHours).optional(),
        drillMissingAfterDays: wholeNumber(R.drillMissingAfterDays).optional(),
        receiptsMissingAfterDays: wholeNumber(R.receiptsMissingAfterDays).optional(),
        /** Days each verify and drill receipt is locked. Default 400; bounded by the bucket's retention (validator). */
        receiptRetentionDays: wholeNumber({
            min: limits.MIN_RETENTION_DAYS,
            max: limits.MAX_RETENTION_DAYS,
        }).optional(),
        notificationEmails: z.array(z.string()).optional(),
        logRetentionDays: z.number().optional(),
        buildTimeoutMinutes: wholeNumber(R.buildTimeoutMinutes).optional(),
        drillComputeType: z.string().optional(),
        framework: z
            .object({
                requiredRetentionDays: wholeNumber(R.requiredRetentionDays).optional(),
                backupFrequencyHours: wholeNumber(R.backupFrequencyHours).optional(),
                lastRecoveryPointMaxAgeHours: wholeNumber(R.lastRecoveryPointMaxAgeHours).optional(),
                maxRestoreTimeMinutes: wholeNumber(R.maxRestoreTimeMinutes).optional(),
            })
            .strict()
            .optional(),
        reports: z
            .object({
                /** Default `<bucket.name>-audit-reports`. */
                bucketName: z.string().optional(),
                retentionDays: wholeNumber(R.reportRetentionDays).optional(),
            })
            .strict()
            .optional(),
        restoreTesting: z
            .object({
                regions: z.record(z.string(), restoreTestingRegion),
                schedule: z.string().optional(),
                startWindowHours: wholeNumber(R.startWindowHours).optional(),
                selectionWindowDays: wholeNumber(R.selectionWindowDays).optional(),
                validationWindowHours: wholeNumber(R.validationWindowHours).optional(),
                resourceType: z.string().optional(),
            })
            .strict()
            .optional(),
    })
    .strict();

export type AuditorConfig = z.infer<typeof auditorSchema>;
