/**
 * The one typed, validated view of a stack's configuration.
 *
 * Every key lives under the `strongbox:` namespace of `Pulumi.<stack>.yaml`; `aws:region` gives the
 * stack's region. `parseStackConfig` is pure and rejects every bad value before any resource is
 * declared, with one line per problem that names the key and says the fix: first the shape (zod,
 * `schema.ts`), then the rules of the components the values are for, run by the components' own
 * validators and reported under the config's keys. The README's configuration table is the prose
 * version of `schema.ts`.
 */
import { z } from "zod";
import { REGION } from "../../shared/aws-identifiers";
import { backupConfigProblems } from "./backup";
import { ParsedStackConfig, stackSchema } from "./schema";
import { sourceConfigProblems } from "./source";

export { auditedVaultNames, auditRolesOf, backupAuditorPlainArgs } from "./auditor";
export { crossAccountVaultArgs, immutableBackupBucketArgs } from "./backup";
export { pgDumpRunnerArgs } from "./source";
export { snapshotCopyPlanArgs } from "./snapshots";
export type {
    BackupConfig,
    BucketConfig,
    DatabaseConfig,
    SnapshotsConfig,
    SourceConfig,
    VaultConfig,
} from "./schema";

export type StackConfig = ParsedStackConfig & { region: string };
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

/**
 * Validates raw config (as read from `strongbox:*` keys) and the stack's region.
 * Throws `ConfigError` listing every problem; returns the config with defaults applied.
 */
export function parseStackConfig(raw: unknown, region: string | undefined): StackConfig {
    const problems: string[] = [];
    if (region === undefined || !REGION.test(region)) {
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
    }
    // The components' rules need well-shaped values and a region; checked against a missing one,
    // they would only repeat the problems above.
    if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
    const cfg = parsed.data;
    const stackRegion = region!;
    problems.push(
        ...(cfg.role === "backup"
            ? backupConfigProblems(cfg.backup, stackRegion, cfg.environment)
            : sourceConfigProblems(cfg.source, stackRegion, cfg.environment)),
    );
    if (problems.length > 0) throw new ConfigError(problems);
    return { ...cfg, region: stackRegion };
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
