import { z } from "zod";
import {
    asCompression,
    type Compression,
    COMPRESSION_NAMES,
    compressionLevelProblem,
    DEFAULT_COMPRESSION,
} from "../../shared/compression";
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from "../../shared/limits";
import { DEFAULT_KEY_PREFIX, keyPrefixProblem, keySegmentProblem } from "../../shared/object-key";
import { parseByteSize } from "../byte-size";
import { kmsKeyProblem } from "../s3";
import type { AuditSwitches } from "./audit-switches";
import type { ListFilters } from "./list-filters";
import type { ReportFilters } from "./report-filters";
import type { RestoreSwitches } from "./restore-switches";
import { parseExpectedDatabases, type VerifyTarget } from "./expected-databases";
import { label, type SettingName } from "./settings";

const integer = (name: SettingName, min: number, max: number) =>
    z
        .string()
        .regex(/^\d+$/, { message: `${label(name)} must be a whole number` })
        .transform(Number)
        .refine((n) => n >= min && n <= max, { message: `${label(name)} must be between ${min} and ${max}` });

const positiveNumber = (name: SettingName) =>
    z
        .string()
        .regex(/^\d+(\.\d+)?$/, { message: `${label(name)} must be a positive number` })
        .transform(Number)
        .refine((n) => n > 0, { message: `${label(name)} must be greater than 0` });

const required = (name: SettingName, what: string) =>
    z.string({ error: `${label(name)} is required: ${what}` }).min(1);

const databaseName = (name: SettingName) =>
    z.string().superRefine((value, ctx) => {
        const problem = keySegmentProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: `${label(name)} ${problem}` });
    });

const kmsKey = z
    .string({ error: `${label("kmsKeyId")} is required: the ARN or id of the backup CMK` })
    .superRefine((value, ctx) => {
        const problem = kmsKeyProblem(value);
        if (problem)
            ctx.addIssue({ code: "custom", message: `${label("kmsKeyId")} ${problem} (got ${value})` });
    });

/**
 * The stack's rule, not a looser one of the runner's own: the bucket policy lets writers write only under
 * `<prefix>/*`, so a prefix the stack would refuse is one whose dumps the policy does not cover.
 */
const keyPrefix = z
    .string()
    .default(DEFAULT_KEY_PREFIX)
    .superRefine((prefix, ctx) => {
        const problem = keyPrefixProblem(prefix);
        if (problem) ctx.addIssue({ code: "custom", message: `${label("keyPrefix")} ${problem}` });
    });

/**
 * The floor and cap the stack config and the components enforce too: below the floor a dump would not
 * outlive the incidents it is kept for; above the cap a typo would lock storage (and its bill) for decades,
 * and COMPLIANCE retention cannot be shortened afterwards.
 */
const retentionDays = integer("retentionDays", MIN_RETENTION_DAYS, MAX_RETENTION_DAYS);

/** The same bounds for a receipt's own lock; that it is at least `retentionDays` is `receiptRetentionProblem`'s. */
const receiptRetentionDays = integer("receiptRetentionDays", MIN_RETENTION_DAYS, MAX_RETENTION_DAYS);

const byteSize = (name: SettingName) =>
    z.string().transform((text, ctx) => {
        const bytes = parseByteSize(text);
        if (bytes === undefined || bytes <= 0) {
            ctx.addIssue({
                code: "custom",
                message: `${label(name)} must be a size such as 500G or 2T (got ${text})`,
            });
            return z.NEVER;
        }
        return bytes;
    });

/** Connection settings before a DB_SECRET_ARN secret fills the gaps (see postgres/connection.ts). */
const connectionShape = {
    host: z.string().optional(),
    port: integer("port", 1, 65535).optional(),
    user: z.string().optional(),
    secretArn: z.string().optional(),
};

const bucketShape = {
    bucket: required("bucket", "the Object Lock bucket that holds the dumps"),
    keyPrefix,
};

const compression = z
    .string()
    .default(DEFAULT_COMPRESSION)
    .transform((name, ctx) => {
        const known = asCompression(name);
        if (known) return known;
        ctx.addIssue({
            code: "custom",
            message: `${label("compression")} must be one of ${COMPRESSION_NAMES.join(", ")} (got ${name})`,
        });
        return z.NEVER;
    });

/** A whole number, checked against the compression's own range once the compression is known. */
const compressionLevel = z
    .string()
    // Aborting: a level that is not a number has nothing more to be told about its range.
    .regex(/^\d+$/, { message: `${label("compressionLevel")} must be a whole number`, abort: true })
    .transform(Number)
    .optional();

/** The level's range depends on the compression (gzip 1-9, zstd 1-19); unset means the compression's default. */
function checkCompressionLevel(
    config: { compression: Compression; compressionLevel?: number },
    ctx: z.RefinementCtx,
): void {
    if (config.compressionLevel === undefined) return;
    const problem = compressionLevelProblem(config.compression, config.compressionLevel);
    if (problem) ctx.addIssue({ code: "custom", message: `${label("compressionLevel")} ${problem}` });
}

