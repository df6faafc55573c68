/**
 * The runner bundle's home in the account whose CodeBuild jobs run it (the source account's dump job,
 * the backup account's audit jobs): a private, versioned, encrypted bucket holding one object, so that
 * every build fetches the exact version that was deployed (each project pins its version ID).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runnerBundleFromBuild } from "./bundle";

/** Key of the runner bundle in the artifact bucket. */
export const RUNNER_BUNDLE_KEY = "runner/strongbox-runner.zip";

export interface RunnerArtifactsArgs {
    /** The bundle; when absent, `<runnerBuildDir>/bundle/` (see bundle.ts). */
    readonly runnerBundle?: pulumi.asset.Archive;
    /** Build directory holding the default bundle. */
    readonly runnerBuildDir: string;
    readonly tags: Record<string, string>;
}

export interface RunnerArtifacts {
    readonly bucket: aws.s3.Bucket;
    readonly bundle: aws.s3.BucketObjectv2;
}

/** Declares `${name}-artifacts` (with its `-public-access`, `-ownership`, `-versioning`, `-encryption`) and `${name}-bundle`. */
export function declareRunnerArtifacts(
    name: string,
    args: RunnerArtifactsArgs,
    parent: pulumi.Resource,
): RunnerArtifacts {
    const { tags } = args;
    const bucket = new aws.s3.Bucket(`${name}-artifacts`, { forceDestroy: true, tags }, { parent });
    new aws.s3.BucketPublicAccessBlock(
        `${name}-artifacts-public-access`,
        {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        { parent },
    );
    new aws.s3.BucketOwnershipControls(
        `${name}-artifacts-ownership`,
        { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        { parent },
    );
    const versioning = new aws.s3.BucketVersioning(
        `${name}-artifacts-versioning`,
        { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
        { parent },
    );
    // SSE-S3: the bundle is code, not data; a CMK would add a key and grants for nothing (and for the
    // dump job the backup CMK lives in another account and region).
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-artifacts-encryption`,
        {
            bucket: bucket.id,
            rules: [
                {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" },
                    bucketKeyEnabled: true,
                },
            ],
        },
        { parent },
    );
    const bundle = new aws.s3.BucketObjectv2(
        `${name}-bundle`,
        {
            bucket: bucket.id,
            key: RUNNER_BUNDLE_KEY,
            source: args.runnerBundle ?? runnerBundleFromBuild(args.runnerBuildDir),
            serverSideEncryption: "AES256",
            tags,
        },
        // Versioning first, so the object has a version ID the job can pin.
        { parent, dependsOn: [versioning, encryption] },
    );
    return { bucket, bundle };
}
