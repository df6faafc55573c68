import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configOf, schemaOf } from "../lib/config";
import { coversAction, globsIntersect, parsePolicy, Statement } from "../lib/iam";
import { resolveRef, resolveValue, UNRESOLVED } from "../lib/stack";
import { T } from "../lib/types";
import { isUnknown, list, plain, PreviewUnknowns, record, str } from "../lib/values";

/** AWS managed policies whose grants matter here, as the action patterns they allow. */
const AWS_MANAGED: Record<string, readonly string[]> = {
    AdministratorAccess: ["*"],
    PowerUserAccess: ["*"],
    AmazonS3FullAccess: ["s3:*"],
};

/** Granting any of these makes a role a backup writer (S3 replication writes with ReplicateObject). */
const WRITE_ACTIONS = ["s3:PutObject", "s3:ReplicateObject"];

/**
 * The immutability canary's two attempts: it must hold them (so only Object Lock refuses them), on its own
 * objects only. Named exactly, never by wildcard, and only on resources that all end in `/<canaryPrefix>/*`.
 */
const CANARY_ACTIONS = ["s3:deleteobjectversion", "s3:putobjectretention"];

function escapeRegExp(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The BackupAuditor's lock on its receipts: each is written with its own COMPLIANCE retention, and S3 refuses an
 * upload carrying lock headers without s3:PutObjectRetention. Named exactly, on receipt objects only; the bucket
 * policy bounds it (receipts only, no event hold, nothing beyond the maximum).
 */
const RECEIPT_ACTIONS = ["s3:putobjectretention"];

/** Whether every resource of `s` is an object under `prefix` of some bucket, and `s` names no NotResource. */
function onlyUnder(s: Statement, prefix: string): boolean {
    const objects = new RegExp(
        `^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/${escapeRegExp(prefix)}/\\*$`,
    );
    return s.notResources.length === 0 && s.resources.length > 0 && s.resources.every((r) => objects.test(r));
}

/** Whether `action` of `s` is the canary's: one of its two actions, on canary objects and nothing else. */
function isCanaryGrant(s: Statement, action: string, canaryPrefix: string): boolean {
    return CANARY_ACTIONS.includes(action.toLowerCase()) && onlyUnder(s, canaryPrefix);
}

/** Whether `action` of `s` is the auditor's lock on its receipts, on receipt objects and nothing else. */
function isReceiptLockGrant(s: Statement, action: string, receiptsPrefix: string): boolean {
    return RECEIPT_ACTIONS.includes(action.toLowerCase()) && onlyUnder(s, receiptsPrefix);
}

interface Grant {
    /** Where the grant comes from, for messages: `RolePolicy "x"`. */
    readonly source: string;
    readonly urn: string;
    /** The policy document (JSON text or object), or the ARN of a policy that is not in the stack. */
    readonly policy?: unknown;
    readonly externalArn?: string;
}

function statementsOf(grant: Grant): readonly Statement[] | "unknown" | "invalid" {
    if (grant.externalArn !== undefined) {
        const managed = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(grant.externalArn)?.[1];
        const actions = managed !== undefined ? AWS_MANAGED[managed] : undefined;
        if (actions === undefined) return "unknown";
        return [
            {
                effect: "Allow",
                actions,
                notActions: [],
                resources: ["*"],
                notResources: [],
                principalIsEveryone: false,
                conditions: new Map(),
            },
        ];
    }
    if (isUnknown(grant.policy)) return "unknown";
    const parsed = parsePolicy(grant.policy);
    return parsed.ok ? parsed.statements : "invalid";
}

/** Every policy granted to each role of the stack: inline, attached, or by `managedPolicyArns`. */
function grantsByRole(
    resources: readonly PolicyResource[],
    unknowns: PreviewUnknowns,
): Map<PolicyResource, Grant[]> {
    const roles = resources.filter((r) => r.type === T.role);
    const policies = resources.filter((r) => r.type === T.iamPolicy);
    const grants = new Map<PolicyResource, Grant[]>(roles.map((r) => [r, []]));
    const policyGrant = (arn: unknown, via: PolicyResource, prop: string): Grant => {
        const target = resolveRef(via, prop, policies, ["arn", "id"]);
        if (target !== undefined && target !== UNRESOLVED) {
            return { source: `Policy "${target.name}"`, urn: target.urn, policy: plain(target.props).policy };
        }
        return {
            source: `policy ${isUnknown(arn) ? "(unknown ARN)" : `"${String(arn)}"`}`,
            urn: via.urn,
            externalArn: str(arn),
        };
    };
    const add = (role: PolicyResource | typeof UNRESOLVED | undefined, grant: Grant, what: string) => {
        if (role === UNRESOLVED) unknowns.note(`role of ${what}`);
        else if (role !== undefined) grants.get(role)?.push(grant);
    };
    for (const role of roles) {
        const props = plain(role.props);
        for (const inline of list(props.inlinePolicies)) {
            const p = record(inline) ?? {};
            grants.get(role)?.push({
                source: `inline policy "${str(p.name) ?? "?"}" of role "${role.name}"`,
                urn: role.urn,
                policy: p.policy,
            });
        }
        for (const arn of list(props.managedPolicyArns)) {
            const target = resolveValue(arn, policies, ["arn", "id"]);
            grants.get(role)?.push(
                target
                    ? {
                          source: `Policy "${target.name}"`,
                          urn: target.urn,
                          policy: plain(target.props).policy,
                      }
                    : { source: `policy "${String(arn)}"`, urn: role.urn, externalArn: str(arn) },
            );
        }
    }
    for (const rp of resources.filter((r) => r.type === T.rolePolicy)) {
        add(
            resolveRef(rp, "role", roles, ["name", "id", "arn"]),
            { source: `RolePolicy "${rp.name}"`, urn: rp.urn, policy: plain(rp.props).policy },
            `RolePolicy "${rp.name}"`,
        );
    }
    for (const att of resources.filter((r) => r.type === T.rolePolicyAttachment)) {
        const p = plain(att.props);
        add(
            resolveRef(att, "role", roles, ["name", "id", "arn"]),
            policyGrant(p.policyArn, att, "policyArn"),
            `RolePolicyAttachment "${att.name}"`,
        );
    }
    for (const att of resources.filter((r) => r.type === T.policyAttachment)) {
        const p = plain(att.props);
        const targets = new Set<PolicyResource>(
            (att.propertyDependencies?.roles ?? []).filter((r) => roles.includes(r)),
        );
        for (const name of list(p.roles)) {
            const role = resolveValue(name, roles, ["name", "id", "arn"]);
            if (role) targets.add(role);
            else if (isUnknown(name)) unknowns.note(`roles of PolicyAttachment "${att.name}"`);
        }
        targets.forEach((role) =>
            add(role, policyGrant(p.policyArn, att, "policyArn"), `PolicyAttachment "${att.name}"`),
        );
    }
    return grants;
}

export const backupWriterIamLeastPrivilege: StackValidationPolicy = {
    name: "backup-writer-iam-least-privilege",
    description:
        "No IAM policy of a backup writer role (a role granted s3:PutObject or s3:ReplicateObject) grants object deletion, Object Lock " +
        "reconfiguration, governance bypass or `*` (AWS Security Hub IAM.1); the immutability canary's s3:DeleteObjectVersion and " +
        "s3:PutObjectRetention on its own prefix alone are its test of the lock, and the BackupAuditor's s3:PutObjectRetention " +
        "on its receipts prefix alone is the lock it writes receipts with, not a breach of it.",
    enforcementLevel: "mandatory",
    configSchema: schemaOf(
        "forbiddenWriterActions",
        "writerRoleNamePrefixes",
        "canaryPrefix",
        "receiptsPrefix",
    ),
    validateStack: (args, reportViolation) => {
        const cfg = configOf(args);
        const unknowns = new PreviewUnknowns();
        for (const [role, grants] of grantsByRole(args.resources, unknowns)) {
            const roleName = str(plain(role.props).name);
            const parsed = grants.map((g) => ({ grant: g, statements: statementsOf(g) }));
            const allows = parsed.flatMap(({ grant, statements }) =>
                Array.isArray(statements)
                    ? statements.filter((s) => s.effect === "Allow").map((s) => ({ grant, s }))
                    : [],
            );
            const named =
                roleName !== undefined && cfg.writerRoleNamePrefixes.some((p) => roleName.startsWith(p));
            const writes = allows.some(
                ({ s }) => WRITE_ACTIONS.some((a) => coversAction(s, a)) || s.notActions.length > 0,
            );
            if (!named && !writes) continue;
            const who = `backup writer role "${role.name}"`;
            for (const { grant, statements } of parsed) {
                if (statements === "unknown") unknowns.note(`${grant.source} granted to ${who}`);
                if (statements === "invalid")
                    reportViolation(
                        `${who} must have valid IAM policy documents (${grant.source} is not)`,
                        grant.urn,
                    );
            }
            for (const { grant, s } of allows) {
                if (s.notActions.length > 0) {
                    reportViolation(
                        `${who} must not be granted actions with NotAction (${grant.source})`,
                        grant.urn,
                    );
                }
                for (const action of s.actions) {
                    if (action === "*") {
                        reportViolation(`${who} must not be granted "*" (${grant.source})`, grant.urn);
                        continue;
                    }
                    if (isCanaryGrant(s, action, cfg.canaryPrefix)) continue;
                    if (isReceiptLockGrant(s, action, cfg.receiptsPrefix)) continue;
                    const forbidden = cfg.forbiddenWriterActions.filter((f) =>
                        globsIntersect(f.toLowerCase(), action.toLowerCase()),
                    );
                    if (forbidden.length > 0) {
                        reportViolation(
                            `${who} must not be granted ${forbidden.join(", ")} (${grant.source} allows "${action}")`,
                            grant.urn,
                        );
                    }
                }
            }
        }
        unknowns.throwIfAny();
    },
};
