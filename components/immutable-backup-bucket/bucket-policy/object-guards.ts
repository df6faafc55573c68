/**
 * The statements that bind every principal's requests on the bucket's objects, writers included: TLS,
 * encryption, lock headers, conditional writes and deletion.
 *
 * The hard constraint is multipart upload. CreateMultipartUpload, UploadPart and
 * CompleteMultipartUpload are all authorized as `s3:PutObject`, but only the first carries the
 * SSE and Object Lock headers. A deny on a *missing* header (`Null: true`, or a bare
 * `StringNotEquals`, which is true when the key is absent) therefore denies every UploadPart.
 * So every header check here fires only when the header is present (`Null: false` ANDed with the
 * comparison), and requests without headers are covered by the bucket's defaults instead:
 * default encryption SSE-KMS with this CMK and default retention COMPLIANCE (ImmutableBackupBucket).
 * The one deliberate exception is `If-None-Match`, whose absence is denied only where S3 says an object
 * is being created (`s3:ObjectCreationOperation`), which exempts the multipart steps that cannot carry it.
 */
import { ConditionBlock, PolicyStatement } from "../../common/policy-document";
import { denyInsecureTransport } from "../../common/bucket-statements";

/** What the guards need to know about the bucket. */
export interface ObjectGuardArgs {
    readonly bucketArn: string;
    readonly kmsKeyArn: string;
    readonly minimumRetentionDays: number;
    readonly maxRetentionDays: number;
    /** The bucket is a replication destination: the lock statements bind `s3:ReplicateObject` too. */
    readonly replicationDestination: boolean;
    /**
     * The BackupAuditor's immutability canary (`audit.ts`), when there is one: exempt from the two denies that
     * would refuse its attempts before Object Lock could (`DenyRetentionBelowMinimum`, `DenyObjectDeletion` for
     * versions); its own denies confine it to its prefix. Default: none, and the statements are as before.
     */
    readonly canaryRoleArn?: string;
}

/** The condition that exempts the canary from a deny (nothing when there is no canary). */
function exceptCanary(a: Pick<ObjectGuardArgs, "canaryRoleArn">): ConditionBlock {
    return a.canaryRoleArn === undefined ? {} : { ArnNotEquals: { "aws:PrincipalArn": a.canaryRoleArn } };
}

const present = (key: string): ConditionBlock[string] => ({ [key]: "false" });

/** TLS, then which encryption a write may ask for. */
export function encryptionGuards(a: ObjectGuardArgs): PolicyStatement[] {
    const objects = `${a.bucketArn}/*`;
    return [
        denyInsecureTransport(a.bucketArn),
        {
            // A present header other than aws:kms (AES256, aws:kms:dsse). No header: default SSE-KMS applies.
            Sid: "DenyNonKmsEncryptionHeader",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objects,
            Condition: {
                Null: present("s3:x-amz-server-side-encryption"),
                StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
            },
        },
        {
            // S3 compares the key ARN: a client naming the key by ID or alias is refused here,
            // so it must send the ARN.
            Sid: "DenyOtherKmsKey",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objects,
            Condition: {
                Null: present("s3:x-amz-server-side-encryption-aws-kms-key-id"),
                StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": a.kmsKeyArn },
            },
        },
        {
            // "aws:kms" without a key ID makes S3 use the AWS managed key aws/s3, not our CMK.
            Sid: "DenyKmsHeaderWithoutKeyId",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objects,
            Condition: {
                Null: {
                    "s3:x-amz-server-side-encryption": "false",
                    "s3:x-amz-server-side-encryption-aws-kms-key-id": "true",
                },
            },
        },
        {
            // SSE-C requests carry no x-amz-server-side-encryption header, so every deny above skips them, and a
            // dump encrypted with a key only the writer holds is a dump nobody else can restore. The condition
            // key is the one AWS's own "deny SSE-C uploads" policy example uses; the bucket's encryption
            // configuration also blocks SSE-C (blockedEncryptionTypes), this holds if that setting is changed.
            Sid: "DenySseCustomerKeys",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objects,
            Condition: { Null: present("s3:x-amz-server-side-encryption-customer-algorithm") },
        },
    ];
}

