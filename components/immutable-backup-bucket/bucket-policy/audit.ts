/**
 * The bucket policy's side of the BackupAuditor (set only when the backup stack runs one): two roles of the
 * backup account that write into the bucket without being writers.
 *
 * - The auditor (verify and drill) reads through its IAM policy, which suffices in the bucket's own account;
 *   here it is only let through `DenyWritesExceptWriterRoles` and confined to the receipts prefix. It writes each
 *   receipt with its own COMPLIANCE lock (the auditor's `receiptRetentionDays`, longer than the bucket's default),
 *   and S3 refuses an upload carrying lock headers to a principal without s3:PutObjectRetention (S3 User Guide,
 *   "Locking objects with Object Lock": deny the permission to configure retention and "Amazon S3 ... rejects any
 *   request to put an object that includes a retention mode and setting"). So it may change retention under the
 *   receipts prefix and nowhere else, never by an event hold, and never place a legal hold. The one thing that
 *   leaves it beyond writing a receipt is extending a receipt's retention: bounded by `DenyRetentionBeyondMaximum`
 *   (S3 measures the days remaining when the request arrives, so at most the maximum from that day), on objects
 *   of a few kilobytes; the worst a compromised auditor can do with it is a small bill. It cannot shorten one
 *   (COMPLIANCE refuses that to everyone), and `DenyRetentionBelowMinimum` and `DenyNonComplianceLockMode` bind it
 *   like everyone.
 * - The immutability canary writes a tiny object under its own prefix, then tries to delete that version and
 *   to shorten its retention. The policy must allow exactly those two destructive actions there, so that the
 *   only thing refusing them is Object Lock itself: a refusal by a policy proves nothing about the lock. So the
 *   canary is exempt from `DenyObjectDeletion` (for s3:DeleteObjectVersion) and from `DenyRetentionBelowMinimum`,
 *   and confined by its own denies: DeleteObjectVersion and PutObjectRetention under the canary prefix only,
 *   PutObject under the canary and receipts prefixes only, and never a delete marker, a governance bypass or a
 *   legal hold.
 *
 * What decides: a Deny in a bucket policy binds every principal, the bucket owner's roles included (IAM User
 * Guide, "Policy evaluation logic"); `aws:PrincipalArn` of an assumed-role session is the role's ARN ("AWS
 * global condition context keys"), compared here, never resolved, so the roles need not exist yet. COMPLIANCE
 * mode refuses deleting a locked version and shortening its retention to every user, root included (S3 User
 * Guide, "How S3 Object Lock works": "its retention mode can't be changed, and its retention period can't be
 * shortened").
 */
import { CANARY_PREFIX, RECEIPTS_PREFIX } from "../../../shared/audit";
import * as check from "../../common/checks";
import { PolicyStatement } from "../../common/policy-document";
import { roleAccount } from "../../common/principals";

/** The BackupAuditor's roles, by ARN (deterministic names in the backup account). */
export interface AuditRoles {
    /** Runs verify and drill: reads dumps, writes receipts. */
    readonly auditorRoleArn: string;
    /** Runs the immutability canary. */
    readonly canaryRoleArn: string;
}

/** The only destructive actions the canary holds, and only under `CANARY_PREFIX`. */
export const CANARY_DESTRUCTIVE_ACTIONS: readonly string[] = [
    "s3:DeleteObjectVersion",
    "s3:PutObjectRetention",
];

/** Never the canary's, anywhere: each would either hide or keep an object for ever rather than test the lock. */
export const CANARY_DENIED_ACTIONS: readonly string[] = [
    "s3:DeleteObject",
    "s3:BypassGovernanceRetention",
    "s3:PutObjectLegalHold",
];

/** Never the auditor's, anywhere: a legal hold keeps an object for ever, whatever its retention. */
export const AUDITOR_DENIED_LOCK_ACTIONS: readonly string[] = ["s3:PutObjectLegalHold"];

/** The auditor's only lock action, on receipts alone: the lock a receipt is written with (and nothing shorter). */
export const AUDITOR_RECEIPT_LOCK_ACTIONS: readonly string[] = ["s3:PutObjectRetention"];

/**
 * The requests that can set an event hold (variable retention): while one is on, S3 recomputes the retain-until
 * date itself and "the date can move past a limit that the policy enforces at request time" (S3 User Guide,
 * Object Lock considerations, "Setting limits on retention periods with a bucket policy"), so the maximum would no
 * longer bound a role that holds s3:PutObjectRetention.
 */
export const EVENT_HOLD_ACTIONS: readonly string[] = ["s3:PutObject", "s3:PutObjectRetention"];

/** `arn:aws:s3:::bucket/<prefix>/*`. */
export const prefixObjects = (bucketArn: string, prefix: string): string => `${bucketArn}/${prefix}/*`;

/** The prefixes no writer may use: the auditor's and the canary's objects live there. */
export const RESERVED_PREFIXES: readonly string[] = [RECEIPTS_PREFIX, CANARY_PREFIX];

/** What the bucket needs to know to judge `auditRoles`. */
export interface AuditRolesContext {
    readonly accountId: string;
    readonly auditRoles?: AuditRoles;
    readonly writers: ReadonlyArray<{ readonly roleArn: string; readonly keyPrefix: string }>;
}

