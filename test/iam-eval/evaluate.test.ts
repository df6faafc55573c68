/**
 * The evaluator against AWS's documented evaluation rules. Each test builds a tiny policy where the
 * rule decides the outcome, so a wrong implementation flips the result.
 */
import { expect } from "chai";
import { ConditionBlock, PolicyStatement, policyDocument } from "../../components/common/policy-document";
import { evaluateCondition } from "./conditions";
import { IamRequest, authorize, evaluatePolicy } from "./evaluate";
import { arnMatch, wildcardMatch } from "./wildcard";

const ROLE = "arn:aws:iam::222222222222:role/runner";
const BUCKET_OBJ = "arn:aws:s3:::bkt/layer3/db/x.sql.gz";

function req(over: Partial<IamRequest> = {}): IamRequest {
    return {
        principalArn: ROLE,
        principalAccount: "222222222222",
        action: "s3:PutObject",
        resource: BUCKET_OBJ,
        context: {},
        ...over,
    };
}
const allowAll: PolicyStatement = {
    Sid: "AllowAll",
    Effect: "Allow",
    Principal: "*",
    Action: "*",
    Resource: "*",
};
const denyIf = (Condition: ConditionBlock): PolicyStatement => ({
    Sid: "DenyIf",
    Effect: "Deny",
    Principal: "*",
    Action: "*",
    Resource: "*",
    Condition,
});
/** Decision of "allow everything, deny if <condition>" for a context: ExplicitDeny iff the condition holds. */
const holds = (c: ConditionBlock, context: IamRequest["context"]): boolean =>
    evaluatePolicy(policyDocument([allowAll, denyIf(c)]), req({ context })).decision === "ExplicitDeny";

describe("iam-eval: decision rules", () => {
    it("an explicit deny wins over an allow, and names the deny's Sid", () => {
        const e = evaluatePolicy(policyDocument([allowAll, denyIf({})]), req());
        expect(e).to.deep.equal({ decision: "ExplicitDeny", matched: ["DenyIf"] });
    });
    it("no applicable allow is an implicit deny", () => {
        const onlyGet: PolicyStatement = { ...allowAll, Sid: "AllowGet", Action: "s3:GetObject" };
        expect(evaluatePolicy(policyDocument([onlyGet]), req()).decision).to.equal("ImplicitDeny");
        expect(
            evaluatePolicy(policyDocument([onlyGet]), req({ action: "s3:GetObject" })).matched,
        ).to.deep.equal(["AllowGet"]);
    });
    it("actions match case-insensitively with wildcards; resources case-sensitively", () => {
        const s: PolicyStatement = { ...allowAll, Action: "S3:Put*", Resource: "arn:aws:s3:::bkt/layer3/*" };
        expect(evaluatePolicy(policyDocument([s]), req()).decision).to.equal("Allow");
        expect(
            evaluatePolicy(policyDocument([s]), req({ resource: "arn:aws:s3:::bkt/Layer3/x" })).decision,
        ).to.equal("ImplicitDeny");
        expect(evaluatePolicy(policyDocument([s]), req({ action: "s3:GetObject" })).decision).to.equal(
            "ImplicitDeny",
        );
    });
    it("NotAction, NotResource and NotPrincipal apply to everything they do not list", () => {
        const notAction: PolicyStatement = {
            Sid: "D",
            Effect: "Deny",
            Principal: "*",
            NotAction: "s3:Get*",
            Resource: "*",
        };
        expect(evaluatePolicy(policyDocument([allowAll, notAction]), req()).decision).to.equal(
            "ExplicitDeny",
        );
        expect(
            evaluatePolicy(policyDocument([allowAll, notAction]), req({ action: "s3:GetObject" })).decision,
        ).to.equal("Allow");
        const notRes: PolicyStatement = {
            Sid: "D",
            Effect: "Deny",
            Principal: "*",
            Action: "*",
            NotResource: "arn:aws:s3:::bkt/layer3/*",
        };
        expect(evaluatePolicy(policyDocument([allowAll, notRes]), req()).decision).to.equal("Allow");
        expect(
            evaluatePolicy(policyDocument([allowAll, notRes]), req({ resource: "arn:aws:s3:::bkt/x" }))
                .decision,
        ).to.equal("ExplicitDeny");
        const notPrin: PolicyStatement = {
            Sid: "D",
            Effect: "Deny",
            NotPrincipal: { AWS: ROLE },
            Action: "*",
            Resource: "*",
        };
        expect(evaluatePolicy(policyDocument([allowAll, notPrin]), req()).decision).to.equal("Allow");
        const other = req({ principalArn: "arn:aws:iam::222222222222:role/other" });
        expect(evaluatePolicy(policyDocument([allowAll, notPrin]), other).decision).to.equal("ExplicitDeny");
    });
    it("principals: an account (root ARN or bare ID) covers its identities, a role ARN only itself, Service only services", () => {
        const by = (p: PolicyStatement["Principal"], r: IamRequest): string =>
            evaluatePolicy(policyDocument([{ ...allowAll, Principal: p }]), r).decision;
        expect(by({ AWS: "arn:aws:iam::222222222222:root" }, req())).to.equal("Allow");
        expect(by({ AWS: "222222222222" }, req())).to.equal("Allow");
        expect(by({ AWS: "arn:aws:iam::333333333333:root" }, req())).to.equal("ImplicitDeny");
        expect(by({ AWS: "arn:aws:iam::222222222222:role/other" }, req())).to.equal("ImplicitDeny");
        const svc = req({ principalArn: "backup.amazonaws.com", principalAccount: undefined });
        expect(by({ Service: "backup.amazonaws.com" }, svc)).to.equal("Allow");
        expect(by({ AWS: "*" }, svc)).to.equal("ImplicitDeny");
        expect(by({ Service: "backup.amazonaws.com" }, req())).to.equal("ImplicitDeny");
        expect(by("*", svc)).to.equal("Allow");
    });
    it("refuses a statement without a principal (resource policies need one)", () => {
        const s = { Sid: "X", Effect: "Allow", Action: "*", Resource: "*" } as PolicyStatement;
        expect(() => evaluatePolicy(policyDocument([s]), req())).to.throw(/Principal/);
    });
});

