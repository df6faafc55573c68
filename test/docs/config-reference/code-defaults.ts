/**
 * The defaults the code applies to keys the schema leaves optional without a default of its own: the
 * components' `*_DEFAULTS` (read by the key's path inside the component's section, with the few fields
 * whose names differ), and the snapshot plan's per-environment rules. Each value is read from the code,
 * never typed here, so a default that changes in a component must change in the README too.
 */
import * as fs from "fs";
import * as path from "path";
import { CROSS_ACCOUNT_VAULT_DEFAULTS } from "../../../components/cross-account-vault/args";
import { IMMUTABLE_BACKUP_BUCKET_DEFAULTS } from "../../../components/immutable-backup-bucket/args";
import { PG_DUMP_RUNNER_DEFAULTS } from "../../../components/pg-dump-runner/args";
import { SNAPSHOT_COPY_PLAN_DEFAULTS } from "../../../components/snapshot-copy-plan/args";
import {
    ENVIRONMENT_DEFAULTS,
    ENVIRONMENTS,
    RULE_NAMES,
    RuleDefaults,
} from "../../../components/snapshot-copy-plan/environments";
import { REPO_ROOT } from "../helpers/markdown";
import { keySegments } from "./doc-rows";

/** A component's defaults object and the config section whose keys it serves. */
interface DefaultsSource {
    /** `strongbox:backup.bucket` */
    readonly section: string;
    readonly defaults: object;
    /** Config path (below the section) → path in `defaults`, where the names differ. `*` matches any segment. */
    readonly renames?: Readonly<Record<string, string>>;
    readonly from: string;
}

/** What the code says a key defaults to: one value, or one per snapshot environment. */
export type CodeDefault =
    | { readonly value: unknown; readonly from: string }
    | { readonly byEnvironment: Readonly<Record<string, unknown>>; readonly from: string };

/** The BackupAuditor's defaults join once its component is in the tree (it is built alongside). */
function auditorSource(): DefaultsSource[] {
    const args = path.join(REPO_ROOT, "components/backup-auditor/args.ts");
    if (!fs.existsSync(args)) return [];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const defaults = (require(args) as { BACKUP_AUDITOR_DEFAULTS: object }).BACKUP_AUDITOR_DEFAULTS;
    return [
        {
            section: "strongbox:backup.auditor",
            defaults,
            renames: { "reports.retentionDays": "reportRetentionDays" },
            from: "BACKUP_AUDITOR_DEFAULTS",
        },
    ];
}

export function defaultsSources(): DefaultsSource[] {
    return [
        {
            section: "strongbox:backup.bucket",
            defaults: IMMUTABLE_BACKUP_BUCKET_DEFAULTS,
            from: "IMMUTABLE_BACKUP_BUCKET_DEFAULTS",
        },
        {
            section: "strongbox:backup.vault",
            defaults: CROSS_ACCOUNT_VAULT_DEFAULTS,
            renames: { type: "vaultType" },
            from: "CROSS_ACCOUNT_VAULT_DEFAULTS",
        },
        {
            section: "strongbox:source",
            defaults: PG_DUMP_RUNNER_DEFAULTS,
            renames: { "databases[].port": "port", "databases[].pgMajorVersion": "pgMajorVersion" },
            from: "PG_DUMP_RUNNER_DEFAULTS",
        },
        {
            section: "strongbox:source.snapshots",
            defaults: SNAPSHOT_COPY_PLAN_DEFAULTS,
            renames: {
                "rules.*.startWindowMinutes": "startWindowMinutes",
                "rules.*.completionWindowMinutes": "completionWindowMinutes",
            },
            from: "SNAPSHOT_COPY_PLAN_DEFAULTS",
        },
        ...auditorSource(),
    ];
}

const matches = (pattern: string, key: string): boolean => {
    const p = keySegments(pattern);
    const k = keySegments(key);
    return p.length === k.length && p.every((s, i) => s === "*" || s === k[i]);
};

/** The value at `path` (dots) in `object`, or undefined. */
function at(object: object, dotted: string): unknown {
    return dotted
        .split(".")
        .reduce<unknown>(
            (o, k) => (o !== null && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined),
            object,
        );
}

/** The snapshot rules' defaults: one value where every environment agrees, otherwise one per environment. */
function environmentDefaults(key: string): CodeDefault | undefined {
    const rule =
        /^strongbox:source\.snapshots\.rules\.(\w+)\.(schedule|retentionDays|coldStorageAfterDays)$/.exec(
            key,
        );
    const from = "components/snapshot-copy-plan/environments.ts";
    if (rule !== null && (RULE_NAMES as readonly string[]).includes(rule[1])) {
        const field = rule[2] as keyof RuleDefaults;
        const values = Object.fromEntries(
            ENVIRONMENTS.map((e) => [
                e,
                ENVIRONMENT_DEFAULTS[e].rules[rule[1] as (typeof RULE_NAMES)[number]][field],
            ]),
        );
        return oneOrEach(values, from);
    }
    if (key === "strongbox:source.snapshots.lockLocalVault") {
        return oneOrEach(
            Object.fromEntries(ENVIRONMENTS.map((e) => [e, ENVIRONMENT_DEFAULTS[e].lockLocalVault])),
            from,
        );
    }
    return undefined;
}

function oneOrEach(values: Record<string, unknown>, from: string): CodeDefault {
    const distinct = new Set(Object.values(values));
    return distinct.size === 1 ? { value: [...distinct][0], from } : { byEnvironment: values, from };
}

/** What the components say `key` (a full config key) defaults to, if they say it. */
export function componentDefault(key: string, sources: readonly DefaultsSource[]): CodeDefault | undefined {
    const fromEnvironment = environmentDefaults(key);
    if (fromEnvironment !== undefined) return fromEnvironment;
    for (const source of sources) {
        if (!key.startsWith(`${source.section}.`)) continue;
        const below = key.slice(source.section.length + 1);
        const renamed = Object.entries(source.renames ?? {}).find(([pattern]) => matches(pattern, below));
        const found = at(source.defaults, renamed === undefined ? below : renamed[1]);
        if (found !== undefined && (typeof found !== "object" || found === null))
            return { value: found, from: source.from };
    }
    return undefined;
}
