/**
 * Who writes dumps, and where. Every writer is a role in a source account, so S3 needs an Allow in this
 * policy *and* in the role's IAM policy: a writer with no Allow here for a key is refused there, whatever
 * its own account grants it. Each writer is allowed only `<its prefix>/<its database>/*` of the databases it
 * backs up, which is what keeps account A's runner out of account B's dumps (and out of its own account's
 * other runners' dumps). Roles are matched by `aws:PrincipalArn` under an account principal, never named as
 * principals: the source stack creates them after this policy exists.
 */
import { PolicyStatement } from "../../common/policy-document";
import { accountRoot, roleAccount, unique } from "../../common/principals";
import type { ResolvedBucketWriter } from "../args";
import { WRITER_BUCKET_ACTIONS, WRITER_OBJECT_ACTIONS } from "../../common/writer-actions";

export { WRITER_BUCKET_ACTIONS, WRITER_OBJECT_ACTIONS };

/** Object writes refused to everyone outside the writer allow-list. */
export const GUARDED_WRITE_ACTIONS: readonly string[] = [
    "s3:PutObject",
    "s3:PutObjectRetention",
    "s3:PutObjectLegalHold",
];

/** Lock changes refused to the writers themselves: either one keeps a dump (and its bill) for ever. */
export const WRITER_DENIED_LOCK_ACTIONS: readonly string[] = [
    "s3:PutObjectRetention",
    "s3:PutObjectLegalHold",
];

/** `arn:aws:s3:::bucket/<prefix>/<database>/*`: the objects one database's dumps and manifests live under. */
export function databaseObjects(bucketArn: string, prefix: string, database: string): string {
    return `${bucketArn}/${prefix}/${database}/*`;
}

/**
 * The deny that keeps non-writers out (with no writers, nobody writes: e.g. a replica fed only by
 * replication, whose s3:Replicate* actions are guarded separately). `ArnNotEquals` is true for requests
 * without `aws:PrincipalArn` (service principals), which is intended: no service writes dumps.
 */
export function writersOnly(
    bucketArn: string,
    writers: readonly ResolvedBucketWriter[],
    otherWriterRoleArns: readonly string[] = [],
): PolicyStatement {
    const base = {
        Sid: "DenyWritesExceptWriterRoles",
        Effect: "Deny" as const,
        Principal: "*" as const,
        Action: [...GUARDED_WRITE_ACTIONS],
        Resource: `${bucketArn}/*`,
    };
    // `otherWriterRoleArns`: the BackupAuditor's roles, which write receipts and the canary (audit.ts confines them).
    const roles = [...writers.map((w) => w.roleArn), ...otherWriterRoleArns];
    return roles.length > 0 ? { ...base, Condition: { ArnNotEquals: { "aws:PrincipalArn": roles } } } : base;
}

/** Everything a bucket with writers says about them; nothing when there are none. */
export function writerStatements(
    bucketArn: string,
    writers: readonly ResolvedBucketWriter[],
): PolicyStatement[] {
    if (writers.length === 0) return [];
    const roles = writers.map((w) => w.roleArn);
    const asWriters = { "aws:PrincipalArn": roles };
    const prefixes = unique(writers.map((w) => w.keyPrefix));
    return [
        {
            Sid: "DenyRetentionChangesByWriters",
            Effect: "Deny",
            Principal: "*",
            Action: [...WRITER_DENIED_LOCK_ACTIONS],
            Resource: `${bucketArn}/*`,
            Condition: { ArnEquals: asWriters },
        },
        {
            // Explicit, so that a broader Allow added later (or an identity policy) cannot widen a writer's
            // reach beyond the configured prefixes; the Allows below narrow it further, to its databases.
            Sid: "DenyWriterWritesOutsidePrefix",
            Effect: "Deny",
            Principal: "*",
            Action: [...GUARDED_WRITE_ACTIONS],
            NotResource: prefixes.map((p) => `${bucketArn}/${p}/*`),
            Condition: { ArnEquals: asWriters },
        },
        ...writers.map((w, i): PolicyStatement => ({
            Sid: `AllowWriterDatabases${i}`,
            Effect: "Allow",
            Principal: { AWS: accountRoot(roleAccount(w.roleArn, `writers[${i}].roleArn`)) },
            Action: [...WRITER_OBJECT_ACTIONS],
            Resource: w.databases.map((db) => databaseObjects(bucketArn, w.keyPrefix, db)),
            Condition: { ArnEquals: { "aws:PrincipalArn": w.roleArn } },
        })),
        {
            Sid: "AllowWritersReadLockConfiguration",
            Effect: "Allow",
            Principal: { AWS: unique(roles.map((r) => accountRoot(roleAccount(r, "writers")))) },
            Action: [...WRITER_BUCKET_ACTIONS],
            Resource: bucketArn,
            Condition: { ArnEquals: asWriters },
        },
    ];
}
