/**
 * The contract between the two stacks about who writes what: the backup stack exports `writers` (role ARN
 * -> the key prefix and databases its bucket policy lets that role write), and the source stack runs only
 * what its runner role is granted there. Pure, so the check can be tested without either stack.
 */
import { PG_DUMP_RUNNER_DEFAULTS } from "../components/pg-dump-runner/args";
import { ConfigError } from "./config";

/** The backup stack's `writers` output. */
export type BackupWriters = Readonly<
    Record<string, { readonly keyPrefix: string; readonly databases: readonly string[] }>
>;

/** The ARN the runner role gets: PgDumpRunner names it `runnerRoleName`, with no path. */
export function runnerRoleArn(accountId: string, runnerRoleName: string): string {
    return `arn:${PG_DUMP_RUNNER_DEFAULTS.partition}:iam::${accountId}:role/${runnerRoleName}`;
}

/**
 * The runner role's entry in `writers`, once every database this stack schedules is in it; otherwise a
 * `ConfigError` naming the databases and the backup stack's key to edit. Without the check, a database the
 * bucket policy does not list would be dumped every night and refused every night.
 */
export function runnerWriterGrant(
    writers: BackupWriters,
    roleArn: string,
    databases: readonly string[],
    backupStack: string,
): { keyPrefix: string; databases: readonly string[] } {
    const grant = writers[roleArn];
    const list = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(", ");
    if (grant === undefined) {
        throw new ConfigError([
            `\`strongbox:source.runnerRoleName\`: the backup stack ${backupStack} lets no runner role ${roleArn} ` +
                `write; add \`{ roleArn: ${roleArn}, databases: [${databases.join(", ")}] }\` to its ` +
                "`strongbox:backup.writers` and update the backup stack first",
        ]);
    }
    const missing = databases.filter((db) => !grant.databases.includes(db));
    if (missing.length > 0) {
        throw new ConfigError([
            `\`strongbox:source.databases\` ${list(missing)} ${missing.length === 1 ? "is" : "are"} not among the ` +
                `databases the backup stack ${backupStack} lets ${roleArn} write (${list(grant.databases)}); add ` +
                "them to that role's entry in its `strongbox:backup.writers` (`databases`) and update the backup " +
                "stack first: until then its bucket policy refuses their dumps",
        ]);
    }
    return grant;
}