describe("iam-eval: conditions", () => {
    it("...IfExists is true when the key is missing, and compares when present", () => {
        const c = { StringEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } };
        expect(holds(c, {})).to.equal(true);
        expect(holds(c, { "s3:x-amz-server-side-encryption": "AES256" })).to.equal(false);
        expect(holds(c, { "s3:x-amz-server-side-encryption": "aws:kms" })).to.equal(true);
    });
    it("Null 'true' holds only when the key is missing; 'false' only when present", () => {
        expect(holds({ Null: { k: "true" } }, {})).to.equal(true);
        expect(holds({ Null: { k: "true" } }, { k: "v" })).to.equal(false);
        expect(holds({ Null: { k: "false" } }, {})).to.equal(false);
        expect(holds({ Null: { k: "false" } }, { k: "v" })).to.equal(true);
    });
    it("negated operators are true when the key is missing; positive ones are false", () => {
        for (const op of [
            "StringNotEquals",
            "StringNotLike",
            "ArnNotEquals",
            "ArnNotLike",
            "NumericNotEquals",
        ]) {
            expect(holds({ [op]: { k: "1" } }, {}), op).to.equal(true);
        }
        for (const op of [
            "StringEquals",
            "StringLike",
            "ArnLike",
            "NumericLessThan",
            "NumericGreaterThan",
            "Bool",
        ]) {
            expect(holds({ [op]: { k: "1" } }, {}), op).to.equal(false);
        }
    });
    it("several values for one key are ORed; a negated operator needs the value to match none", () => {
        expect(holds({ StringEquals: { k: ["a", "b"] } }, { k: "b" })).to.equal(true);
        expect(holds({ StringEquals: { k: ["a", "b"] } }, { k: "c" })).to.equal(false);
        expect(holds({ StringNotEquals: { k: ["a", "b"] } }, { k: "b" })).to.equal(false);
        expect(holds({ StringNotEquals: { k: ["a", "b"] } }, { k: "c" })).to.equal(true);
    });
    it("several keys, and several operators, are ANDed", () => {
        const twoKeys = { StringEquals: { a: "1", b: "2" } };
        expect(holds(twoKeys, { a: "1", b: "2" })).to.equal(true);
        expect(holds(twoKeys, { a: "1", b: "3" })).to.equal(false);
        const twoOps = { Null: { a: "false" }, StringNotEquals: { a: "x" } };
        expect(holds(twoOps, { a: "y" })).to.equal(true);
        expect(holds(twoOps, {})).to.equal(false);
        expect(holds(twoOps, { a: "x" })).to.equal(false);
    });
    it("wildcards: * spans any run (even empty), ? exactly one character, other characters are literal", () => {
        expect(wildcardMatch("s3.*.amazonaws.com", "s3.ap-southeast-4.amazonaws.com")).to.equal(true);
        expect(wildcardMatch("s3.*.amazonaws.com", "s3XapXamazonawsXcom")).to.equal(false);
        expect(wildcardMatch("a?c", "abc")).to.equal(true);
        expect(wildcardMatch("a?c", "ac")).to.equal(false);
        expect(wildcardMatch("a*c", "ac")).to.equal(true);
        expect(holds({ StringLike: { k: "layer3/*" } }, { k: "layer3/db/x" })).to.equal(true);
        expect(holds({ StringEquals: { k: "layer3/*" } }, { k: "layer3/db/x" })).to.equal(false);
    });
    it("Arn operators match the six components separately: * does not span a colon", () => {
        expect(arnMatch("arn:aws:iam::*:role/runner", ROLE)).to.equal(true);
        expect(arnMatch("arn:aws:iam::222222222222:role/*", ROLE)).to.equal(true);
        expect(arnMatch("arn:aws:iam::2*", ROLE)).to.equal(false);
        expect(arnMatch("arn:aws:iam::222222222222:role/runner", ROLE.replace("runner", "runner2"))).to.equal(
            false,
        );
        expect(holds({ ArnEquals: { k: ROLE } }, { k: ROLE })).to.equal(true);
    });
    it("numeric, date and Bool comparisons; a non-number never matches", () => {
        expect(holds({ NumericLessThan: { d: "35" } }, { d: "34" })).to.equal(true);
        expect(holds({ NumericLessThan: { d: "35" } }, { d: "35" })).to.equal(false);
        expect(holds({ NumericLessThanEquals: { d: "35" } }, { d: "35" })).to.equal(true);
        expect(holds({ NumericGreaterThan: { d: "400" } }, { d: "401" })).to.equal(true);
        expect(holds({ NumericGreaterThanEquals: { d: "400" } }, { d: "400" })).to.equal(true);
        expect(holds({ NumericLessThan: { d: "35" } }, { d: "abc" })).to.equal(false);
        expect(
            holds({ DateGreaterThan: { t: "2026-01-01T00:00:00Z" } }, { t: "2026-06-01T00:00:00Z" }),
        ).to.equal(true);
        expect(
            holds({ DateLessThan: { t: "2026-01-01T00:00:00Z" } }, { t: "2026-06-01T00:00:00Z" }),
        ).to.equal(false);
        expect(
            holds({ Bool: { "aws:SecureTransport": "false" } }, { "aws:SecureTransport": "false" }),
        ).to.equal(true);
        expect(holds({ Bool: { "aws:SecureTransport": false } }, { "aws:SecureTransport": "true" })).to.equal(
            false,
        );
    });
    it("ForAnyValue is false and ForAllValues true when the key is missing; otherwise any / every value", () => {
        expect(holds({ "ForAnyValue:StringEquals": { t: "a" } }, {})).to.equal(false);
        expect(holds({ "ForAllValues:StringEquals": { t: "a" } }, {})).to.equal(true);
        expect(holds({ "ForAnyValue:StringEquals": { t: "a" } }, { t: ["b", "a"] })).to.equal(true);
        expect(holds({ "ForAllValues:StringEquals": { t: ["a", "b"] } }, { t: ["b", "a"] })).to.equal(true);
        expect(holds({ "ForAllValues:StringEquals": { t: "a" } }, { t: ["b", "a"] })).to.equal(false);
    });
    it("context keys are case-insensitive; unsupported operators throw rather than guess", () => {
        expect(
            evaluateCondition("Bool", "AWS:SecureTransport", "false", { "aws:securetransport": "false" }),
        ).to.equal(true);
        expect(() => evaluateCondition("IpAddress", "aws:SourceIp", "10.0.0.0/8", {})).to.throw(
            /not supported/,
        );
        expect(() => evaluateCondition("NullIfExists", "k", "true", {})).to.throw(/not a valid/);
    });
    it("derives aws:PrincipalArn and aws:PrincipalIsAWSService from the principal unless the context overrides", () => {
        const c = { ArnEquals: { "aws:PrincipalArn": ROLE } };
        expect(holds(c, {})).to.equal(true);
        expect(holds(c, { "aws:PrincipalArn": undefined })).to.equal(false);
        const svc = req({ principalArn: "s3.amazonaws.com", principalAccount: undefined });
        const doc = policyDocument([allowAll, denyIf({ Bool: { "aws:PrincipalIsAWSService": "true" } })]);
        expect(evaluatePolicy(doc, svc).decision).to.equal("ExplicitDeny");
        expect(evaluatePolicy(doc, req()).decision).to.equal("Allow");
    });
});

