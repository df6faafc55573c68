/**
 * The auditor's two roles (deterministic names, which the bucket policy names before they exist) and their
 * inline policies; the documents are the pure builders of `policies.ts`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RUNNER_BUNDLE_KEY } from "../../common/job/artifacts";
import { codeBuildTrustPolicy } from "../../common/job/trust";
import { auditRoleNames } from "../args";
import { AuditPolicyInputs, auditorPolicy, canaryPolicy } from "./policies";

export interface AuditRolesArgs {
    readonly partition: string;
    readonly accountId: string;
    readonly region: string;
    readonly namePrefix: string;
    /** The projects that assume each role. */
    readonly auditorProjects: readonly string[];
    readonly canaryProject: string;
    readonly bucketArn: pulumi.Input<string>;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly dumpPrefixes: readonly string[];
    readonly logGroupArn: pulumi.Input<string>;
    readonly artifactBucketArn: pulumi.Input<string>;
    readonly tags: Record<string, string>;
}

export interface AuditJobRole {
    readonly role: aws.iam.Role;
    /** The projects must wait for it: CodeBuild checks the role when a build starts. */
    readonly policy: aws.iam.RolePolicy;
}

export interface AuditRoles {
    readonly auditor: AuditJobRole;
    readonly canary: AuditJobRole;
}

/** Declares `${name}-auditor-role`, `${name}-auditor-policy`, `${name}-canary-role` and `${name}-canary-policy`. */
export function declareAuditRoles(name: string, args: AuditRolesArgs, parent: pulumi.Resource): AuditRoles {
    const names = auditRoleNames(args.namePrefix);
    const inputs = pulumi
        .all([args.bucketArn, args.kmsKeyArn, args.logGroupArn, args.artifactBucketArn])
        .apply(([bucketArn, kmsKeyArn, logGroupArn, artifactBucketArn]): AuditPolicyInputs => ({
            bucketArn,
            kmsKeyArn,
            bucketRegion: args.region,
            dumpPrefixes: args.dumpPrefixes,
            logGroupArn,
            artifactBucketArn,
            bundleKey: RUNNER_BUNDLE_KEY,
        }));
    const declare = (
        which: "auditor" | "canary",
        projects: readonly string[],
        description: string,
        document: (p: AuditPolicyInputs) => object,
    ): AuditJobRole => {
        const role = new aws.iam.Role(
            `${name}-${which}-role`,
            {
                name: names[which],
                description,
                assumeRolePolicy: JSON.stringify(
                    codeBuildTrustPolicy(args.partition, args.accountId, args.region, projects),
                ),
                tags: args.tags,
            },
            { parent },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-${which}-policy`,
            {
                role: role.name,
                name: `strongbox-${which}`,
                policy: inputs.apply((p) => JSON.stringify(document(p))),
            },
            { parent },
        );
        return { role, policy };
    };
    return {
        auditor: declare(
            "auditor",
            args.auditorProjects,
            "Strongbox auditor (verify, drill): reads dumps, writes locked receipts and metrics",
            auditorPolicy,
        ),
        canary: declare(
            "canary",
            [args.canaryProject],
            "Strongbox immutability canary: tries to destroy its own locked objects, and nothing else",
            canaryPolicy,
        ),
    };
}
