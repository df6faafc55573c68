/**
 * S3 reports SSE-KMS keys as full ARNs on AWS; emulators sometimes echo whatever was sent. Compare the
 * key id (the part after `key/`) and, when both sides are ARNs, the whole ARN so a same-id key in another
 * account or region does not pass.
 */
const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/([A-Za-z0-9-]+)$/;
const KEY_ID = /^(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Why a configured key cannot be used for comparison, or undefined when it is a key id or key ARN. */
export function kmsKeyProblem(key: string): string | undefined {
    if (KEY_ARN.test(key) || KEY_ID.test(key)) return undefined;
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
    const expectedArn = KEY_ARN.exec(expected);
    const actualArn = KEY_ARN.exec(actual);
    if (expectedArn && actualArn) return expected === actual;
    const expectedId = expectedArn ? expectedArn[3] : expected;
    const actualId = actualArn ? actualArn[3] : actual;
    return expectedId.toLowerCase() === actualId.toLowerCase();
}
