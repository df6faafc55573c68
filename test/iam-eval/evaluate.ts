/**
 * A small evaluator for the resource policies Strongbox writes (bucket, key, vault policies), enough
 * to state what they mean in tests. `evaluatePolicy` is the resource policy alone, with AWS's rule:
 * any matching Deny wins, else any matching Allow, else an implicit deny. `authorize` adds what the
 * resource policy cannot decide by itself: the principal's own IAM policy (assumed, see below).
 */
import { PolicyDocument, PolicyStatement, Principal } from "../../components/common/policy-document";
import { RequestContext, evaluateConditionBlock } from "./conditions";
import { wildcardMatch } from "./wildcard";

export interface IamRequest {
    /** An IAM role/user ARN, or for a service principal its name (e.g. "backup.amazonaws.com"). */
    readonly principalArn: string;
    /** The principal's account; omit for service principals. */
    readonly principalAccount?: string;
    readonly action: string;
    readonly resource: string;
    /**
     * Request context. `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalIsAWSService` and
     * `aws:PrincipalServiceName` are derived from the principal unless given here (a key given as
     * `undefined` is removed, to model a request that lacks it).
     */
    readonly context: RequestContext;
}

export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

export interface Evaluation {
    readonly decision: Decision;
    /** Sids of the statements that decided: the Denies for ExplicitDeny, the Allows for Allow. */
    readonly matched: string[];
}

const isService = (r: IamRequest): boolean => !r.principalArn.startsWith("arn:");

export function fullContext(r: IamRequest): RequestContext {
    const derived: Record<string, string> = isService(r)
        ? { "aws:PrincipalIsAWSService": "true", "aws:PrincipalServiceName": r.principalArn }
        : { "aws:PrincipalArn": r.principalArn, "aws:PrincipalIsAWSService": "false" };
    if (!isService(r) && r.principalAccount !== undefined) {
        derived["aws:PrincipalAccount"] = r.principalAccount;
    }
    return { ...derived, ...r.context };
}

const list = (v: string | ReadonlyArray<string> | undefined): readonly string[] =>
    v === undefined ? [] : typeof v === "string" ? [v] : v;

function principalMatches(p: Principal, r: IamRequest): boolean {
    if (p === "*") {
        return true;
    }
    if (isService(r)) {
        return list(p.Service).includes(r.principalArn);
    }
    return list(p.AWS).some((entry) => {
        if (entry === "*") {
            return true;
        }
        const account = /^(?:arn:aws[a-z-]*:iam::)?(\d{12})(?::root)?$/.exec(entry);
        // An account principal stands for every identity in that account (which its IAM policies then
        // narrow); any other ARN names exactly one principal.
        return account !== null ? account[1] === r.principalAccount : entry === r.principalArn;
    });
}

function statementApplies(s: PolicyStatement, r: IamRequest, context: RequestContext): boolean {
    const principal =
        s.Principal !== undefined
            ? principalMatches(s.Principal, r)
            : s.NotPrincipal !== undefined && !principalMatches(s.NotPrincipal, r);
    const action =
        s.Action !== undefined
            ? list(s.Action).some((a) => wildcardMatch(a, r.action, true))
            : !list(s.NotAction).some((a) => wildcardMatch(a, r.action, true));
    const resource =
        s.Resource !== undefined
            ? list(s.Resource).some((p) => wildcardMatch(p, r.resource))
            : !list(s.NotResource).some((p) => wildcardMatch(p, r.resource));
    return principal && action && resource && evaluateConditionBlock(s.Condition, context);
}

function checkShape(s: PolicyStatement): void {
    const one = (a: unknown, b: unknown, what: string): void => {
        if ((a === undefined) === (b === undefined)) {
            throw new Error(`iam-eval: statement ${s.Sid} must have exactly one of ${what}`);
        }
    };
    one(s.Principal, s.NotPrincipal, "Principal/NotPrincipal (resource policies need one)");
    one(s.Action, s.NotAction, "Action/NotAction");
    one(s.Resource, s.NotResource, "Resource/NotResource");
}

export function evaluatePolicy(doc: PolicyDocument, r: IamRequest): Evaluation {
    const context = fullContext(r);
    doc.Statement.forEach(checkShape);
    const applying = doc.Statement.filter((s) => statementApplies(s, r, context));
    const denies = applying.filter((s) => s.Effect === "Deny").map((s) => s.Sid);
    if (denies.length > 0) {
        return { decision: "ExplicitDeny", matched: denies };
    }
    const allows = applying.filter((s) => s.Effect === "Allow").map((s) => s.Sid);
    return allows.length > 0
        ? { decision: "Allow", matched: allows }
        : { decision: "ImplicitDeny", matched: [] };
}

export interface AccessOptions {
    /** The account owning the bucket, key or vault. */
    readonly resourceAccount: string;
    /** The resource is a KMS key: its policy must allow (maybe via root delegation); IAM alone never does. */
    readonly keyPolicy?: boolean;
    /**
     * Whether the principal's own IAM policies allow the request. Default true: these tests are about
     * the resource policy, and assume each principal's IAM policy grants what it is asking for.
     */
    readonly identityAllows?: boolean;
}

/**
 * AWS's cross-account rule, simplified to the policies we write (they name accounts, never roles):
 * - an explicit deny in the resource policy always wins;
 * - a principal of another account needs the resource policy's Allow *and* its own IAM allow;
 * - an account principal in a resource policy delegates to that account's IAM, so even in the same
 *   account an Allow through it still needs the IAM allow;
 * - in the same account, for S3 and Backup, the IAM allow alone suffices; for a KMS key it does not.
 * Service principals are decided by the resource policy alone. Not modelled: SCPs, RCPs, permission
 * boundaries, session policies, VPC endpoint policies, grants.
 */
export function authorize(doc: PolicyDocument, r: IamRequest, o: AccessOptions): Evaluation {
    const e = evaluatePolicy(doc, r);
    if (e.decision === "ExplicitDeny" || isService(r)) {
        return e;
    }
    const identity = o.identityAllows ?? true;
    const sameAccount = r.principalAccount === o.resourceAccount;
    if (e.decision === "Allow") {
        return identity ? e : { decision: "ImplicitDeny", matched: [] };
    }
    return sameAccount && identity && !o.keyPolicy
        ? { decision: "Allow", matched: ["(same-account IAM policy)"] }
        : e;
}
