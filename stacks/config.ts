/**
 * The one typed, validated view of a stack's configuration.
 *
 * Every key lives under the `strongbox:` namespace of `Pulumi.<stack>.yaml`;
 * `aws:region` gives the stack's region. `parseStackConfig` is pure and rejects
 * every bad value before any resource is declared, with one line per problem
 * that names the key and says the fix. The README's configuration table is
 * the prose version of this file.
 */
import { z } from "zod";
import * as limits from "../shared/limits";
import { DEFAULT_KEY_PREFIX } from "../shared/object-key";
import * as f from "./config-formats";
import { scheduleExpressionProblem } from "../components/pg-dump-runner/schedule-expression";

const scheduleExpression = z.string().superRefine((s, ctx) => {
    const problem = scheduleExpressionProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const uniqueList = <T extends z.ZodType<string>>(item: T, what: string) =>
    z
        .array(item)
        .min(1, { error: `must list at least one ${what}` })
        .superRefine((xs, ctx) => {
            const seen = new Set<string>();
            for (const x of xs) {
                if (seen.has(x))
                    ctx.addIssue({
                        code: "custom",
                        message: `lists ${JSON.stringify(x)} twice; remove the duplicate`,
                    });
                seen.add(x);
            }
        });

/** S3 storage classes a lifecycle transition may target. */
export const TRANSITION_STORAGE_CLASSES = [
    "STANDARD_IA",
    "ONEZONE_IA",
    "INTELLIGENT_TIERING",
    "GLACIER_IR",
    "GLACIER",
    "DEEP_ARCHIVE",
] as const;

const bucketSchema = z
    .object({
        /** Bucket name; globally unique. */
        name: f.bucketName,
        /** Default Object Lock COMPLIANCE retention applied to every dump. Default 35. */
        retentionDays: f
            .intInRange(limits.MIN_RETENTION_DAYS, limits.MAX_RETENTION_DAYS, " (COMPLIANCE retention floor)")
            .default(limits.DEFAULT_RETENTION_DAYS),
        /** Lowest retention an explicit lock header may ask for. Default 30: not `retentionDays`, since S3 measures what remains when the request arrives. */
        minimumRetentionDays: f.intInRange(limits.MIN_RETENTION_DAYS, limits.MAX_RETENTION_DAYS).optional(),
        /** Highest retention PutObjectRetention may set (denial-of-wallet cap). Default 3650. */
        maxRetentionDays: f
            .intInRange(limits.MIN_RETENTION_DAYS, limits.MAX_RETENTION_DAYS)
            .default(limits.MAX_RETENTION_DAYS),
        /** Days before dumps move to `transitionStorageClass`. Default 30. */
        transitionDays: f.intInRange(1, limits.MAX_RETENTION_DAYS).default(limits.DEFAULT_TRANSITION_DAYS),
        /** Colder storage class. Default GLACIER_IR (restorable in milliseconds, which keeps the RTO honest). */
        transitionStorageClass: z
            .enum(TRANSITION_STORAGE_CLASSES, {
                error: () => `must be one of ${TRANSITION_STORAGE_CLASSES.join(", ")}`,
            })
            .default("GLACIER_IR"),
        /** Days after which incomplete multipart uploads are aborted. 1-7, default 7. */
        abortIncompleteMultipartDays: f
            .intInRange(limits.MIN_ABORT_MULTIPART_DAYS, limits.MAX_ABORT_MULTIPART_DAYS)
            .default(limits.DEFAULT_ABORT_MULTIPART_DAYS),
        /** Existing CMK, e.g. one made before Strongbox. Default: the component creates one. Must be in the stack's region and the backup account. */
        kmsKeyArn: f.kmsKeyArn.optional(),
        /** Key prefix under which dumps are written. Default `layer3`. */
        keyPrefix: f.keyPrefix.default(DEFAULT_KEY_PREFIX),
        /** Optional cross-region replica (second locked bucket with its own key). */
        replica: z
            .object({
                region: f.region,
                /** Replica bucket name. Default `<name>-replica`. */
                name: f.bucketName.optional(),
            })
            .strict()
            .optional(),
        /** Server access logs into a separate bucket. Default true. */
        accessLogs: z.boolean().default(true),
    })
    .strict();

const vaultSchema = z
    .object({
        /** Vault name. */
        name: f.vaultName,
        /** Days before the vault lock becomes immutable. At least 3 (AWS compliance mode). Default 3. */
        changeableForDays: f
            .intInRange(
                limits.MIN_CHANGEABLE_FOR_DAYS,
                36500,
                " (AWS needs 3 days of cooling-off for a compliance-mode vault lock)",
            )
            .default(limits.DEFAULT_CHANGEABLE_FOR_DAYS),
        /** Recovery points kept at least this long. Default 35. */
        minRetentionDays: f
            .intInRange(limits.MIN_RETENTION_DAYS, limits.MAX_RETENTION_DAYS)
            .default(limits.DEFAULT_RETENTION_DAYS),
        /** Recovery points kept at most this long. Default 3650. */
        maxRetentionDays: f
            .intInRange(limits.MIN_RETENTION_DAYS, limits.MAX_RETENTION_DAYS)
            .default(limits.MAX_RETENTION_DAYS),
        /** Optional second vault for sensitive data, restorable only by the break-glass role. */
        sensitiveVault: z.object({ name: f.vaultName }).strict().optional(),
    })
    .strict();

const backupSchema = z
    .object({
        /** The backup account (where this stack deploys). */
        accountId: f.accountId,
        /** Accounts whose runners and backup plans may write here. */
        sourceAccountIds: uniqueList(f.accountId, "source account ID"),
        /** Optional AWS Organization ID; when set, vault copies are allowed org-wide instead of per account. */
        organizationId: z
            .string()
            .regex(/^o-[a-z0-9]{10,32}$/, {
                error: (i) => `must look like "o-abc123defg" (got ${JSON.stringify(i.input)})`,
            })
            .optional(),
        /** Role ARNs of the source runners allowed to write dumps (deterministic names from the source stack's `runnerRoleName`). */
        writerRoleArns: uniqueList(f.roleArn, "writer role ARN"),
        /** Backup-account roles that administer the keys. */
        keyAdminRoleArns: uniqueList(f.roleArn, "key admin role ARN"),
        /** The only role that may disable keys, change key policies, or restore from the sensitive vault. */
        breakGlassRoleArn: f.roleArn,
        bucket: bucketSchema,
        vault: vaultSchema,
    })
    .strict();

const databaseSchema = z
    .object({
        /** PostgreSQL database name; also used in the S3 key and resource names. */
        name: f.databaseName,
        /** Hostname of the RDS instance or cluster endpoint. */
        endpoint: z
            .string()
            .regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/, {
                error: (i) =>
                    `must be a hostname such as "db-1.cluster-xxx.us-east-1.rds.amazonaws.com" (got ${JSON.stringify(i.input)})`,
            }),
        /** Port. Default 5432. */
        port: f.intInRange(1, 65535).default(5432),
        /** RDS-managed secret (JSON with username/password) in the source account and region. */
        secretArn: f.secretArn,
        /** Per-database schedule override. Default: `defaultSchedule`. */
        schedule: scheduleExpression.optional(),
        /** Major version of the server; the job installs a pg_dump at least this new. Default 15. */
        pgMajorVersion: f.intInRange(12, 17).default(limits.DEFAULT_PG_MAJOR_VERSION),
    })
    .strict();

const sourceSchema = z
    .object({
        /** The source account (where this stack deploys). */
        accountId: f.accountId,
        /** Fully qualified name of the backup stack to read outputs from. */
        backupStack: f.stackReferenceName,
        /** Deterministic runner role name: the backup stack allows it before it exists. */
        runnerRoleName: f.roleName,
        /** Schedule for databases without their own. Default daily at 01:30 UTC. */
        defaultSchedule: scheduleExpression.default(limits.DEFAULT_SCHEDULE),
        /** IANA time zone of the schedules. Default UTC. */
        scheduleTimezone: z.string().min(1).default("UTC"),
        /** Where the jobs run: they need a route to the databases. */
        network: z
            .object({
                vpcId: f.awsId("vpc"),
                subnetIds: uniqueList(f.awsId("subnet"), "subnet ID"),
                /** Security group of the databases; the runner's group may reach only its port. */
                databaseSecurityGroupId: f.awsId("sg"),
            })
            .strict(),
        /** Runner log retention in days (a CloudWatch-accepted value). Default 90. */
        logRetentionDays: z
            .number()
            .refine((n) => CLOUDWATCH_RETENTION_DAYS.includes(n), {
                error: (i) =>
                    `must be one of CloudWatch's retention values ${CLOUDWATCH_RETENTION_DAYS.join(", ")} (got ${JSON.stringify(i.input)})`,
            })
            .default(limits.DEFAULT_LOG_RETENTION_DAYS),
        /** Where build failures are mailed. Default: none (subscribe to the SNS topic yourself). */
        notificationEmails: z
            .array(z.email({ error: (i) => `must be an e-mail address (got ${JSON.stringify(i.input)})` }))
            .default([]),
        /** Build timeout; a dump that runs longer fails loudly. Default 480 (CodeBuild's maximum is 2160). */
        buildTimeoutMinutes: f.intInRange(5, 2160).default(480),
        databases: z
            .array(databaseSchema)
            .min(1, { error: "must list at least one database" })
            .superRefine((dbs, ctx) => {
                const seen = new Set<string>();
                dbs.forEach((db, i) => {
                    if (seen.has(db.name)) {
                        ctx.addIssue({
                            code: "custom",
                            path: [i, "name"],
                            message: `repeats database ${JSON.stringify(db.name)}; each database may appear once`,
                        });
                    }
                    seen.add(db.name);
                });
            }),
    })
    .strict();

/** CloudWatch Logs accepts only these retention periods. */
export const CLOUDWATCH_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const stackSchema = z.discriminatedUnion(
    "role",
    [
        z.object({
            role: z.literal("backup"),
            environment: f.environmentName.default("prod"),
            tags: z.record(z.string(), z.string()).default({}),
            backup: backupSchema,
        }),
        z.object({
            role: z.literal("source"),
            environment: f.environmentName.default("prod"),
            tags: z.record(z.string(), z.string()).default({}),
            source: sourceSchema,
        }),
    ],
    {
        error: (i) =>
            `must be "backup" or "source" (got ${JSON.stringify((i.input as { role?: unknown } | undefined)?.role)})`,
    },
);

export type BucketConfig = z.infer<typeof bucketSchema>;
export type VaultConfig = z.infer<typeof vaultSchema>;
export type BackupConfig = z.infer<typeof backupSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type StackConfig = z.infer<typeof stackSchema> & { region: string };
export type BackupStackConfig = Extract<StackConfig, { role: "backup" }>;
export type SourceStackConfig = Extract<StackConfig, { role: "source" }>;

/** Thrown for bad configuration; `problems` has one line per offending key. */
export class ConfigError extends Error {
    constructor(public readonly problems: string[]) {
        super(`Invalid Strongbox configuration:\n  - ${problems.join("\n  - ")}`);
        this.name = "ConfigError";
    }
}

function keyOf(path: ReadonlyArray<PropertyKey>): string {
    const parts = path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    return `strongbox:${parts.replace(/^\./, "")}`;
}

/** Cross-field rules that zod's per-field schemas cannot see. */
function crossFieldProblems(cfg: z.infer<typeof stackSchema>, region: string): string[] {
    const out: string[] = [];
    if (cfg.role === "backup") {
        const b = cfg.backup;
        const minimum = b.bucket.minimumRetentionDays ?? limits.MIN_RETENTION_DAYS;
        if (minimum > b.bucket.retentionDays) {
            out.push(
                `\`strongbox:backup.bucket.minimumRetentionDays\` (${minimum}) must not exceed \`retentionDays\` (${b.bucket.retentionDays}): default retention would violate its own minimum`,
            );
        }
        if (b.bucket.maxRetentionDays < b.bucket.retentionDays) {
            out.push(
                `\`strongbox:backup.bucket.maxRetentionDays\` (${b.bucket.maxRetentionDays}) must be at least \`retentionDays\` (${b.bucket.retentionDays})`,
            );
        }
        if (b.vault.maxRetentionDays < b.vault.minRetentionDays) {
            out.push(
                `\`strongbox:backup.vault.maxRetentionDays\` (${b.vault.maxRetentionDays}) must be at least \`minRetentionDays\` (${b.vault.minRetentionDays})`,
            );
        }
        if (b.bucket.kmsKeyArn) {
            const key = f.parseKmsKeyArn(b.bucket.kmsKeyArn)!;
            if (key.region !== region) {
                out.push(
                    `\`strongbox:backup.bucket.kmsKeyArn\` is in ${key.region} but the bucket is in ${region}: S3 needs a key in the bucket's region`,
                );
            }
            if (key.accountId !== b.accountId) {
                out.push(
                    `\`strongbox:backup.bucket.kmsKeyArn\` belongs to account ${key.accountId}, not the backup account ${b.accountId}`,
                );
            }
        }
        if (b.bucket.replica && b.bucket.replica.region === region) {
            out.push(
                `\`strongbox:backup.bucket.replica.region\` must differ from the stack's region ${region}: a same-region replica does not survive a regional outage`,
            );
        }
        if (b.bucket.replica?.name === b.bucket.name) {
            out.push(
                "`strongbox:backup.bucket.replica.name` must differ from `strongbox:backup.bucket.name`",
            );
        }
        if (b.sourceAccountIds.includes(b.accountId)) {
            out.push(
                `\`strongbox:backup.sourceAccountIds\` must not include the backup account ${b.accountId}: the point is a separate account`,
            );
        }
        b.writerRoleArns.forEach((arn, i) => {
            const role = f.parseRoleArn(arn)!;
            if (!b.sourceAccountIds.includes(role.accountId)) {
                out.push(
                    `\`strongbox:backup.writerRoleArns[${i}]\` is in account ${role.accountId}, which is not in \`sourceAccountIds\`; add the account or fix the ARN`,
                );
            }
        });
        const backupRoles: Array<[string, string]> = [
            ...b.keyAdminRoleArns.map((a, i): [string, string] => [`keyAdminRoleArns[${i}]`, a]),
            ["breakGlassRoleArn", b.breakGlassRoleArn],
        ];
        for (const [key, arn] of backupRoles) {
            const role = f.parseRoleArn(arn)!;
            if (role.accountId !== b.accountId) {
                out.push(
                    `\`strongbox:backup.${key}\` must be a role in the backup account ${b.accountId} (got account ${role.accountId})`,
                );
            }
        }
    } else {
        const s = cfg.source;
        s.databases.forEach((db, i) => {
            const secret = f.parseSecretArn(db.secretArn)!;
            if (secret.region !== region || secret.accountId !== s.accountId) {
                out.push(
                    `\`strongbox:source.databases[${i}].secretArn\` must be in the source account ${s.accountId} and region ${region} (got ${secret.accountId} in ${secret.region})`,
                );
            }
        });
    }
    return out;
}

/**
 * Validates raw config (as read from `strongbox:*` keys) and the stack's region.
 * Throws `ConfigError` listing every problem; returns the config with defaults applied.
 */
export function parseStackConfig(raw: unknown, region: string | undefined): StackConfig {
    const problems: string[] = [];
    if (region === undefined || !f.REGION.test(region)) {
        problems.push(
            `\`aws:region\` must be set to an AWS region such as "ap-southeast-4" (got ${JSON.stringify(region)})`,
        );
    }
    const parsed = stackSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            const key = issue.path.length === 0 ? "strongbox:role" : keyOf(issue.path);
            problems.push(`\`${key}\` ${describeIssue(issue)}`);
        }
        throw new ConfigError(problems);
    }
    problems.push(...crossFieldProblems(parsed.data, region ?? ""));
    if (problems.length > 0) throw new ConfigError(problems);
    return { ...parsed.data, region: region! };
}

function describeIssue(issue: z.core.$ZodIssue): string {
    switch (issue.code) {
        case "invalid_type":
            return issue.input === undefined
                ? `is required (expected ${issue.expected}); add it to Pulumi.<stack>.yaml`
                : issue.message.startsWith("Invalid input")
                  ? `must be a ${issue.expected} (got ${JSON.stringify(issue.input)})`
                  : issue.message;
        case "unrecognized_keys":
            return `has unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}: check the spelling against the README's configuration table`;
        default:
            return issue.message;
    }
}

/** The raw `strongbox:*` values a stack reads; objects arrive as JSON from Pulumi config. */
export const TOP_LEVEL_KEYS = ["role", "environment", "tags", "backup", "source"] as const;
