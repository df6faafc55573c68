/**
 * The runner role that CodeBuild assumes: its trust, its inline policy (write
 * dumps, logs, VPC networking, the bundle) and the managed policies that read
 * the databases' secrets. The documents themselves are pure functions in
 * `iam.ts`; this file only declares the resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RUNNER_BUNDLE_KEY } from "../common/job/artifacts";
import type { PgDumpTarget } from "./args";
import { chunkDatabases, runnerDumpPolicy } from "./dump-policies";
import { runnerPolicy, runnerSecretsPolicies, runnerTrustPolicy } from "./iam";

export interface RunnerRoleArgs {
    readonly partition: string;
    readonly accountId: string;
    readonly region: string;
    /** Exact role name (the backup stack allows it by name before it exists). */
    readonly runnerRoleName: string;
    /** The CodeBuild project that may assume the role. */
    readonly projectName: string;
    readonly target: PgDumpTarget;
    readonly logGroupArn: pulumi.Input<string>;
    readonly artifactBucketArn: pulumi.Input<string>;
    readonly subnetIds: ReadonlyArray<string>;
    readonly secretArns: ReadonlyArray<string>;
    /** The databases whose dump prefixes (`<keyPrefix>/<database>/*`) the runner may write and read. */
    readonly databases: ReadonlyArray<string>;
    readonly tags: Record<string, string>;
}

export interface RunnerRole {
    readonly role: aws.iam.Role;
    /** The inline policy and the secret attachments: the project must wait for all of them. */
    readonly policies: ReadonlyArray<pulumi.Resource>;
}

/**
 * Declares `${name}-role`, `${name}-role-policy`, a `${name}-secrets-<i>` policy and attachment per chunk of
 * secrets and a `${name}-dumps-<i>` policy and attachment per chunk of databases.
 */
export function declareRunnerRole(name: string, args: RunnerRoleArgs, parent: pulumi.Resource): RunnerRole {
    const { partition, tags } = args;
    const role = new aws.iam.Role(
        `${name}-role`,
        {
            name: args.runnerRoleName,
            description:
                "Strongbox pg_dump runner (CodeBuild): reads its databases' secrets, writes locked dumps",
            assumeRolePolicy: JSON.stringify(
                runnerTrustPolicy(partition, args.accountId, args.region, args.projectName),
            ),
            tags,
        },
        { parent },
    );
    const policy = new aws.iam.RolePolicy(
        `${name}-role-policy`,
        {
            role: role.name,
            name: "strongbox-pgdump-runner",
            policy: pulumi
                .all([
                    args.target.bucketArn,
                    args.target.bucketRegion,
                    args.target.kmsKeyArn,
                    args.logGroupArn,
                    args.artifactBucketArn,
                ])
                .apply(([bucketArn, bucketRegion, kmsKeyArn, logGroupArn, artifactBucketArn]) =>
                    JSON.stringify(
                        runnerPolicy({
                            partition,
                            accountId: args.accountId,
                            region: args.region,
                            bucketArn,
                            bucketRegion,
                            kmsKeyArn,
                            logGroupArn,
                            artifactBucketArn,
                            bundleKey: RUNNER_BUNDLE_KEY,
                            subnetIds: args.subnetIds,
                        }),
                    ),
                ),
        },
        { parent },
    );
    // Managed, not inline: hundreds of secret ARNs exceed a role's 10,240 characters
    // of inline policy; each managed policy holds as many as fit in 6,144.
    const secretAttachments = runnerSecretsPolicies(args.secretArns).map((doc, i) => {
        const secretsPolicy = new aws.iam.Policy(
            `${name}-secrets-${i}`,
            {
                description: `Strongbox runner: read database secrets (part ${i + 1})`,
                policy: JSON.stringify(doc),
                tags,
            },
            { parent },
        );
        return new aws.iam.RolePolicyAttachment(
            `${name}-secrets-${i}`,
            { role: role.name, policyArn: secretsPolicy.arn },
            { parent },
        );
    });
    const dumpAttachments = chunkDatabases(partition, args.databases).map((databases, i) => {
        const dumpPolicy = new aws.iam.Policy(
            `${name}-dumps-${i}`,
            {
                description: `Strongbox runner: write and read back its own databases' dumps (part ${i + 1})`,
                policy: pulumi
                    .all([args.target.bucketArn, args.target.keyPrefix])
                    .apply(([bucketArn, keyPrefix]) =>
                        JSON.stringify(runnerDumpPolicy(bucketArn, keyPrefix, databases, i)),
                    ),
                tags,
            },
            { parent },
        );
        return new aws.iam.RolePolicyAttachment(
            `${name}-dumps-${i}`,
            { role: role.name, policyArn: dumpPolicy.arn },
            { parent },
        );
    });
    return { role, policies: [policy, ...secretAttachments, ...dumpAttachments] };
}
