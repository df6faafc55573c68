/**
 * Pure builders for every IAM document the PgDumpRunner attaches: the runner's
 * role and policies, the scheduler's role and policy, and the failure topic's
 * policy. They take plain strings (resolved outputs) and return `PolicyDocument`,
 * so tests read the exact statements without Pulumi.
 */
import { codeBuildTrustPolicy, startBuildPolicy } from "../common/job/trust";
import { PolicyDocument, policyDocument } from "../common/policy-document";
import { WRITER_BUCKET_ACTIONS } from "../common/writer-actions";
import { jobRunStatements } from "../common/job/role-statements";

// The scheduler's trust is the same for every job (common/job/trust.ts); re-exported for the tests.
export { schedulerTrustPolicy } from "../common/job/trust";

/** What the runner's main policy needs to know, all resolved to plain strings. */
export interface RunnerPolicyInputs {
    readonly partition: string;
    readonly accountId: string;
    /** Region of the CodeBuild project (the source region). */
    readonly region: string;
    /** ARN of the backup bucket (backup account, backup region). */
    readonly bucketArn: string;
    /** Region of the backup bucket; S3 calls KMS there on the runner's behalf. */
    readonly bucketRegion: string;
    /** The backup CMK. */
    readonly kmsKeyArn: string;
    /** The runner's CloudWatch log group ARN, without the `:*` suffix. */
    readonly logGroupArn: string;
    /** ARN of the artifact bucket and the key of the runner bundle in it. */
    readonly artifactBucketArn: string;
    readonly bundleKey: string;
    /** Subnets the builds run in; ENI permissions are granted for these only. */
    readonly subnetIds: ReadonlyArray<string>;
}

/**
 * What the runner calls on the bucket itself (the same list the bucket policy grants it). Its object calls
 * are in the dump policies (`dump-policies.ts`).
 */
export const RUNNER_BUCKET_ACTIONS = WRITER_BUCKET_ACTIONS;

/** Direct KMS calls of the runner on the backup CMK. */
export const RUNNER_KMS_ACTIONS = ["kms:GenerateDataKey", "kms:Encrypt", "kms:DescribeKey"] as const;

/**
 * The only actions granted on `Resource: "*"`, each for a reason AWS imposes:
 * the EC2 Describe calls have no resource-level permissions at all, and CodeBuild
 * creates and deletes the build's network interface (whose ID nobody knows in
 * advance) with exactly these calls, as AWS's CodeBuild-in-VPC service role policy
 * documents. The ENI permission call, which AWS does let us scope, is restricted
 * separately to our subnets and to CodeBuild (`ec2:Subnet`, `ec2:AuthorizedService`).
 */
export const RUNNER_WILDCARD_RESOURCE_ACTIONS = [
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
    "ec2:DescribeVpcs",
] as const;

/** IAM refuses a managed policy above 6,144 characters (whitespace not counted); keep headroom for the envelope. */
export const SECRETS_POLICY_CHARACTER_BUDGET = 5500;
/**
 * AWS attaches at most 10 managed policies to a role by default (secrets and dump policies together); more
 * databases need another runner role.
 */
export const MAX_SECRETS_POLICIES = 10;

/**
 * The runner's main policy: everything but the database secrets and its dump prefixes (each chunked into
 * managed policies, see `runnerSecretsPolicies` and `dump-policies.ts`).
 */
export function runnerPolicy(p: RunnerPolicyInputs): PolicyDocument {
    const subnetArns = p.subnetIds.map(
        (id) => `arn:${p.partition}:ec2:${p.region}:${p.accountId}:subnet/${id}`,
    );
    return policyDocument([
        {
            Sid: "ReadBucketLockConfiguration",
            Effect: "Allow",
            Action: [...RUNNER_BUCKET_ACTIONS],
            Resource: p.bucketArn,
        },
        {
            Sid: "EncryptWithBackupKey",
            Effect: "Allow",
            Action: [...RUNNER_KMS_ACTIONS],
            Resource: p.kmsKeyArn,
        },
        {
            // S3 needs kms:Decrypt from the caller to complete an SSE-KMS multipart upload
            // and to serve the read-back; only through S3 in the bucket's region, so the
            // role cannot decrypt anything with the key directly.
            Sid: "DecryptOnlyThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: p.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${p.bucketRegion}.amazonaws.com` } },
        },
        ...jobRunStatements(p),
        {
            // See RUNNER_WILDCARD_RESOURCE_ACTIONS for why these cannot be scoped.
            Sid: "CodeBuildVpcNetworkInterfaces",
            Effect: "Allow",
            Action: [...RUNNER_WILDCARD_RESOURCE_ACTIONS],
            Resource: "*",
        },
        {
            Sid: "CodeBuildVpcNetworkInterfacePermission",
            Effect: "Allow",
            Action: "ec2:CreateNetworkInterfacePermission",
            Resource: `arn:${p.partition}:ec2:${p.region}:${p.accountId}:network-interface/*`,
            Condition: {
                StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
                ArnEquals: { "ec2:Subnet": subnetArns },
            },
        },
    ]);
}

/**
 * Groups secret ARNs so that each group's policy stays under IAM's managed-policy
 * size limit: 200 RDS secret ARNs do not fit in one policy (nor in a role's 10,240
 * characters of inline policy). Deterministic: same ARNs, same groups.
 */
export function chunkSecretArns(
    secretArns: ReadonlyArray<string>,
    budget = SECRETS_POLICY_CHARACTER_BUDGET,
): string[][] {
    const chunks: string[][] = [];
    let current: string[] = [];
    let size = 0;
    for (const arn of secretArns) {
        const cost = arn.length + 3; // quotes and comma
        if (current.length > 0 && size + cost > budget) {
            chunks.push(current);
            current = [];
            size = 0;
        }
        current.push(arn);
        size += cost;
    }
    if (current.length > 0) chunks.push(current);
    return chunks;
}

/** One policy per chunk: read exactly the configured databases' secrets, nothing else in Secrets Manager. */
export function runnerSecretsPolicies(secretArns: ReadonlyArray<string>): PolicyDocument[] {
    return chunkSecretArns(secretArns).map((arns, i) =>
        policyDocument([
            {
                Sid: `ReadDatabaseSecrets${i}`,
                Effect: "Allow",
                Action: "secretsmanager:GetSecretValue",
                Resource: arns,
            },
        ]),
    );
}

/**
 * Trust for CodeBuild, pinned to our account and project: the confused-deputy
 * guard AWS recommends, so no other account's build can assume the runner role.
 */
export function runnerTrustPolicy(
    partition: string,
    accountId: string,
    region: string,
    projectName: string,
): PolicyDocument {
    return codeBuildTrustPolicy(partition, accountId, region, projectName);
}

/** The scheduler may start builds of the one runner project and do nothing else. */
export function schedulerPolicy(projectArn: string): PolicyDocument {
    return startBuildPolicy(SCHEDULER_POLICY_SID, [projectArn]);
}

/** The Sid of the scheduler's one statement, as deployed. */
export const SCHEDULER_POLICY_SID = "StartRunnerBuilds";