/**
 * Every problem with `auditRoles` (none without them): both roles in the backup account and distinct from
 * the writers, and no writer's prefix one of the auditor's (a writer there could write receipts, and the canary
 * could destroy that writer's dumps).
 */
export function auditRoleProblems(a: AuditRolesContext): check.MaybeProblem[] {
    const roles = a.auditRoles;
    if (roles === undefined) return [];
    const writerRoles = a.writers.map((w) => w.roleArn);
    return [
        check.backupAccountRole("auditRoles.auditorRoleArn", roles.auditorRoleArn, a.accountId),
        check.backupAccountRole("auditRoles.canaryRoleArn", roles.canaryRoleArn, a.accountId),
        roles.auditorRoleArn === roles.canaryRoleArn
            ? check.problem(
                  "auditRoles.canaryRoleArn",
                  "must not be the auditor's role: give the canary its own",
              )
            : undefined,
        ...[roles.auditorRoleArn, roles.canaryRoleArn]
            .filter((arn) => writerRoles.includes(arn))
            .map((arn) =>
                check.problem("auditRoles", `must not name a writer role (${arn}): writers write only dumps`),
            ),
        ...a.writers.map((w, i) =>
            RESERVED_PREFIXES.includes(w.keyPrefix)
                ? check.problem(
                      `writers[${i}].keyPrefix`,
                      `must not be ${JSON.stringify(w.keyPrefix)}: the BackupAuditor keeps its receipts and canary under ` +
                          `${RESERVED_PREFIXES.join(" and ")}; choose another prefix`,
                  )
                : undefined,
        ),
    ];
}

/** The builder's last line of defence for `auditRoles` (the auditor's validator reports the same, earlier). */
export function checkAuditRoles(roles: AuditRoles, writerRoleArns: readonly string[]): void {
    roleAccount(roles.auditorRoleArn, "auditRoles.auditorRoleArn");
    roleAccount(roles.canaryRoleArn, "auditRoles.canaryRoleArn");
    const both = [roles.auditorRoleArn, roles.canaryRoleArn];
    if (roles.auditorRoleArn === roles.canaryRoleArn)
        throw new Error("`auditRoles` must name two roles: the canary must not be the auditor");
    const writer = both.find((arn) => writerRoleArns.includes(arn));
    if (writer !== undefined)
        throw new Error(`\`auditRoles\` must not name a writer role (${writer}): writers write only dumps`);
}

/** The statements that confine the two roles; the exemptions are in `object-guards.ts` and `writers.ts`. */
export function auditStatements(bucketArn: string, roles: AuditRoles): PolicyStatement[] {
    const objects = `${bucketArn}/*`;
    const receipts = prefixObjects(bucketArn, RECEIPTS_PREFIX);
    const canary = prefixObjects(bucketArn, CANARY_PREFIX);
    const as = (arn: string) => ({ ArnEquals: { "aws:PrincipalArn": arn } });
    return [
        {
            Sid: "DenyAuditorWritesOutsideReceipts",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            NotResource: receipts,
            Condition: as(roles.auditorRoleArn),
        },
        {
            Sid: "DenyAuditorLockChanges",
            Effect: "Deny",
            Principal: "*",
            Action: [...AUDITOR_DENIED_LOCK_ACTIONS],
            Resource: objects,
            Condition: as(roles.auditorRoleArn),
        },
        {
            // The lock a receipt is written with; a dump's, a manifest's or the canary's is not the auditor's.
            Sid: "DenyAuditorRetentionOutsideReceipts",
            Effect: "Deny",
            Principal: "*",
            Action: [...AUDITOR_RECEIPT_LOCK_ACTIONS],
            NotResource: receipts,
            Condition: as(roles.auditorRoleArn),
        },
        {
            // Both roles hold s3:PutObjectRetention somewhere; neither may escape the maximum with an event hold.
            // The condition key and value are the ones of AWS's own "deny any request that sets an event hold".
            Sid: "DenyAuditEventHolds",
            Effect: "Deny",
            Principal: "*",
            Action: [...EVENT_HOLD_ACTIONS],
            Resource: objects,
            Condition: {
                StringEquals: { "s3:object-lock-event-hold": "ON" },
                ArnEquals: { "aws:PrincipalArn": [roles.auditorRoleArn, roles.canaryRoleArn] },
            },
        },
        {
            // Its own objects and its receipt, nothing else: a canary role that could write a dump's key
            // could plant a forgery the read side then has to catch.
            Sid: "DenyCanaryWritesOutsideItsPrefixes",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            NotResource: [canary, receipts],
            Condition: as(roles.canaryRoleArn),
        },
        {
            Sid: "DenyCanaryDestructionOutsideCanaryPrefix",
            Effect: "Deny",
            Principal: "*",
            Action: [...CANARY_DESTRUCTIVE_ACTIONS],
            NotResource: canary,
            Condition: as(roles.canaryRoleArn),
        },
        {
            Sid: "DenyCanaryDeleteMarkersAndHolds",
            Effect: "Deny",
            Principal: "*",
            Action: [...CANARY_DENIED_ACTIONS],
            Resource: objects,
            Condition: as(roles.canaryRoleArn),
        },
    ];
}
