import { expect } from "chai";
import { backupWriterIamLeastPrivilege as policy } from "../../policies/backup-writer-iam-least-privilege";
import { T } from "../../lib/types";
import { backupStack, find, RUNNER_ROLE, sourceStack } from "../fixtures";
import { runStackPolicy, Spec, UNKNOWN } from "../helpers";

type Doc = { Statement: Record<string, unknown>[] };
function addStatement(specs: Spec[], name: string, statement: Record<string, unknown>): Spec[] {
    const p = find(specs, name);
    const doc = JSON.parse(p.props.policy as string) as Doc;
    doc.Statement.push(statement);
    p.props.policy = JSON.stringify(doc);
    return specs;
}

describe("backup-writer-iam-least-privilege", () => {
    it("passes both stacks (the runner and the replication role are writers without destructive grants)", async () => {
        for (const specs of [sourceStack(), backupStack()]) {
            const report = await runStackPolicy(policy, specs);
            expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
        }
    });

    it("fails a wildcard grant", async () => {
        const specs = addStatement(sourceStack(), "appdb-role-policy", {
            Effect: "Allow",
            Action: "*",
            Resource: "*",
        });
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'backup writer role "appdb-role" must not be granted "*" (RolePolicy "appdb-role-policy")',
        ]);
    });

    it("fails s3:* and s3:Delete* (which cover DeleteObject*)", async () => {
        const specs = addStatement(sourceStack(), "appdb-role-policy", {
            Effect: "Allow",
            Action: ["s3:Delete*"],
            Resource: "*",
        });
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'backup writer role "appdb-role" must not be granted s3:DeleteObject* (RolePolicy "appdb-role-policy" allows "s3:Delete*")',
        ]);
        const s3all = addStatement(sourceStack(), "appdb-role-policy", {
            Effect: "Allow",
            Action: "s3:*",
            Resource: "*",
        });
        expect((await runStackPolicy(policy, s3all)).mandatory).to.deep.equal([
            'backup writer role "appdb-role" must not be granted s3:DeleteObject*, s3:PutBucketObjectLockConfiguration, ' +
                's3:BypassGovernanceRetention (RolePolicy "appdb-role-policy" allows "s3:*")',
        ]);
    });

    for (const action of [
        "s3:DeleteObjectVersion",
        "s3:PutBucketObjectLockConfiguration",
        "s3:BypassGovernanceRetention",
    ]) {
        it(`fails ${action}`, async () => {
            const specs = addStatement(sourceStack(), "appdb-role-policy", {
                Effect: "Allow",
                Action: action,
                Resource: "*",
            });
            const forbidden = action === "s3:DeleteObjectVersion" ? "s3:DeleteObject*" : action;
            expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
                `backup writer role "appdb-role" must not be granted ${forbidden} (RolePolicy "appdb-role-policy" allows "${action}")`,
            ]);
        });
    }

    it("fails a writer's policy that is not JSON", async () => {
        const specs = sourceStack();
        specs.push({
            type: T.rolePolicy,
            name: "broken",
            propertyDependencies: { role: ["appdb-role"] },
            props: { role: RUNNER_ROLE, policy: "{" },
        });
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'backup writer role "appdb-role" must have valid IAM policy documents (RolePolicy "broken" is not)',
        ]);
    });

    it("fails NotAction in an Allow", async () => {
        const specs = addStatement(sourceStack(), "appdb-role-policy", {
            Effect: "Allow",
            NotAction: "iam:*",
            Resource: "*",
        });
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'backup writer role "appdb-role" must not be granted actions with NotAction (RolePolicy "appdb-role-policy")',
        ]);
    });

    it("follows attachments: a customer-managed Policy and AWS managed AmazonS3FullAccess", async () => {
        const specs = sourceStack();
        specs.push(
            {
                type: T.iamPolicy,
                name: "extra",
                props: {
                    arn: "arn:aws:iam::222222222222:policy/extra",
                    policy: JSON.stringify({
                        Statement: [{ Effect: "Allow", Action: "s3:DeleteObject", Resource: "*" }],
                    }),
                },
            },
            {
                type: T.rolePolicyAttachment,
                name: "extra-attachment",
                props: { role: RUNNER_ROLE, policyArn: "arn:aws:iam::222222222222:policy/extra" },
            },
            {
                type: T.rolePolicyAttachment,
                name: "s3-full",
                props: { role: RUNNER_ROLE, policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" },
            },
        );
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            'backup writer role "appdb-role" must not be granted s3:DeleteObject* (Policy "extra" allows "s3:DeleteObject")',
            'backup writer role "appdb-role" must not be granted s3:DeleteObject*, s3:PutBucketObjectLockConfiguration, ' +
                's3:BypassGovernanceRetention (policy "arn:aws:iam::aws:policy/AmazonS3FullAccess" allows "s3:*")',
        ]);
    });

    it("leaves roles that write no backups alone, unless named as writers by config", async () => {
        const specs = sourceStack();
        specs.push(
            { type: T.role, name: "admin", props: { name: "platform-admin" } },
            {
                type: T.rolePolicy,
                name: "admin-policy",
                propertyDependencies: { role: ["admin"] },
                props: {
                    role: "platform-admin",
                    policy: JSON.stringify({
                        Statement: [{ Effect: "Allow", Action: "s3:DeleteObject", Resource: "*" }],
                    }),
                },
            },
        );
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([]);
        expect(
            (await runStackPolicy(policy, specs, { config: { writerRoleNamePrefixes: ["platform-"] } }))
                .mandatory,
        ).to.deep.equal([
            'backup writer role "admin" must not be granted s3:DeleteObject* (RolePolicy "admin-policy" allows "s3:DeleteObject")',
        ]);
    });

    it("reports a writer's policy unknown at preview as advisory", async () => {
        const specs = sourceStack();
        specs.push({
            type: T.rolePolicy,
            name: "late",
            propertyDependencies: { role: ["appdb-role"] },
            props: { role: UNKNOWN, policy: UNKNOWN },
        });
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-writer-iam-least-privilege' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                'RolePolicy "late" granted to backup writer role "appdb-role"',
        ]);
    });
});
