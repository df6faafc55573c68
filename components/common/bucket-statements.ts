import type { PolicyStatement } from "./policy-document";

/**
 * Every request to the bucket and its objects must use TLS: the statement each of our buckets' policies
 * starts with (backup bucket, access-log bucket, audit-report bucket).
 */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}
