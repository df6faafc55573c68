/**
 * Both sides of a cross-boundary request: the role's own identity policy (as the stacks render it) and the
 * resource's policy. S3 and KMS allow a request only if both do (the resource policy's explicit deny
 * always wins); `authorize` is told what the identity policy decided instead of assuming it allows.
 */
import { expect } from "chai";
import { PolicyDocument } from "../../components/common/policy-document";
import { authorize, Decision, IamRequest } from "../iam-eval/evaluate";
import * as f from "./fixtures";
import { renderedPolicies } from "./rendered";
import { evaluateIdentity, IdentityName, renderedIdentityPolicies } from "./identity";

interface IdentityRow {
    readonly identity: IdentityName;
    readonly resourcePolicy: f.PolicyName;
    readonly request: IamRequest;
    readonly expected: Decision;
    readonly reason: string;
}

const { request: r } = f;
const rows: IdentityRow[] = [
    {
        identity: "replicationRole",
        resourcePolicy: "replicaKey",
        request: r(f.REPLICATION_ROLE, "kms:Decrypt", f.REPLICA_KEY_ARN, f.viaS3InReplicaRegion),
        expected: "Allow",
        reason: "S3 checks the replica's bucket key with kms:Decrypt (S3 'Bucket Keys and replication')",
    },
    {
        identity: "replicationRole",
        resourcePolicy: "replicaKey",
        request: r(f.REPLICATION_ROLE, "kms:Decrypt", f.REPLICA_KEY_ARN),
        expected: "ImplicitDeny",
        reason: "but only through S3: the role cannot decrypt replicas by calling KMS itself",
    },
    {
        identity: "replicationRole",
        resourcePolicy: "replicaKey",
        request: r(f.REPLICATION_ROLE, "kms:Encrypt", f.REPLICA_KEY_ARN, f.viaS3InReplicaRegion),
        expected: "Allow",
        reason: "it encrypts replicas with the replica key",
    },
    {
        identity: "replicationRole",
        resourcePolicy: "bucketKey",
        request: r(f.REPLICATION_ROLE, "kms:Decrypt", f.KEY_ARN, f.viaS3),
        expected: "Allow",
        reason: "and decrypts the source objects through S3 in the source region",
    },
    {
        identity: "runnerRole",
        resourcePolicy: "bucket",
        request: r(f.WRITER, "s3:PutObject", f.DUMP_KEY, f.s3Put("CompleteMultipartUpload")),
        expected: "Allow",
        reason: "the runner completes a dump of its own database: its IAM and the bucket policy both allow",
    },
    {
        identity: "runnerRole",
        resourcePolicy: "bucket",
        request: r(f.WRITER, "s3:GetObject", f.dumpKeyOf(f.PREFIX, f.OTHER_DATABASE)),
        expected: "ImplicitDeny",
        reason: "a database it does not back up: neither side allows it",
    },
    {
        identity: "runnerRole",
        resourcePolicy: "bucket",
        request: r(f.WRITER, "s3:GetBucketObjectLockConfiguration", f.BUCKET_ARN),
        expected: "Allow",
        reason: "its preflight reads the bucket's default retention on AWS, not only on the emulator",
    },
    {
        identity: "runnerRole",
        resourcePolicy: "bucket",
        request: r(f.WRITER, "s3:PutObjectRetention", f.DUMP_KEY, f.lockHeaders()),
        expected: "ExplicitDeny",
        reason: "no retention changes from the runner (its IAM does not grant them either)",
    },
    {
        identity: "runnerRole",
        resourcePolicy: "bucket",
        request: r(f.WRITER, "s3:DeleteObject", f.DUMP_KEY),
        expected: "ExplicitDeny",
        reason: "no deletion: the runner never deletes",
    },
    {
        identity: "auditorRole",
        resourcePolicy: "bucket",
        request: r(f.AUDITOR, "s3:GetObjectVersion", f.DUMP_KEY),
        expected: "Allow",
        reason: "the auditor reads a dump by version: its IAM allows, the bucket policy does not deny",
    },
    {
        identity: "auditorRole",
        resourcePolicy: "bucket",
        request: r(f.AUDITOR, "s3:PutObject", f.RECEIPT_KEY, f.s3Put("PutObject")),
        expected: "Allow",
        reason: "and writes a receipt",
    },
    {
        identity: "auditorRole",
        resourcePolicy: "bucket",
        request: r(f.AUDITOR, "s3:PutObject", f.DUMP_KEY, f.s3Put("PutObject")),
        expected: "ExplicitDeny",
        reason: "but no dump: neither its IAM nor the bucket policy allows it",
    },
    {
        identity: "auditorRole",
        resourcePolicy: "bucket",
        request: r(f.AUDITOR, "s3:PutObjectRetention", f.RECEIPT_KEY, f.lockHeaders(f.RECEIPT_DAYS)),
        expected: "Allow",
        reason: "with its own COMPLIANCE lock: an upload with lock headers needs s3:PutObjectRetention, granted on receipts",
    },
    {
        identity: "auditorRole",
        resourcePolicy: "bucket",
        request: r(f.AUDITOR, "s3:PutObjectRetention", f.DUMP_KEY, f.lockHeaders(f.RECEIPT_DAYS)),
        expected: "ExplicitDeny",
        reason: "and no other object's lock: neither its IAM nor the bucket policy allows it",
    },
    {
        identity: "canaryRole",
        resourcePolicy: "bucket",
        request: r(f.CANARY, "s3:PutObjectRetention", f.RECEIPT_KEY, f.lockHeaders(f.RECEIPT_DAYS)),
        expected: "ExplicitDeny",
        reason: "the canary's grant stays on its own prefix: it locks no receipt",
    },
    {
        identity: "auditorRole",
        resourcePolicy: "bucketKey",
        request: r(f.AUDITOR, "kms:Decrypt", f.KEY_ARN, f.viaS3),
        expected: "Allow",
        reason: "S3 decrypts the dumps it reads, through the key's root delegation and its IAM",
    },
    {
        identity: "auditorRole",
        resourcePolicy: "bucketKey",
        request: r(f.AUDITOR, "kms:Decrypt", f.KEY_ARN),
        expected: "ImplicitDeny",
        reason: "never by calling KMS itself",
    },
    {
        identity: "canaryRole",
        resourcePolicy: "bucket",
        request: r(f.CANARY, "s3:DeleteObjectVersion", f.CANARY_KEY),
        expected: "Allow",
        reason: "the canary's attempt on its own object reaches S3: only Object Lock can refuse it",
    },
    {
        identity: "canaryRole",
        resourcePolicy: "bucket",
        request: r(f.CANARY, "s3:DeleteObjectVersion", f.DUMP_KEY),
        expected: "ExplicitDeny",
        reason: "on a dump, both its IAM and the bucket policy refuse",
    },
];

