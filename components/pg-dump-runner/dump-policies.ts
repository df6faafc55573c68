/**
 * What the runner may do to the backup bucket's objects: only `<prefix>/<database>/*` of its own databases,
 * the same confinement the backup bucket's policy applies (both must allow a cross-account write). One
 * resource per database outgrows a role's 10,240 characters of inline policy, so these are managed policies,
 * chunked like the secrets policies. The bucket ARN and prefix come from the backup stack and are unknown
 * when the resources are declared, so the chunks are cut with the longest values they could have: how many
 * policies there are depends only on the database names.
 */
import { PolicyDocument, policyDocument } from "../common/policy-document";
import { SECRETS_POLICY_CHARACTER_BUDGET } from "./iam";
import { WRITER_OBJECT_ACTIONS } from "../common/writer-actions";

/** The runner's calls on objects under its databases (the same list the bucket policy grants it). */
export const RUNNER_S3_ACTIONS = WRITER_OBJECT_ACTIONS;

/** S3 bucket names have at most 63 characters. */
export const LONGEST_BUCKET_NAME = 63;
/** `KEY_PREFIX` (shared/object-key.ts) allows at most 63 characters; a test holds the two together. */
export const LONGEST_KEY_PREFIX = 63;

/** `arn:<partition>:s3:::<bucket>/<prefix>/<database>/*`. */
export function databaseObjectsArn(bucketArn: string, keyPrefix: string, database: string): string {
    return `${bucketArn}/${keyPrefix}/${database}/*`;
}

/** Characters one database adds to a policy at worst: its resource ARN with the longest bucket and prefix, quoted. */
function worstCaseCost(partition: string, database: string): number {
    const arn = databaseObjectsArn(
        `arn:${partition}:s3:::${"b".repeat(LONGEST_BUCKET_NAME)}`,
        "p".repeat(LONGEST_KEY_PREFIX),
        database,
    );
    return arn.length + 3; // quotes and comma
}

/** The databases grouped so that each group's policy fits IAM's managed-policy limit whatever the bucket and prefix. */
export function chunkDatabases(
    partition: string,
    databases: ReadonlyArray<string>,
    budget = SECRETS_POLICY_CHARACTER_BUDGET,
): string[][] {
    const chunks: string[][] = [];
    let current: string[] = [];
    let size = 0;
    for (const db of databases) {
        const cost = worstCaseCost(partition, db);
        if (current.length > 0 && size + cost > budget) {
            chunks.push(current);
            current = [];
            size = 0;
        }
        current.push(db);
        size += cost;
    }
    if (current.length > 0) chunks.push(current);
    return chunks;
}

/** One policy per chunk of `chunkDatabases`: write and read back dumps of exactly those databases. */
export function runnerDumpPolicy(
    bucketArn: string,
    keyPrefix: string,
    databases: ReadonlyArray<string>,
    index: number,
): PolicyDocument {
    return policyDocument([
        {
            Sid: `WriteAndReadBackOwnDumps${index}`,
            Effect: "Allow",
            Action: [...RUNNER_S3_ACTIONS],
            Resource: databases.map((db) => databaseObjectsArn(bucketArn, keyPrefix, db)),
        },
    ]);
}