export const dumpSchema = z
    .object({
        ...connectionShape,
        ...bucketShape,
        database: databaseName("database").optional(),
        kmsKeyId: kmsKey,
        retentionDays: z
            .string({
                error: `${label("retentionDays")} is required: days each dump stays COMPLIANCE-locked`,
            })
            .pipe(retentionDays),
        expectedSize: byteSize("expectedSize").optional(),
        pgDumpPath: z.string().default("pg_dump"),
        compression,
        compressionLevel,
        zstdPath: z.string().default("zstd"),
        uploadConcurrency: integer("uploadConcurrency", 1, 16).default(2),
    })
    .superRefine(checkCompressionLevel);

/**
 * What verify checks: `--databases` (a spot check of the named databases, under `--key-prefix`, all held
 * to `--max-age-hours`) or `--expected-databases` (the estate, each with its prefix and RPO, and every
 * other database prefix found under those key prefixes is a finding). Exactly one of the two.
 */
export const verifySchema = z
    .object({
        ...bucketShape,
        databases: z
            .string()
            .transform((list) =>
                list
                    .split(",")
                    .map((d) => d.trim())
                    .filter((d) => d.length > 0),
            )
            .refine((list) => list.length > 0, { message: `${label("databases")} lists no database` })
            .optional(),
        expectedDatabases: z.string().optional(),
        kmsKeyId: kmsKey,
        maxAgeHours: positiveNumber("maxAgeHours").default(26),
        minRemainingDays: positiveNumber("minRemainingDays").optional(),
        retentionDays: retentionDays.optional(),
        receiptRetentionDays: receiptRetentionDays.optional(),
    })
    .transform((config, ctx) => {
        const { databases, expectedDatabases, ...rest } = config;
        const defaults = { keyPrefix: config.keyPrefix, rpoHours: config.maxAgeHours };
        if ((databases === undefined) === (expectedDatabases === undefined)) {
            ctx.addIssue({
                code: "custom",
                message:
                    `give either ${label("databases")} (a spot check) or ${label("expectedDatabases")} (the ` +
                    `estate, which also finds databases nobody listed)${databases ? ", not both" : ""}`,
            });
            return z.NEVER;
        }
        if (expectedDatabases !== undefined) {
            const { targets, problems } = parseExpectedDatabases(expectedDatabases, defaults);
            for (const message of problems) ctx.addIssue({ code: "custom", message });
            return problems.length > 0 ? z.NEVER : { ...rest, targets, discover: true };
        }
        const targets: VerifyTarget[] = [];
        for (const database of databases!) {
            const problem = keySegmentProblem(database);
            if (problem)
                ctx.addIssue({ code: "custom", message: `${label("databases")}: ${database} ${problem}` });
            targets.push({ database, keyPrefix: config.keyPrefix, rpoHours: config.maxAgeHours });
        }
        return { ...rest, targets, discover: false };
    });

/** `--dbname` or `--all`: which of the two is given is checked by parseListConfig, which sees the flags. */
export const listSchema = z.object({
    ...bucketShape,
    database: databaseName("database").optional(),
    limit: integer("limit", 1, 10000).default(20),
});

export const restoreSchema = z.object({
    ...connectionShape,
    ...bucketShape,
    database: required("database", "the database whose dump to restore").pipe(databaseName("database")),
    targetDb: required("targetDb", "the database to restore into"),
    key: z.string().optional(),
    versionId: z.string().optional(),
    psqlPath: z.string().default("psql"),
    zstdPath: z.string().default("zstd"),
    maintenanceDb: z.string().default("postgres"),
});

export const drillSchema = z.object({
    ...connectionShape,
    ...bucketShape,
    database: required("database", "the database whose newest dump to restore").pipe(
        databaseName("database"),
    ),
    key: z.string().optional(),
    versionId: z.string().optional(),
    /** Unset: `psql` on PATH, or with --ephemeral the cluster's own `<bindir>/psql`. */
    psqlPath: z.string().optional(),
    zstdPath: z.string().default("zstd"),
    maintenanceDb: z.string().default("postgres"),
    pgBindir: z.string().optional(),
    rtoSeconds: positiveNumber("rtoSeconds").optional(),
    /** Needed only for --receipts (the receipt is written SSE-KMS with it). */
    kmsKeyId: kmsKey.optional(),
    retentionDays: retentionDays.optional(),
    receiptRetentionDays: receiptRetentionDays.optional(),
});

/** The immutability canary: where, with which key, and the bucket's retention its lock is read back against. */
export const canarySchema = z.object({
    bucket: bucketShape.bucket,
    kmsKeyId: kmsKey,
    retentionDays: retentionDays.optional(),
});

export const reportSchema = z.object({
    bucket: bucketShape.bucket,
    limit: integer("limit", 1, 10000).default(50),
});

export type DumpConfig = z.infer<typeof dumpSchema> & { password?: string };
export type VerifyConfig = z.infer<typeof verifySchema> & { switches: AuditSwitches };
export type CanaryConfig = z.infer<typeof canarySchema> & { switches: AuditSwitches };
export type ReportConfig = z.infer<typeof reportSchema> & ReportFilters;
export type ListConfig = z.infer<typeof listSchema> & ListFilters;
export type RestoreConfig = z.infer<typeof restoreSchema> & RestoreSwitches & { password?: string };
export type DrillConfig = z.infer<typeof drillSchema> & {
    password?: string;
    /** Restore into a throwaway cluster of the dump's major version instead of a server of yours. */
    ephemeral: boolean;
    switches: AuditSwitches;
};
