import { expect } from "chai";
import { buildBucketPolicy } from "../../../components/immutable-backup-bucket/bucket-policy";
import { buildBackupKeyPolicy } from "../../../components/immutable-backup-bucket/key-policy";
import * as limits from "../../../shared/limits";
import { installMocks, RecordedResource, settle } from "../../harness/offline-mocks";

// Imported only after the mocks are installed: a Pulumi module loaded earlier would bind to the real
// runtime, and nothing the component declares may reach it.
type BucketModule = typeof import("../../../components/immutable-backup-bucket");

import { ADMIN, BACKUP, BREAK_GLASS, DEPLOYER, EXISTING_KEY, full, SOURCE, WRITER } from "./fixtures";

function named(rs: readonly RecordedResource[], name: string): RecordedResource {
    const r = rs.find((x) => x.name === name);
    if (!r) throw new Error(`no resource named ${name}; recorded: ${rs.map((x) => x.name).join(", ")}`);
    return r;
}

function policyOf(r: RecordedResource): unknown {
    return JSON.parse(r.inputs.policy as string);
}

describe("ImmutableBackupBucket", () => {
    let recorded: RecordedResource[];
    let mod: BucketModule;

    before(async () => {
        recorded = await installMocks();
        mod = await import("../../../components/immutable-backup-bucket");
        new mod.ImmutableBackupBucket("full", full);
        new mod.ImmutableBackupBucket("byok", {
            bucketName: "byok-bucket-name",
            accountId: BACKUP,
            region: "ap-southeast-4",
            writers: [{ roleArn: WRITER, databases: ["appdb"] }],
            sourceAccountIds: [SOURCE],
            deployerRoleArns: [DEPLOYER],
            kmsKeyArn: EXISTING_KEY,
            accessLogs: false,
        });
        new mod.ImmutableBackupBucket("defaults", {
            bucketName: "defaults-bucket-name",
            accountId: BACKUP,
            writers: [{ roleArn: WRITER, databases: ["appdb"] }],
            sourceAccountIds: [SOURCE],
            deployerRoleArns: [DEPLOYER],
            keyAdminRoleArns: [ADMIN],
            breakGlassRoleArn: BREAK_GLASS,
        });
        await settle();
    });

    const of = (prefix: string) =>
        recorded.filter((r) => r.name === prefix || r.name.startsWith(`${prefix}-`));

    describe("the primary bucket", () => {
        it("enables Object Lock at creation and defaults every object to COMPLIANCE for retentionDays", () => {
            expect(named(recorded, "full-bucket").inputs).to.include({
                bucket: "full-bucket-name",
                objectLockEnabled: true,
            });
            const lock = named(recorded, "full-object-lock").inputs;
            expect(lock.rule).to.deep.equal({ defaultRetention: { mode: "COMPLIANCE", days: 40 } });
            expect(lock.bucket).to.equal("full-bucket-name");
        });

        it("has versioning Enabled", () => {
            expect(named(recorded, "full-versioning").inputs.versioningConfiguration).to.deep.equal({
                status: "Enabled",
            });
        });

        it("encrypts with SSE-KMS under the component's own key, with bucket keys", () => {
            const keyArn = named(recorded, "full-key").state.arn;
            expect(keyArn).to.match(/^arn:aws:kms:/);
            expect(named(recorded, "full-encryption").inputs.rules).to.deep.equal([
                {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
                    bucketKeyEnabled: true,
                    blockedEncryptionTypes: ["SSE-C"],
                },
            ]);
        });

        it("blocks every kind of public access and enforces bucket ownership", () => {
            for (const prefix of ["full", "full-replica", "full-access-logs", "byok"]) {
                expect(named(recorded, `${prefix}-public-access-block`).inputs, prefix).to.include({
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                });
                expect(named(recorded, `${prefix}-ownership`).inputs.rule, prefix).to.deep.equal({
                    objectOwnership: "BucketOwnerEnforced",
                });
            }
        });

        it("moves dumps to colder storage, expires noncurrent versions after retention and aborts stale uploads", () => {
            const rules = named(recorded, "full-lifecycle").inputs.rules as Array<Record<string, unknown>>;
            const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
            expect(rules.every((r) => r.status === "Enabled")).to.equal(true);
            expect(byId["transition-to-colder-storage"].transitions).to.deep.equal([
                { days: 45, storageClass: "DEEP_ARCHIVE" },
            ]);
            expect(byId["expire-noncurrent-versions"].noncurrentVersionExpiration).to.deep.equal({
                noncurrentDays: 40,
            });
            expect(byId["abort-incomplete-multipart-uploads"].abortIncompleteMultipartUpload).to.deep.equal({
                daysAfterInitiation: 3,
            });
            expect(byId["expire-current-versions"].expiration).to.deep.equal({ days: 50 });
        });

        it("attaches the bucket-policy builder's document for this bucket, key, writers and replication role", () => {
            const expected = buildBucketPolicy({
                bucketArn: "arn:aws:s3:::full-bucket-name",
                kmsKeyArn: named(recorded, "full-key").state.arn as string,
                writers: [{ roleArn: WRITER, keyPrefix: "dumps", databases: ["appdb", "billing"] }],
                sourceAccountIds: [SOURCE],
                minimumRetentionDays: 32,
                maxRetentionDays: 400,
                deployerRoleArns: [DEPLOYER],
                breakGlassRoleArn: BREAK_GLASS,
                replicationRoleArn: named(recorded, "full-replica-role").state.arn as string,
            });
            const policy = named(recorded, "full-policy");
            expect(policy.inputs.bucket).to.equal("full-bucket-name");
            expect(policyOf(policy)).to.deep.equal(expected);
        });

        it("never sets forceDestroy and tags itself as a backup bucket on top of the caller's tags", () => {
            for (const name of [
                "full-bucket",
                "full-replica-bucket",
                "full-access-logs-bucket",
                "byok-bucket",
            ]) {
                expect(named(recorded, name).inputs, name).to.not.have.property("forceDestroy");
            }
            expect(named(recorded, "full-bucket").inputs.tags).to.deep.equal({
                owner: "platform",
                "strongbox:backup-bucket": "true",
                "strongbox:bucket-role": "primary",
            });
        });
    });

    describe("the key it creates", () => {
        it("rotates, waits the longest deletion window and carries the key-policy builder's document", () => {
            const key = named(recorded, "full-key").inputs;
            expect(key.enableKeyRotation).to.equal(true);
            expect(key.deletionWindowInDays).to.equal(limits.KMS_DELETION_WINDOW_DAYS).and.to.equal(30);
            expect(JSON.parse(key.policy as string)).to.deep.equal(
                buildBackupKeyPolicy({
                    accountId: BACKUP,
                    keyAdminRoleArns: [ADMIN],
                    breakGlassRoleArn: BREAK_GLASS,
                    writerRoleArns: [WRITER],
                    sourceAccountIds: [SOURCE],
                }),
            );
        });

        it("has an alias pointing at it", () => {
            const alias = named(recorded, "full-key-alias").inputs;
            expect(alias.name).to.equal("alias/strongbox-full-bucket-name");
            expect(alias.targetKeyId).to.equal(named(recorded, "full-key").state.keyId);
        });
    });

    describe("the replica", () => {
        it("is a second locked, versioned bucket in the replica region, encrypted with its own key there", () => {
            const replicaKey = named(recorded, "full-replica-key");
            expect(replicaKey.inputs.region).to.equal("ap-southeast-2");
            expect(replicaKey.inputs.enableKeyRotation).to.equal(true);
            expect(replicaKey.state.arn).to.not.equal(named(recorded, "full-key").state.arn);
            expect(named(recorded, "full-replica-bucket").inputs).to.include({
                bucket: "full-bucket-name-replica",
                objectLockEnabled: true,
                region: "ap-southeast-2",
            });
            expect(named(recorded, "full-replica-object-lock").inputs.rule).to.deep.equal({
                defaultRetention: { mode: "COMPLIANCE", days: 40 },
            });
            expect(named(recorded, "full-replica-versioning").inputs.versioningConfiguration).to.deep.equal({
                status: "Enabled",
            });
            expect(named(recorded, "full-replica-encryption").inputs.rules).to.deep.equal([
                {
                    applyServerSideEncryptionByDefault: {
                        sseAlgorithm: "aws:kms",
                        kmsMasterKeyId: replicaKey.state.arn,
                    },
                    bucketKeyEnabled: true,
                    blockedEncryptionTypes: ["SSE-C"],
                },
            ]);
        });

        it("puts every regional replica resource in the replica region", () => {
            const regional = of("full-replica").filter(
                (r) => r.custom && !["aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy"].includes(r.type),
            );
            const sourceSide = regional.filter(
                (r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
            );
            const replicaSide = regional.filter((r) => !sourceSide.includes(r));
            expect(replicaSide.length).to.be.greaterThan(8);
            for (const r of replicaSide) expect(r.inputs.region, r.name).to.equal("ap-southeast-2");
            // The replication rule is configured on the source bucket, so it lives in the source region.
            expect(sourceSide).to.have.length(1);
            expect(sourceSide[0].inputs.region).to.equal(undefined);
        });

        it("replicates SSE-KMS objects into the replica, re-encrypted with the replica key, with a role", () => {
            const replication = named(recorded, "full-replica-replication").inputs;
            expect(replication.bucket).to.equal("full-bucket-name");
            expect(replication.role).to.equal(named(recorded, "full-replica-role").state.arn);
            const rules = replication.rules as Array<Record<string, unknown>>;
            expect(rules).to.have.length(1);
            expect(rules[0]).to.deep.include({
                status: "Enabled",
                sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                deleteMarkerReplication: { status: "Disabled" },
                destination: {
                    bucket: "arn:aws:s3:::full-bucket-name-replica",
                    encryptionConfiguration: {
                        replicaKmsKeyId: named(recorded, "full-replica-key").state.arn,
                    },
                },
            });
        });

        it("lets the role read lock settings and use each key only through S3", () => {
            const trust = JSON.parse(named(recorded, "full-replica-role").inputs.assumeRolePolicy as string);
            expect(trust.Statement[0].Principal).to.deep.equal({ Service: "s3.amazonaws.com" });
            const policy = policyOf(named(recorded, "full-replica-role-policy")) as {
                Statement: Array<{ Action: string | string[]; Resource: string; Condition?: unknown }>;
            };
            const actions = policy.Statement.flatMap((s) => s.Action);
            expect(actions).to.include.members([
                "s3:GetObjectRetention",
                "s3:GetObjectLegalHold",
                "s3:ReplicateObject",
            ]);
            expect(actions).to.not.include("s3:ReplicateDelete");
            const decrypt = policy.Statement.find((s) => s.Action === "kms:Decrypt")!;
            expect(decrypt.Resource).to.equal(named(recorded, "full-key").state.arn);
            expect(decrypt.Condition).to.deep.equal({
                StringEquals: { "kms:ViaService": "s3.ap-southeast-4.amazonaws.com" },
            });
        });

        it("has the same builder's policy with no writers, so only replication fills it", () => {
            expect(policyOf(named(recorded, "full-replica-policy"))).to.deep.equal(
                buildBucketPolicy({
                    bucketArn: "arn:aws:s3:::full-bucket-name-replica",
                    kmsKeyArn: named(recorded, "full-replica-key").state.arn as string,
                    writers: [],
                    sourceAccountIds: [],
                    minimumRetentionDays: 32,
                    maxRetentionDays: 400,
                    deployerRoleArns: [DEPLOYER],
                    breakGlassRoleArn: BREAK_GLASS,
                    replicaOf: {
                        replicationRoleArn: named(recorded, "full-replica-role").state.arn as string,
                    },
                }),
            );
        });

        it("denies s3:Replicate* to all but its replication role, named by ARN in a condition", () => {
            const roleArn = named(recorded, "full-replica-role").state.arn as string;
            const sid = "DenyReplicationExceptReplicationRole";
            type Doc = { Statement: Array<{ Sid: string } & Record<string, unknown>> };
            const guard = (policyOf(named(recorded, "full-replica-policy")) as Doc).Statement.find(
                (s) => s.Sid === sid,
            );
            expect(guard, sid).to.deep.equal({
                Sid: sid,
                Effect: "Deny",
                Principal: "*",
                Action: [
                    "s3:ReplicateObject",
                    "s3:ReplicateDelete",
                    "s3:ReplicateTags",
                    "s3:ObjectOwnerOverrideToBucketOwner",
                ],
                Resource: "arn:aws:s3:::full-bucket-name-replica/*",
                Condition: { ArnNotEquals: { "aws:PrincipalArn": roleArn } },
            });
            expect(roleArn).to.match(new RegExp(`^arn:aws:iam::${BACKUP}:role/`));
            // The source bucket is not a replication destination: its policy is unchanged.
            for (const primary of ["full-policy", "byok-policy", "defaults-policy"]) {
                const sids = (policyOf(named(recorded, primary)) as Doc).Statement.map((s) => s.Sid);
                expect(sids, primary).to.not.include(sid);
            }
        });

        it("is absent when not asked for, and so is the access-log bucket", () => {
            const types = of("byok").map((r) => r.type);
            expect(types.filter((t) => t === "aws:s3/bucket:Bucket")).to.have.length(1);
            expect(types).to.not.include("aws:s3/bucketReplicationConfig:BucketReplicationConfig");
            expect(types).to.not.include("aws:iam/role:Role");
            expect(types).to.not.include("aws:s3/bucketLogging:BucketLogging");
            expect(types).to.not.include("strongbox:storage:ReplicaBucket");
            const sids = (
                policyOf(named(recorded, "byok-policy")) as { Statement: Array<{ Sid: string }> }
            ).Statement.map((s) => s.Sid);
            expect(sids).to.include("DenyInsecureTransport").and.to.not.include("AllowReplicationRoleRead");
        });
    });

    describe("with an existing key (brought by the caller)", () => {
        it("creates no key and encrypts and writes its policy with the given ARN", () => {
            expect(of("byok").map((r) => r.type)).to.not.include("aws:kms/key:Key");
            const rule = (
                named(recorded, "byok-encryption").inputs.rules as Array<Record<string, unknown>>
            )[0];
            expect(rule.applyServerSideEncryptionByDefault).to.deep.equal({
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: EXISTING_KEY,
            });
            const statements = (
                policyOf(named(recorded, "byok-policy")) as {
                    Statement: Array<{ Sid: string; Condition?: unknown }>;
                }
            ).Statement;
            expect(statements.find((s) => s.Sid === "DenyOtherKmsKey")!.Condition).to.deep.include({
                StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": EXISTING_KEY },
            });
        });
    });

    describe("defaults", () => {
        it("are 35 days COMPLIANCE, GLACIER_IR after 30 days, abort after 7, prefix layer3, logs on", () => {
            expect(named(recorded, "defaults-object-lock").inputs.rule).to.deep.equal({
                defaultRetention: { mode: "COMPLIANCE", days: 35 },
            });
            const rules = named(recorded, "defaults-lifecycle").inputs.rules as Array<
                Record<string, unknown>
            >;
            expect(
                rules.map(
                    (r) =>
                        r.transitions ??
                        r.noncurrentVersionExpiration ??
                        r.abortIncompleteMultipartUpload ??
                        r.expiration,
                ),
            ).to.deep.equal([
                [{ days: 30, storageClass: "GLACIER_IR" }],
                { noncurrentDays: 35 },
                { daysAfterInitiation: 7 },
                // Current versions expire a week after the 35-day lock.
                { days: 42 },
            ]);
            const statements = (
                policyOf(named(recorded, "defaults-policy")) as {
                    Statement: Array<{ Sid: string; Resource?: unknown }>;
                }
            ).Statement;
            expect(statements.find((s) => s.Sid === "AllowWriterDatabases0")!.Resource).to.deep.equal([
                "arn:aws:s3:::defaults-bucket-name/layer3/appdb/*",
            ]);
            expect(named(recorded, "defaults-access-logs-bucket").inputs.bucket).to.equal(
                "defaults-bucket-name-access-logs",
            );
            expect(of("defaults").map((r) => r.type)).to.not.include("strongbox:storage:ReplicaBucket");
        });

        it("default the lock-header minimum to the 30-day floor, below the 35-day default retention", () => {
            // S3 measures remaining retention when a request arrives, after the runner picked its
            // retain-until date; a minimum equal to the default retention would deny the runner.
            const statements = (
                policyOf(named(recorded, "defaults-policy")) as {
                    Statement: Array<{ Sid: string; Condition?: Record<string, Record<string, unknown>> }>;
                }
            ).Statement;
            const below = statements.find((s) => s.Sid === "DenyRetentionBelowMinimum")!;
            expect(JSON.stringify(below.Condition)).to.contain(
                `"s3:object-lock-remaining-retention-days":"${limits.MIN_RETENTION_DAYS}"`,
            );
        });
    });

    describe("the access-log bucket", () => {
        it("is SSE-S3 encrypted, versioned, expires logs, and receives the primary bucket's logs", () => {
            expect(named(recorded, "full-access-logs-bucket").inputs.tags).to.deep.include({
                "strongbox:backup-bucket": "false",
            });
            expect(named(recorded, "full-access-logs-encryption").inputs.rules).to.deep.equal([
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ]);
            expect(
                named(recorded, "full-access-logs-versioning").inputs.versioningConfiguration,
            ).to.deep.equal({ status: "Enabled" });
            const rule = (
                named(recorded, "full-access-logs-lifecycle").inputs.rules as Array<Record<string, unknown>>
            )[0];
            expect(rule.expiration).to.deep.equal({ days: 90 });
            expect(rule.abortIncompleteMultipartUpload).to.deep.equal({ daysAfterInitiation: 3 });
            const logging = named(recorded, "full-access-logs-logging").inputs;
            expect(logging).to.include({
                bucket: "full-bucket-name",
                targetBucket: "full-bucket-name-access-logs",
            });
        });

        it("lets only S3 log delivery for the primary bucket write to it", () => {
            const statements = (
                policyOf(named(recorded, "full-access-logs-policy")) as {
                    Statement: Array<{ Sid: string; Principal?: unknown; Condition?: unknown }>;
                }
            ).Statement;
            const allow = statements.find((s) => s.Sid === "AllowS3ServerAccessLogDelivery")!;
            expect(allow.Principal).to.deep.equal({ Service: "logging.s3.amazonaws.com" });
            expect(allow.Condition).to.deep.equal({
                ArnLike: { "aws:SourceArn": "arn:aws:s3:::full-bucket-name" },
                StringEquals: { "aws:SourceAccount": BACKUP },
            });
        });
    });

    describe("resource tree", () => {
        it("parents every child under the component (replica and logs through their own sub-components)", () => {
            for (const prefix of ["full", "byok", "defaults"]) {
                const all = of(prefix);
                const root = all.find(
                    (r) => r.type === "strongbox:storage:ImmutableBackupBucket" && r.name === prefix,
                )!;
                expect(root, prefix).to.not.equal(undefined);
                const subs = all.filter(
                    (r) =>
                        r.type === "strongbox:storage:ReplicaBucket" ||
                        r.type === "strongbox:storage:AccessLogBucket",
                );
                for (const sub of subs) expect(sub.parentUrn, sub.name).to.equal(root.urn);
                const allowedParents = [root.urn, ...subs.map((s) => s.urn)];
                for (const r of all.filter((x) => x !== root)) {
                    expect(allowedParents, `${r.name}'s parent`).to.include(r.parentUrn);
                    const sub = subs.find((s) => s.urn === r.parentUrn);
                    if (sub) expect(r.name.startsWith(`${sub.name}-`), r.name).to.equal(true);
                }
            }
            expect(of("full").filter((r) => r.custom).length).to.be.greaterThan(25);
        });

        it("names children `<name>-<role>`", () => {
            expect(of("full").map((r) => r.name)).to.include.members([
                "full-key",
                "full-key-alias",
                "full-bucket",
                "full-versioning",
                "full-object-lock",
                "full-encryption",
                "full-public-access-block",
                "full-ownership",
                "full-lifecycle",
                "full-policy",
                "full-replica",
                "full-replica-role",
                "full-replica-replication",
                "full-access-logs",
                "full-access-logs-logging",
            ]);
        });
    });

    describe("validation", () => {
        it("throws from the constructor before declaring anything", async () => {
            expect(() => new mod.ImmutableBackupBucket("invalid", { ...full, retentionDays: 7 })).to.throw(
                "`retentionDays` must be at least 30 (COMPLIANCE retention floor) (got 7)",
            );
            await settle();
            expect(of("invalid")).to.deep.equal([]);
        });
    });
});