describe("iam-eval: authorize (resource policy plus the assumed IAM policy)", () => {
    const accountAllow = policyDocument([
        { ...allowAll, Sid: "AllowAccount", Principal: { AWS: "arn:aws:iam::222222222222:root" } },
    ]);
    const empty = policyDocument([
        { ...allowAll, Sid: "AllowNobody", Principal: { AWS: "arn:aws:iam::999999999999:root" } },
    ]);
    it("cross-account needs both the resource policy and the principal's IAM policy", () => {
        expect(authorize(accountAllow, req(), { resourceAccount: "111111111111" }).decision).to.equal(
            "Allow",
        );
        expect(
            authorize(accountAllow, req(), { resourceAccount: "111111111111", identityAllows: false })
                .decision,
        ).to.equal("ImplicitDeny");
        expect(authorize(empty, req(), { resourceAccount: "111111111111" }).decision).to.equal(
            "ImplicitDeny",
        );
    });
    it("same account: IAM alone suffices for S3/Backup but not for a KMS key", () => {
        expect(authorize(empty, req(), { resourceAccount: "222222222222" }).decision).to.equal("Allow");
        expect(
            authorize(empty, req(), { resourceAccount: "222222222222", keyPolicy: true }).decision,
        ).to.equal("ImplicitDeny");
        expect(
            authorize(empty, req(), { resourceAccount: "222222222222", identityAllows: false }).decision,
        ).to.equal("ImplicitDeny");
    });
    it("an explicit deny in the resource policy is final whatever IAM says", () => {
        const doc = policyDocument([allowAll, denyIf({})]);
        expect(authorize(doc, req(), { resourceAccount: "222222222222" }).decision).to.equal("ExplicitDeny");
    });
});
