/**
 * S3 refuses a bucket policy over 20 KB (S3 User Guide, "Bucket policies and user policies": "Bucket
 * policies are limited to 20 KB in size"). Every database a writer backs up adds one resource to the
 * policy, so the number of databases one bucket can serve is bounded; the component measures the policy it
 * would render and refuses, at preview, a config that would only fail at `pulumi up`.
 */
import { PolicyDocument } from "../../common/policy-document";

/** 20 KB, as S3 counts it (bytes of the document as sent; the builders send compact JSON). */
export const BUCKET_POLICY_MAX_BYTES = 20 * 1024;

/** The size S3 measures: the compact JSON `JSON.stringify` gives, in UTF-8 bytes. */
export function policyBytes(doc: PolicyDocument): number {
    return Buffer.byteLength(JSON.stringify(doc), "utf8");
}
