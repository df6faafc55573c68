import { GetObjectCommand, HeadObjectCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { Readable } from "node:stream";
import {
    explainAccessDenials,
    explainAccessDenied,
    isAccessDenied,
    requiredPermission,
} from "../../runner/access-denied";
import { classifyRefusal } from "../../runner/s3/canary-attempts";

const denied = (message: string, name = "AccessDenied") =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 403 } });

/** An S3 client whose every request is answered by `respond`, as S3's HTTP endpoint would answer it. */
function s3Answering(status: number, body: string): S3Client {
    return new S3Client({
        region: "ap-southeast-4",
        credentials: { accessKeyId: "a", secretAccessKey: "s" },
        endpoint: "http://127.0.0.1:1",
        forcePathStyle: true,
        maxAttempts: 1,
        requestHandler: {
            handle: async () => ({
                response: {
                    statusCode: status,
                    reason: "Forbidden",
                    headers: { "content-type": "application/xml" },
                    body: Readable.from([Buffer.from(body)]),
                },
            }),
        } as never,
    });
}

describe("access denied: the action and the resource a refused request needed", () => {
    it("maps each operation the runner sends to its IAM action, versioned reads to s3:GetObjectVersion", () => {
        const object = { Bucket: "b", Key: "layer3/shop/x.sql.gz" };
        expect(requiredPermission("ListObjectVersionsCommand", { Bucket: "b" })).to.deep.equal({
            action: "s3:ListBucketVersions",
            resource: "arn:aws:s3:::b",
        });
        expect(requiredPermission("GetObject", { ...object, VersionId: "v1" })).to.deep.equal({
            action: "s3:GetObjectVersion",
            resource: "arn:aws:s3:::b/layer3/shop/x.sql.gz",
            kmsAction: "kms:Decrypt",
        });
        expect(requiredPermission("GetObject", object)?.action).to.equal("s3:GetObject");
        expect(requiredPermission("HeadObject", { ...object, VersionId: "v" })?.action).to.equal(
            "s3:GetObjectVersion",
        );
        expect(requiredPermission("DeleteObject", { ...object, VersionId: "v" })?.action).to.equal(
            "s3:DeleteObjectVersion",
        );
        expect(requiredPermission("CreateMultipartUpload", object)).to.include({
            action: "s3:PutObject",
            kmsAction: "kms:GenerateDataKey",
        });
        expect(requiredPermission("GetObjectLockConfiguration", { Bucket: "b" })?.action).to.equal(
            "s3:GetBucketObjectLockConfiguration",
        );
        expect(requiredPermission("GetSecretValue", { SecretId: "arn:s" })).to.include({
            action: "secretsmanager:GetSecretValue",
            resource: "arn:s",
        });
        expect(requiredPermission("SomethingElse", object)).to.equal(undefined);
    });

    it("explains a bare refusal (another account's bucket) with the mapped action, resource and key action", () => {
        const text = explainAccessDenied(denied("Access Denied"), "GetObjectCommand", {
            Bucket: "b",
            Key: "k.sql.gz",
            VersionId: "v1",
        });
        expect(text).to.equal(
            "access denied: GetObject of s3://b/k.sql.gz (version v1) needs `s3:GetObjectVersion` on " +
                "`arn:aws:s3:::b/k.sql.gz` and `kms:Decrypt` on the KMS key it is encrypted with; grant it to " +
                "the caller's role (its IAM policy, and the bucket or key policy too when the resource is in " +
                "another account). AWS said: AccessDenied: Access Denied",
        );
    });

    it("names what AWS names: a key policy refusing kms:Decrypt is a KMS refusal of that key", () => {
        const key = "arn:aws:kms:ap-southeast-4:111111111111:key/abcd";
        const text = explainAccessDenied(
            denied(
                "User: arn:aws:sts::111111111111:assumed-role/restorer/s is not authorized to perform: " +
                    `kms:Decrypt on resource: ${key} because no identity-based policy allows the kms:Decrypt action`,
            ),
            "GetObject",
            { Bucket: "b", Key: "k" },
        );
        expect(text).to.match(
            new RegExp(
                `^access denied: KMS refused \`kms:Decrypt\` on \`${key}\` for GetObject of s3://b/k;`,
            ),
        );
    });

    it("leaves alone what is not a refusal to grant: Object Lock's, other 403s, other errors", () => {
        const lock = denied("Access Denied because object protected by object lock.");
        expect(explainAccessDenied(lock, "DeleteObject", { Bucket: "b", Key: "k", VersionId: "v" })).to.equal(
            undefined,
        );
        expect(
            isAccessDenied(denied("The request signature we calculated...", "SignatureDoesNotMatch")),
        ).to.equal(false);
        expect(isAccessDenied(new Error("socket hang up"))).to.equal(false);
        expect(isAccessDenied(denied("", "Forbidden"))).to.equal(true);
    });

    it("adds no words the canary would read as a policy's refusal", () => {
        const text = explainAccessDenied(denied("Access Denied"), "DeleteObject", {
            Bucket: "b",
            Key: "k",
            VersionId: "v",
        });
        expect(classifyRefusal(denied(text!)).result).to.equal("refused");
    });

    it("rewrites the message of a real SDK error, keeping its name and status (a listing and a HEAD)", async () => {
        const s3 = explainAccessDenials(
            s3Answering(
                403,
                '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
            ),
        );
        const listing = await s3
            .send(new ListObjectVersionsCommand({ Bucket: "b", Prefix: "layer3/" }))
            .catch((e: unknown) => e as Error & { $metadata: { httpStatusCode: number } });
        expect(listing).to.be.instanceOf(Error);
        expect((listing as Error).name).to.equal("AccessDenied");
        expect((listing as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).to.equal(403);
        expect((listing as Error).message).to.contain(
            "ListObjectVersions on s3://b needs `s3:ListBucketVersions` on `arn:aws:s3:::b`",
        );
        const head = await s3
            .send(new HeadObjectCommand({ Bucket: "b", Key: "k", VersionId: "v" }))
            .catch((e: unknown) => e as Error);
        expect((head as Error).message).to.contain("needs `s3:GetObjectVersion` on `arn:aws:s3:::b/k`");
        const plain = s3Answering(
            403,
            "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
        );
        const unexplained = await plain
            .send(new GetObjectCommand({ Bucket: "b", Key: "k" }))
            .catch((e: unknown) => e as Error);
        expect((unexplained as Error).message, "without the middleware S3's words alone").to.equal(
            "Access Denied",
        );
    });
});
