/**
 * The backup bucket's policy (and, with no writers and `replicaOf`, its replica's): who may write dumps and
 * where, which writes are refused even to them, and who may change the bucket itself. One pure builder, so
 * the component, the tests and the policy-meaning table all read the same document.
 */
import * as limits from "../../../shared/limits";
import { DATABASE_NAME, keyPrefixProblem } from "../../../shared/object-key";
import { PolicyDocument, PolicyStatement, policyDocument } from "../../common/policy-document";
import { checkAccountIds, checkRolesInAccounts, roleAccount } from "../../common/principals";
import type { ResolvedBucketWriter } from "../args";
import { AuditRoles, auditStatements, checkAuditRoles, RESERVED_PREFIXES } from "./audit";
import { configurationGuard } from "./configuration-guard";
import { encryptionGuards, immutabilityGuards, lockGuards } from "./object-guards";
import { replicationRoleOnly, replicationRoleRead } from "./replication";
import { writersOnly, writerStatements } from "./writers";

export type { AuditRoles } from "./audit";
export { CANARY_DESTRUCTIVE_ACTIONS, RESERVED_PREFIXES } from "./audit";
export { BUCKET_CONFIGURATION_ACTIONS } from "./configuration-guard";
export { REPLICATION_WRITE_ACTIONS } from "./replication";
export { BUCKET_POLICY_MAX_BYTES, policyBytes } from "./size";
export {
    databaseObjects,
    GUARDED_WRITE_ACTIONS,
    WRITER_BUCKET_ACTIONS,
    WRITER_DENIED_LOCK_ACTIONS,
    WRITER_OBJECT_ACTIONS,
} from "./writers";

export interface BucketPolicyArgs {
    readonly bucketArn: string;
    readonly kmsKeyArn: string;
    /** The only principals allowed to write dumps, each under its own databases (roles need not exist yet). */
    readonly writers: readonly ResolvedBucketWriter[];
    /** The accounts the writers live in. */
    readonly sourceAccountIds: readonly string[];
    /** Explicit lock headers must ask at least this many days. */
    readonly minimumRetentionDays: number;
    /** Retention beyond this is denied (denial-of-wallet cap). */
    readonly maxRetentionDays: number;
    /** Backup-account roles that run `pulumi up`: they may change the bucket's configuration. At least one. */
    readonly deployerRoleArns: readonly string[];
    /** May change the bucket's configuration too. Default: none (a bucket whose keys are brought has none). */
    readonly breakGlassRoleArn?: string;
    /** When a replica exists, the replication role must be allowed to read. */
    readonly replicationRoleArn?: string;
    /**
     * Set when this bucket is a replication destination (ReplicaBucket): only the role named here may then
     * write replicas into it (s3:Replicate*), and the lock statements bind replication too. Default: unset.
     * Not to be confused with `replicationRoleArn` above, the source bucket's side (which lets that role read).
     */
    readonly replicaOf?: { readonly replicationRoleArn: string };
    /** The BackupAuditor's roles (`audit.ts`), when the stack runs one. Default: none, and no audit statements. */
    readonly auditRoles?: AuditRoles;
}

/** The builder's last line of defence: throws naming the field when a value would make a wrong policy. */
export function validateBucketPolicyArgs(a: BucketPolicyArgs): void {
    checkAccountIds(a.sourceAccountIds, "sourceAccountIds");
    if (a.replicaOf !== undefined)
        roleAccount(a.replicaOf.replicationRoleArn, "replicaOf.replicationRoleArn");
    checkRolesInAccounts(
        a.writers.map((w) => w.roleArn),
        a.sourceAccountIds,
        "writers",
        "sourceAccountIds",
    );
    if (a.deployerRoleArns.length === 0)
        throw new Error("`deployerRoleArns` must list at least one role that runs `pulumi up`");
    for (const arn of a.deployerRoleArns) roleAccount(arn, "deployerRoleArns");
    if (a.breakGlassRoleArn !== undefined) roleAccount(a.breakGlassRoleArn, "breakGlassRoleArn");
    // The policy is the last line of defence, so it re-checks the limits every layer agrees on.
    if (!Number.isInteger(a.minimumRetentionDays) || a.minimumRetentionDays < limits.MIN_RETENTION_DAYS) {
        throw new Error(
            `\`minimumRetentionDays\` must be an integer of at least ${limits.MIN_RETENTION_DAYS} ` +
                `(got ${a.minimumRetentionDays})`,
        );
    }
    const max = a.maxRetentionDays;
    if (!Number.isInteger(max) || max < a.minimumRetentionDays || max > limits.MAX_RETENTION_DAYS) {
        throw new Error(
            `\`maxRetentionDays\` must be an integer from \`minimumRetentionDays\` ` +
                `(${a.minimumRetentionDays}) ` +
                `to ${limits.MAX_RETENTION_DAYS} (got ${max})`,
        );
    }
    if (a.auditRoles !== undefined)
        checkAuditRoles(
            a.auditRoles,
            a.writers.map((w) => w.roleArn),
        );
    a.writers.forEach((w, i) => {
        // The same rules as the runner's and the config's: a `*` or `/` here would widen the Allow.
        const prefixProblem = keyPrefixProblem(w.keyPrefix);
        if (prefixProblem) throw new Error(`\`writers[${i}].keyPrefix\` ${prefixProblem}`);
        // A writer under the receipts or canary prefix would share it with the auditor's roles.
        if (RESERVED_PREFIXES.includes(w.keyPrefix))
            throw new Error(
                `\`writers[${i}].keyPrefix\` must not be ${w.keyPrefix}: the BackupAuditor writes there`,
            );
        if (w.databases.length === 0) throw new Error(`\`writers[${i}].databases\` must list a database`);
        for (const db of w.databases) {
            if (!DATABASE_NAME.test(db))
                throw new Error(
                    `\`writers[${i}].databases\` must hold database names (got ${JSON.stringify(db)})`,
                );
        }
    });
}

export function buildBucketPolicy(a: BucketPolicyArgs): PolicyDocument {
    validateBucketPolicyArgs(a);
    const guards = {
        bucketArn: a.bucketArn,
        kmsKeyArn: a.kmsKeyArn,
        minimumRetentionDays: a.minimumRetentionDays,
        maxRetentionDays: a.maxRetentionDays,
        replicationDestination: a.replicaOf !== undefined,
        canaryRoleArn: a.auditRoles?.canaryRoleArn,
    };
    const auditRoleArns =
        a.auditRoles === undefined ? [] : [a.auditRoles.auditorRoleArn, a.auditRoles.canaryRoleArn];
    const configurationRoles = [
        ...a.deployerRoleArns,
        ...(a.breakGlassRoleArn === undefined ? [] : [a.breakGlassRoleArn]),
    ];
    const statements: PolicyStatement[] = [
        ...encryptionGuards(guards),
        ...lockGuards(guards),
        ...immutabilityGuards(guards),
        writersOnly(a.bucketArn, a.writers, auditRoleArns),
        ...writerStatements(a.bucketArn, a.writers),
        ...(a.auditRoles === undefined ? [] : auditStatements(a.bucketArn, a.auditRoles)),
        configurationGuard(a.bucketArn, configurationRoles),
    ];
    if (a.replicationRoleArn !== undefined)
        statements.push(replicationRoleRead(a.bucketArn, a.replicationRoleArn));
    if (a.replicaOf !== undefined)
        statements.push(replicationRoleOnly(a.bucketArn, a.replicaOf.replicationRoleArn));
    return policyDocument(statements);
}