describe("policy meaning: identity and resource policy together", () => {
    let identities: Record<IdentityName, PolicyDocument[]>;
    let resources: Record<f.PolicyName, PolicyDocument>;
    before(async () => {
        identities = await renderedIdentityPolicies();
        resources = await renderedPolicies();
    });

    it("the runner's identity policies grant no S3 object action outside its databases' prefixes", () => {
        const objectResources = identities.runnerRole
            .flatMap((d) => d.Statement)
            .filter((s) => [s.Action].flat().some((a) => String(a).startsWith("s3:PutObject")))
            .flatMap((s) => [s.Resource].flat());
        expect(objectResources.length).to.be.greaterThan(0);
        for (const res of objectResources)
            expect(res).to.match(new RegExp(`^${f.BUCKET_ARN}/${f.PREFIX}/[a-z][a-z0-9_-]*/\\*$`));
    });

    for (const row of rows) {
        it(`${row.identity} + ${row.resourcePolicy}: ${row.request.action} -> ${row.expected} (${row.reason})`, () => {
            const identity = evaluateIdentity(identities[row.identity], row.request);
            const decision =
                identity.decision === "ExplicitDeny"
                    ? "ExplicitDeny"
                    : authorize(resources[row.resourcePolicy], row.request, {
                          resourceAccount: f.BACKUP,
                          keyPolicy: row.resourcePolicy.endsWith("Key"),
                          identityAllows: identity.decision === "Allow",
                      }).decision;
            expect(decision, JSON.stringify(identity)).to.equal(row.expected);
        });
    }
});
