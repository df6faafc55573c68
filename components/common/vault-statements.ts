/**
 * Statements every Strongbox AWS Backup vault access policy carries, whichever component owns the vault
 * (the cross-account vaults of the backup account, the local vault of a source account's snapshot plan).
 */
import { PolicyStatement } from "./policy-document";

/** Deleting a recovery point now, or on a timer by shortening its lifecycle. */
export const RECOVERY_POINT_DELETION_ACTIONS: readonly string[] = [
    "backup:DeleteRecoveryPoint",
    "backup:UpdateRecoveryPointLifecycle",
];

/**
 * A deny in the vault's own policy binds every principal, root and administrators included, whatever
 * their IAM policies say. Recovery-point actions name the recovery point, not the vault; "*" here is
 * scoped to this vault because the policy is the vault's. AWS Backup's own lifecycle expiry is not a
 * request by a principal and is not affected.
 */
export function denyRecoveryPointDeletion(): PolicyStatement {
    return {
        Sid: "DenyRecoveryPointDeletion",
        Effect: "Deny",
        Principal: "*",
        Action: [...RECOVERY_POINT_DELETION_ACTIONS],
        Resource: "*",
    };
}
