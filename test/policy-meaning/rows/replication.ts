/**
 * Replication: the source bucket lets the replication role read; the replica lets only that role write
 * replicas, with the same lock rules as a write (so replication cannot carry a weaker lock across).
 */
import type { Row } from "../table";
import * as f from "../fixtures";

const { request: r, REPLICA_DUMP_KEY: replicaDump } = f;
const replicate = (who: string, action = "s3:ReplicateObject", context = {}) =>
    r(who, action, replicaDump, context);

export const replicationRows: Row[] = [
    {
        policy: "bucketWithReplica",
        request: r(f.REPLICATION_ROLE, "s3:GetObjectVersionForReplication", f.DUMP_KEY),
        expected: "Allow",
        sid: "AllowReplicationRoleRead",
        reason: "the replication role reads what it replicates",
    },
    {
        policy: "bucketWithReplica",
        request: r(f.REPLICATION_ROLE, "s3:PutObject", f.DUMP_KEY, f.s3Put("PutObject")),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "but does not write into the source bucket",
    },
    {
        policy: "replica",
        request: replicate(f.REPLICATION_ROLE, "s3:ReplicateObject", f.lockHeaders()),
        expected: "Allow",
        sid: "(same-account IAM policy)",
        reason: "replication writes with s3:Replicate*, carrying the source's COMPLIANCE lock: its IAM policy suffices",
    },
    {
        policy: "replica",
        request: replicate(f.REPLICATION_ROLE, "s3:ReplicateObject", f.lockHeaders(f.MIN_DAYS, "GOVERNANCE")),
        expected: "ExplicitDeny",
        sid: "DenyNonComplianceLockMode",
        reason: "a replica with a bypassable lock is refused: the lock statements name s3:ReplicateObject",
    },
    {
        policy: "replica",
        request: replicate(f.REPLICATION_ROLE, "s3:ReplicateObject", f.lockHeaders(f.MIN_DAYS - 1)),
        expected: "ExplicitDeny",
        sid: "DenyRetentionBelowMinimum",
        reason: "so is one locked for less than the minimum",
    },
    {
        policy: "replica",
        request: replicate(f.REPLICATION_ROLE, "s3:ReplicateObject", f.lockHeaders(f.MAX_DAYS + 1)),
        expected: "ExplicitDeny",
        sid: "DenyRetentionBeyondMaximum",
        reason: "and one locked past the cap",
    },
    {
        policy: "replica",
        request: replicate(f.REPLICATION_ROLE, "s3:ReplicateTags"),
        expected: "Allow",
        sid: "(same-account IAM policy)",
        reason: "and copies each version's tags",
    },
    {
        policy: "replica",
        request: replicate(f.VERIFIER),
        expected: "ExplicitDeny",
        sid: "DenyReplicationExceptReplicationRole",
        reason: "another backup-account role cannot forge a replica, whatever its IAM policy grants",
    },
    {
        policy: "replica",
        request: replicate(f.ADMIN, "s3:ReplicateTags"),
        expected: "ExplicitDeny",
        sid: "DenyReplicationExceptReplicationRole",
        reason: "nor retag one, even as an admin",
    },
    {
        policy: "replica",
        request: replicate(f.BREAK_GLASS, "s3:ReplicateDelete"),
        expected: "ExplicitDeny",
        sid: "DenyReplicationExceptReplicationRole",
        reason: "nor replicate a delete marker that would hide the newest replica",
    },
    {
        policy: "replica",
        request: replicate(f.REPLICATION_ROLE_LOOKALIKE),
        expected: "ExplicitDeny",
        sid: "DenyReplicationExceptReplicationRole",
        reason: "the role is matched by its whole ARN, not a prefix",
    },
    {
        policy: "replica",
        request: replicate(f.WRITER),
        expected: "ExplicitDeny",
        sid: "DenyReplicationExceptReplicationRole",
        reason: "the source account's writer cannot bypass the replica's PutObject guard by replicating",
    },
    {
        policy: "replica",
        request: replicate("s3.amazonaws.com"),
        expected: "ExplicitDeny",
        sid: "DenyReplicationExceptReplicationRole",
        reason: "a request without aws:PrincipalArn (a service principal) is denied too",
    },
    {
        policy: "replica",
        request: r(f.WRITER, "s3:PutObject", replicaDump, f.s3Put("PutObject")),
        expected: "ExplicitDeny",
        sid: "DenyWritesExceptWriterRoles",
        reason: "with no writers configured, nobody writes directly into the replica",
    },
    {
        policy: "replica",
        request: r(f.ADMIN, "s3:DeleteObjectVersion", replicaDump),
        expected: "ExplicitDeny",
        sid: "DenyObjectDeletion",
        reason: "the replica's versions are as undeletable as the primary's",
    },
];
