import { KMS_KEY_ID, parseKmsKeyArn } from "../../shared/aws-identifiers";

/**
 * S3 reports SSE-KMS keys as full ARNs on AWS; emulators sometimes echo whatever was sent. Compare the
 * key id (the part after `key/`) and, when both sides are ARNs, the whole ARN so a same-id key in another
 * account or region does not pass. The shapes of key ids and key ARNs are the stack config's own
 * (shared/aws-identifiers.ts), so a key the stack accepts is never refused here, nor the other way round.
 */

/** Why a configured key cannot be used for comparison, or undefined when it is a key id or key ARN. */
export function kmsKeyProblem(key: string): string | undefined {
    if (parseKmsKeyArn(key) !== undefined || KMS_KEY_ID.test(key)) return undefined;
    if (key.startsWith("alias/") || key.includes(":alias/")) {
        return (
            "is an alias; give the key ARN or key id instead, because S3 reports the key ARN and an alias " +
            "cannot be checked against it without kms:DescribeKey"
        );
    }
    return "is neither a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) nor a key id";
}

export function kmsKeysMatch(expected: string, actual: string | undefined): boolean {
    if (actual === undefined || actual === "") return false;
    const expectedArn = parseKmsKeyArn(expected);
    const actualArn = parseKmsKeyArn(actual);
    if (expectedArn && actualArn) return expected === actual;
    const expectedId = expectedArn ? expectedArn.keyId : expected;
    const actualId = actualArn ? actualArn.keyId : actual;
    return expectedId.toLowerCase() === actualId.toLowerCase();
}