/**
 * Lock headers. Writers send none (the lock comes from the bucket's default COMPLIANCE retention), and S3
 * refuses an upload that carries them to anyone without s3:PutObjectRetention (S3 User Guide, "Locking
 * objects with Object Lock", default retention settings: deny the permission to configure retention and
 * "Amazon S3 ... rejects any request to put an object that includes a retention mode and setting"), which
 * only the BackupAuditor's roles hold, under their own prefixes (audit.ts). These denies bind them too, whoever
 * might hold it after a later change, and replication.
 */
export function lockGuards(a: ObjectGuardArgs): PolicyStatement[] {
    const objects = `${a.bucketArn}/*`;
    const actions = [
        "s3:PutObject",
        "s3:PutObjectRetention",
        // Replication copies each version's lock to the replica; only a statement naming it binds it.
        ...(a.replicationDestination ? ["s3:ReplicateObject"] : []),
    ];
    return [
        {
            // GOVERNANCE yields to anyone holding s3:BypassGovernanceRetention; only COMPLIANCE is immutable.
            Sid: "DenyNonComplianceLockMode",
            Effect: "Deny",
            Principal: "*",
            Action: actions,
            Resource: objects,
            Condition: {
                Null: present("s3:object-lock-mode"),
                StringNotEquals: { "s3:object-lock-mode": "COMPLIANCE" },
            },
        },
        {
            // NumericLessThan is false when the key is absent, so header-less UploadParts pass.
            Sid: "DenyRetentionBelowMinimum",
            Effect: "Deny",
            Principal: "*",
            Action: actions,
            Resource: objects,
            Condition: {
                NumericLessThan: {
                    "s3:object-lock-remaining-retention-days": String(a.minimumRetentionDays),
                },
                // The canary asks for less on purpose, on its own objects: COMPLIANCE must be what refuses it.
                ...exceptCanary(a),
            },
        },
        {
            // Denial of wallet: COMPLIANCE retention can be extended but never shortened, so a far retain-until
            // date is billed for years. S3 measures the days *remaining* when each request arrives, so this caps
            // one request, not the total: repeated PutObjectRetention calls could push retain-until out for
            // ever. That is why writers are denied s3:PutObjectRetention (DenyRetentionChangesByWriters) and everyone
            // else but the BackupAuditor's roles (DenyWritesExceptWriterRoles); those hold it under their own
            // prefixes only, on objects of a few kilobytes (audit.ts).
            Sid: "DenyRetentionBeyondMaximum",
            Effect: "Deny",
            Principal: "*",
            Action: actions,
            Resource: objects,
            Condition: {
                NumericGreaterThan: { "s3:object-lock-remaining-retention-days": String(a.maxRetentionDays) },
            },
        },
    ];
}

/** No overwrites, no deletions: a dump, once written, is the only version under its key. */
export function immutabilityGuards(
    a: Pick<ObjectGuardArgs, "bucketArn" | "canaryRoleArn">,
): PolicyStatement[] {
    const objects = `${a.bucketArn}/*`;
    return [
        {
            // A second version under a dump's or manifest's key is a forgery the read side would have to catch;
            // refuse it here. S3 User Guide, "Enforce conditional writes on Amazon S3 buckets": PutObject and
            // CompleteMultipartUpload must carry If-None-Match; `s3:ObjectCreationOperation` is false for
            // CreateMultipartUpload, UploadPart and UploadPartCopy, which cannot carry it. StringNotEquals is true
            // when the header is absent, and also refuses a value other than "*" (If-None-Match: <etag>).
            // CopyObject into the bucket is refused too, as that guide warns; nothing copies dumps in.
            Sid: "DenyObjectCreationWithoutIfNoneMatch",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objects,
            Condition: {
                Bool: { "s3:ObjectCreationOperation": "true" },
                StringNotEquals: { "s3:if-none-match": "*" },
            },
        },
        {
            // Belt and braces: COMPLIANCE already refuses deleting a locked version, even to root. This also
            // stops delete markers that would hide the newest dump from `verify`. Lifecycle expiry is not subject
            // to the bucket policy, so cleanup after retention still works.
            // The canary, exempt here, may delete versions under its own prefix only (audit.ts).
            Sid: "DenyObjectDeletion",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention"],
            Resource: objects,
            ...(a.canaryRoleArn === undefined ? {} : { Condition: exceptCanary(a) }),
        },
    ];
}
