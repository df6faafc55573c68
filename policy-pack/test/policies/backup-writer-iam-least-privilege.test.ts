import { expect } from "chai";
import { backupWriterIamLeastPrivilege as policy } from "../../policies/backup-writer-iam-least-privilege";
import { T } from "../../lib/types";
import {
    addStatement,
    backupStack,
    childOf,
    COMPONENT,
    editDocument,
    SOURCE_ACCOUNT,
    sourceStack,
} from "../fixtures";
import { runStackPolicy, Spec, specUrn, UNKNOWN } from "../harness";

/** The source stack with the runner's role and its inline RolePolicy, extended by `added` if given. */
async function runner(added?: Record<string, unknown>) {
    const specs = await sourceStack();
    const role = childOf(specs, COMPONENT.runner, "-role");
    const rolePolicy = childOf(specs, COMPONENT.runner, "-role-policy");
    expect([role.type, rolePolicy.type]).to.deep.equal([T.role, T.rolePolicy]);
    if (added) editDocument(rolePolicy, addStatement(added));
    return { specs, role, rolePolicy, roleName: role.props.name as string };
}
const writer = (role: Spec) => `backup writer role "${role.name}"`;

describe("backup-writer-iam-least-privilege", () => {
    it("passes both stacks (the runner and the replication role are writers without destructive grants)", async () => {
        for (const specs of [await sourceStack(), await backupStack()]) {
            const report = await runStackPolicy(policy, specs);
            expect([...report.mandatory, ...report.advisory]).to.deep.equal([]);
        }
    });

    it("fails a wildcard grant", async () => {
        const { specs, role, rolePolicy } = await runner({ Effect: "Allow", Action: "*", Resource: "*" });
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${writer(role)} must not be granted "*" (RolePolicy "${rolePolicy.name}")`,
        ]);
    });

    it("fails s3:* and s3:Delete* (which cover DeleteObject*)", async () => {
        const del = await runner({ Effect: "Allow", Action: ["s3:Delete*"], Resource: "*" });
        expect((await runStackPolicy(policy, del.specs)).mandatory).to.deep.equal([
            `${writer(del.role)} must not be granted s3:DeleteObject* (RolePolicy "${del.rolePolicy.name}" allows "s3:Delete*")`,
        ]);
        const all = await runner({ Effect: "Allow", Action: "s3:*", Resource: "*" });
        expect((await runStackPolicy(policy, all.specs)).mandatory).to.deep.equal([
            `${writer(all.role)} must not be granted s3:DeleteObject*, s3:PutBucketObjectLockConfiguration, ` +
                `s3:BypassGovernanceRetention, s3:PutObjectRetention, s3:PutObjectLegalHold (RolePolicy "${all.rolePolicy.name}" allows "s3:*")`,
        ]);
    });

    for (const action of [
        "s3:DeleteObjectVersion",
        "s3:PutBucketObjectLockConfiguration",
        "s3:BypassGovernanceRetention",
        // The lock comes from the bucket's default retention; a writer extending it keeps dumps for ever.
        "s3:PutObjectRetention",
        "s3:PutObjectLegalHold",
    ]) {
        it(`fails ${action}`, async () => {
            const { specs, role, rolePolicy } = await runner({
                Effect: "Allow",
                Action: action,
                Resource: "*",
            });
            const forbidden = action === "s3:DeleteObjectVersion" ? "s3:DeleteObject*" : action;
            expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
                `${writer(role)} must not be granted ${forbidden} (RolePolicy "${rolePolicy.name}" allows "${action}")`,
            ]);
        });
    }

    it("fails a writer's policy that is not JSON", async () => {
        const { specs, role, roleName } = await runner();
        // Added here: a second inline policy on the runner's role.
        specs.push({
            type: T.rolePolicy,
            name: "broken",
            propertyDependencies: { role: [specUrn(role)] },
            props: { role: roleName, policy: "{" },
        });
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${writer(role)} must have valid IAM policy documents (RolePolicy "broken" is not)`,
        ]);
    });

    it("fails NotAction in an Allow", async () => {
        const { specs, role, rolePolicy } = await runner({
            Effect: "Allow",
            NotAction: "iam:*",
            Resource: "*",
        });
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${writer(role)} must not be granted actions with NotAction (RolePolicy "${rolePolicy.name}")`,
        ]);
    });

    it("follows attachments: a customer-managed Policy and AWS managed AmazonS3FullAccess", async () => {
        const { specs, role, roleName } = await runner();
        const extraArn = `arn:aws:iam::${SOURCE_ACCOUNT}:policy/extra`;
        // Added here: a customer-managed policy and an AWS managed one attached to the runner's role.
        specs.push(
            {
                type: T.iamPolicy,
                name: "extra",
                props: {
                    arn: extraArn,
                    policy: JSON.stringify({
                        Statement: [{ Effect: "Allow", Action: "s3:DeleteObject", Resource: "*" }],
                    }),
                },
            },
            {
                type: T.rolePolicyAttachment,
                name: "extra-attachment",
                props: { role: roleName, policyArn: extraArn },
            },
            {
                type: T.rolePolicyAttachment,
                name: "s3-full",
                props: { role: roleName, policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" },
            },
        );
        expect((await runStackPolicy(policy, specs)).mandatory).to.deep.equal([
            `${writer(role)} must not be granted s3:DeleteObject* (Policy "extra" allows "s3:DeleteObject")`,
            `${writer(role)} must not be granted s3:DeleteObject*, s3:PutBucketObjectLockConfiguration, ` +
                's3:BypassGovernanceRetention, s3:PutObjectRetention, s3:PutObjectLegalHold (policy "arn:aws:iam::aws:policy/AmazonS3FullAccess" allows "s3:*")',
        ]);
    });

    it("leaves roles that write no backups alone, unless named as writers by config", async () => {
        const specs = await sourceStack();
        // Added here: a role that writes no backups, with a destructive grant.
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
        const { specs, role } = await runner();
        // Added here: an inline policy on the runner's role whose role and document are unknown at preview.
        specs.push({
            type: T.rolePolicy,
            name: "late",
            propertyDependencies: { role: [specUrn(role)] },
            props: { role: UNKNOWN, policy: UNKNOWN },
        });
        const report = await runStackPolicy(policy, specs);
        expect(report.mandatory).to.deep.equal([]);
        expect(report.advisory).to.deep.equal([
            "can't run policy 'backup-writer-iam-least-privilege' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                `RolePolicy "late" granted to ${writer(role)}`,
        ]);
    });
});
