/**
 * Shape checks over every rendered policy (all builder branches): principals are only accounts,
 * services or "*" (AWS rejects a policy naming a role that does not exist yet), Sids are
 * unique, and every condition operator is one the evaluator models, so the meaning table is not
 * silently evaluating something else.
 */
import { expect } from "chai";
import { buildBucketPolicy } from "../../components/immutable-backup-bucket/bucket-policy";
import {
    buildSensitiveVaultKeyPolicy,
    buildVaultKeyPolicy,
} from "../../components/cross-account-vault/key-policy";
import { buildBackupKeyPolicy } from "../../components/immutable-backup-bucket/key-policy";
import { PolicyDocument, Principal } from "../../components/common/policy-document";
import {
    buildSensitiveVaultAccessPolicy,
    buildVaultAccessPolicy,
} from "../../components/cross-account-vault/vault-policy";
import { parseOperator } from "../iam-eval/conditions";
import * as f from "./fixtures";

const keyArgs = {
    accountId: f.BACKUP,
    keyAdminRoleArns: [f.ADMIN],
    breakGlassRoleArn: f.BREAK_GLASS,
    sourceAccountIds: [f.SOURCE],
};
const rendered: Record<string, PolicyDocument> = {
    ...f.policies,
    bucketKeyWithServices: buildBackupKeyPolicy({
        ...keyArgs,
        writerRoleArns: [f.WRITER],
        serviceUsers: ["backup.amazonaws.com"],
    }),
    replicaKeyNoWriters: buildBackupKeyPolicy({ ...keyArgs, writerRoleArns: [], sourceAccountIds: [] }),
    vaultKeyNoAdmins: buildVaultKeyPolicy({ ...keyArgs, keyAdminRoleArns: [] }),
    sensitiveKeyOwnRestoreRole: buildSensitiveVaultKeyPolicy({
        ...keyArgs,
        restoreRoleArn: `arn:aws:iam::${f.BACKUP}:role/strongbox-restore`,
    }),
    sensitiveVaultInOrg: buildSensitiveVaultAccessPolicy({
        vaultArn: f.SENSITIVE_VAULT_ARN,
        sourceAccountIds: [f.SOURCE],
        organizationId: f.ORG,
        breakGlassRoleArn: f.BREAK_GLASS,
    }),
    bucketNoWriters: buildBucketPolicy({ ...f.bucketArgs, writers: [] }),
    vaultNoSources: buildVaultAccessPolicy({
        vaultArn: f.VAULT_ARN,
        sourceAccountIds: [],
        breakGlassRoleArn: f.BREAK_GLASS,
    }),
};

/** What AWS accepts as a principal whether or not any role exists yet. */
const SAFE_AWS = /^(\*|\d{12}|arn:aws[a-z-]*:iam::\d{12}:root)$/;
const SAFE_SERVICE = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/;

function entries(p: Principal): { kind: string; value: string }[] {
    if (p === "*") return [{ kind: "*", value: "*" }];
    const list = (v: string | ReadonlyArray<string> | undefined): readonly string[] =>
        v === undefined ? [] : typeof v === "string" ? [v] : v;
    return [
        ...list(p.AWS).map((value) => ({ kind: "AWS", value })),
        ...list(p.Service).map((value) => ({ kind: "Service", value })),
    ];
}

describe("policy shapes: every rendered policy", () => {
    for (const [name, doc] of Object.entries(rendered)) {
        it(`${name}: principals are accounts, services or "*", never a role ARN`, () => {
            for (const s of doc.Statement) {
                const p = s.Principal ?? s.NotPrincipal;
                expect(p, `${s.Sid} has no principal`).to.not.equal(undefined);
                for (const e of entries(p!)) {
                    const ok = e.kind === "*" || (e.kind === "AWS" ? SAFE_AWS : SAFE_SERVICE).test(e.value);
                    expect(ok, `${name}/${s.Sid}: ${e.kind} principal ${e.value}`).to.equal(true);
                }
            }
        });
        it(`${name}: unique Sids, and only condition operators the evaluator models`, () => {
            const sids = doc.Statement.map((s) => s.Sid);
            expect(new Set(sids).size, sids.join(",")).to.equal(sids.length);
            for (const s of doc.Statement) {
                for (const op of Object.keys(s.Condition ?? {})) {
                    expect(() => parseOperator(op), `${s.Sid}: ${op}`).to.not.throw();
                }
            }
        });
    }

    it("the check itself rejects a role ARN as principal", () => {
        expect(SAFE_AWS.test(f.WRITER)).to.equal(false);
        expect(SAFE_AWS.test(`arn:aws:iam::${f.SOURCE}:root`)).to.equal(true);
    });

    it("role ARNs appear only inside conditions (aws:PrincipalArn), where they are compared, not resolved", () => {
        const json = JSON.stringify(rendered.bucket);
        expect(json).to.contain(f.WRITER);
        for (const s of rendered.bucket.Statement) {
            expect(JSON.stringify(s.Principal ?? "")).to.not.contain(":role/");
        }
    });

    it("policies with no writers or sources grant nothing to anyone outside the account", () => {
        const outside = (doc: PolicyDocument): string[] => [
            ...new Set(
                doc.Statement.filter((s) => s.Effect === "Allow")
                    .flatMap((s) => entries(s.Principal ?? "*").map((e) => e.value))
                    .filter((v) => !v.includes(f.BACKUP)),
            ),
        ];
        expect(outside(rendered.replicaKeyNoWriters)).to.deep.equal([]);
        expect(outside(rendered.bucketNoWriters)).to.deep.equal([]);
        expect(outside(rendered.vaultNoSources)).to.deep.equal([]);
        expect(outside(rendered.bucketKey)).to.deep.equal([`arn:aws:iam::${f.SOURCE}:root`]);
    });
});
