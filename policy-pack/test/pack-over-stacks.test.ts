/**
 * The whole pack over what both real stacks declare, previewed offline under
 * mocks (scripts/preview-offline.ts): no mandatory violation as written, and
 * each of a table of mutations, applied to the recorded resources, caught by
 * the policy that owns the rule (and only by it).
 */
import { expect } from "chai";
import { T } from "../lib/types";
import { allPolicies } from "../policies";
import type { RecordedResource } from "../../test/harness/offline-mocks";
import { runStackOffline } from "../../scripts/preview-offline";
import { backupStack, sourceStack } from "./fixtures";
import { policyResources, Report, runPack } from "./helpers";
import { AdapterOptions, toPolicyResources } from "./offline-adapter";

type StackName = "prod-backup" | "prod-source";
type Props = Record<string, unknown>;
type Doc = { Statement: Props[] };

/** A deep copy of a stack's records that mutations edit in both views: inputs (resource policies) and state (stack policies). */
class Records {
    constructor(public records: RecordedResource[]) {}

    edit(
        type: string,
        fn: (props: Props, r: RecordedResource) => void,
        only?: (r: RecordedResource) => boolean,
    ): this {
        const targets = this.records.filter((r) => r.type === type && (only?.(r) ?? true));
        if (targets.length === 0) throw new Error(`mutation found no ${type}`);
        for (const r of targets) {
            fn(r.inputs, r);
            fn(r.state, r);
        }
        return this;
    }

    editPolicy(type: string, fn: (doc: Doc) => void, only?: (r: RecordedResource) => boolean): this {
        return this.edit(
            type,
            (props) => {
                const doc = JSON.parse(props.policy as string) as Doc;
                fn(doc);
                props.policy = JSON.stringify(doc);
            },
            only,
        );
    }

    remove(type: string, only?: (r: RecordedResource) => boolean): this {
        const before = this.records.length;
        this.records = this.records.filter((r) => !(r.type === type && (only?.(r) ?? true)));
        if (this.records.length === before) throw new Error(`mutation removed no ${type}`);
        return this;
    }

    add(record: RecordedResource): this {
        this.records.push(record);
        return this;
    }
}

const isPrimary = (r: RecordedResource) => !r.name.includes("replica") && !r.name.includes("access-logs");
const isBackupBucket = (r: RecordedResource) =>
    (r.inputs.tags as Props | undefined)?.["strongbox:backup-bucket"] === "true";
const sseDefault = (props: Props) => (props.rules as Props[])[0].applyServerSideEncryptionByDefault as Props;
const retention = (props: Props) => (props.rule as Props).defaultRetention as Props;
const OTHER_KEY = "arn:aws:kms:ap-southeast-4:999999999999:key/ffffffff-0000-4000-8000-000000000000";

interface Mutation {
    readonly title: string;
    readonly stack: StackName;
    readonly apply: (s: Records) => unknown;
    /** The policies that must report it (mandatory), and nothing else. */
    readonly policies: readonly string[];
    /** A fragment of the expected message. */
    readonly says: string;
}

const MUTATIONS: readonly Mutation[] = [
    {
        title: "Object Lock in GOVERNANCE mode",
        stack: "prod-backup",
        apply: (s) => s.edit(T.objectLock, (p) => (retention(p).mode = "GOVERNANCE")),
        policies: ["backup-bucket-object-lock"],
        says: 'must be in COMPLIANCE mode (got "GOVERNANCE")',
    },
    {
        title: "Object Lock retention below the minimum",
        stack: "prod-backup",
        apply: (s) => s.edit(T.objectLock, (p) => (retention(p).days = 7), isPrimary),
        policies: ["backup-bucket-object-lock"],
        says: "must be at least 30 days (got 7)",
    },
    {
        title: "backup bucket without Object Lock",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(
                T.bucket,
                (p) => (p.objectLockEnabled = false),
                (r) => isBackupBucket(r) && isPrimary(r),
            ),
        policies: ["backup-bucket-object-lock"],
        says: "must set `objectLockEnabled: true`",
    },
    {
        title: "lock configuration missing",
        stack: "prod-backup",
        apply: (s) => s.remove(T.objectLock, isPrimary),
        policies: ["backup-bucket-object-lock"],
        says: "must have a BucketObjectLockConfiguration",
    },
    {
        title: "AES256 default encryption",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(T.encryption, (p) => {
                sseDefault(p).sseAlgorithm = "AES256";
                delete sseDefault(p).kmsMasterKeyId;
            }),
        policies: ["backup-bucket-kms-encryption"],
        says: 'must be SSE-KMS ("aws:kms"), not "AES256"',
    },
    {
        title: "the AWS managed aws/s3 key",
        stack: "prod-backup",
        apply: (s) => s.edit(T.encryption, (p) => (sseDefault(p).kmsMasterKeyId = "alias/aws/s3"), isPrimary),
        // The bucket policy still names the CMK, so it no longer matches the bucket's key either.
        policies: ["backup-bucket-kms-encryption", "backup-bucket-policy-guardrails"],
        says: 'must use a customer-managed KMS key, not "alias/aws/s3"',
    },
    {
        title: "S3 Bucket Keys off",
        stack: "prod-backup",
        apply: (s) => s.edit(T.encryption, (p) => ((p.rules as Props[])[0].bucketKeyEnabled = false)),
        policies: ["backup-bucket-kms-encryption"],
        says: "must set `bucketKeyEnabled: true`",
    },
    {
        title: "versioning suspended",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(T.versioning, (p) => (p.versioningConfiguration = { status: "Suspended" }), isPrimary),
        policies: ["backup-bucket-versioning"],
        says: 'must be "Enabled" (got "Suspended")',
    },
    {
        title: "public access unblocked",
        stack: "prod-backup",
        apply: (s) => s.edit(T.publicAccessBlock, (p) => (p.blockPublicPolicy = false), isPrimary),
        policies: ["backup-bucket-public-access-block"],
        says: "must set `blockPublicPolicy: true`",
    },
    {
        title: "ACLs enabled (ObjectWriter)",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(T.ownershipControls, (p) => (p.rule = { objectOwnership: "ObjectWriter" }), isPrimary),
        policies: ["backup-bucket-ownership-enforced"],
        says: 'must be "BucketOwnerEnforced" (got "ObjectWriter")',
    },
    {
        title: "forceDestroy on the backup bucket",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(
                T.bucket,
                (p) => (p.forceDestroy = true),
                (r) => isBackupBucket(r) && isPrimary(r),
            ),
        policies: ["backup-bucket-no-force-destroy"],
        says: "must not set `forceDestroy: true`",
    },
    {
        title: "bucket policy without the TLS deny",
        stack: "prod-backup",
        apply: (s) =>
            s.editPolicy(
                T.bucketPolicy,
                (d) => (d.Statement = d.Statement.filter((st) => st.Sid !== "DenyInsecureTransport")),
                isPrimary,
            ),
        policies: ["backup-bucket-policy-guardrails"],
        says: 'must deny "s3:*" to everyone when "aws:SecureTransport" is "false"',
    },
    {
        title: "bucket policy without the non-KMS deny",
        stack: "prod-backup",
        apply: (s) =>
            s.editPolicy(
                T.bucketPolicy,
                (d) => (d.Statement = d.Statement.filter((st) => st.Sid !== "DenyNonKmsEncryptionHeader")),
                isPrimary,
            ),
        policies: ["backup-bucket-policy-guardrails"],
        says: 'when "s3:x-amz-server-side-encryption" is not "aws:kms"',
    },
    {
        title: "bucket policy naming the wrong KMS key",
        stack: "prod-backup",
        apply: (s) =>
            s.editPolicy(
                T.bucketPolicy,
                (d) => {
                    const st = d.Statement.find((x) => x.Sid === "DenyOtherKmsKey")!;
                    ((st.Condition as Props).StringNotEquals as Props)[
                        "s3:x-amz-server-side-encryption-aws-kms-key-id"
                    ] = OTHER_KEY;
                },
                isPrimary,
            ),
        policies: ["backup-bucket-policy-guardrails"],
        says: `(it allows "${OTHER_KEY}")`,
    },
    {
        title: "replication skipping SSE-KMS objects",
        stack: "prod-backup",
        apply: (s) => s.edit(T.replication, (p) => delete (p.rules as Props[])[0].sourceSelectionCriteria),
        policies: ["backup-bucket-replication"],
        says: '`sourceSelectionCriteria.sseKmsEncryptedObjects.status: "Enabled"`',
    },
    {
        title: "KMS key rotation off",
        stack: "prod-backup",
        apply: (s) => s.edit(T.kmsKey, (p) => (p.enableKeyRotation = false)),
        policies: ["backup-kms-key-protection"],
        says: "must set `enableKeyRotation: true`",
    },
    {
        title: "KMS deletion window of 7 days",
        stack: "prod-backup",
        apply: (s) => s.edit(T.kmsKey, (p) => (p.deletionWindowInDays = 7)),
        policies: ["backup-kms-key-protection"],
        says: "must set `deletionWindowInDays` to at least 30 (got 7)",
    },
    {
        title: "vault encrypted with the AWS managed key",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(
                T.vault,
                (p) => (p.kmsKeyArn = "arn:aws:kms:ap-southeast-4:111111111111:alias/aws/backup"),
            ),
        policies: ["backup-vault-kms-encryption"],
        says: 'must use a customer-managed KMS key, not "arn:aws:kms:ap-southeast-4:111111111111:alias/aws/backup"',
    },
    {
        title: "vault lock missing",
        stack: "prod-backup",
        apply: (s) => s.remove(T.vaultLock),
        policies: ["backup-vault-lock-compliance"],
        says: "must have a VaultLockConfiguration",
    },
    {
        title: "vault lock without changeableForDays (governance mode)",
        stack: "prod-backup",
        apply: (s) => s.edit(T.vaultLock, (p) => delete p.changeableForDays),
        policies: ["backup-vault-lock-compliance"],
        says: "must set `changeableForDays` (without it the lock is in governance mode and can be removed)",
    },
    {
        title: "vault lock minimum retention below the minimum",
        stack: "prod-backup",
        apply: (s) => s.edit(T.vaultLock, (p) => (p.minRetentionDays = 7)),
        policies: ["backup-vault-lock-compliance"],
        says: "must set `minRetentionDays` to at least 30 (got 7)",
    },
    {
        title: "vault policy that does not deny deletion",
        stack: "prod-backup",
        apply: (s) =>
            s.editPolicy(
                T.vaultPolicy,
                (d) => (d.Statement = d.Statement.filter((st) => st.Effect !== "Deny")),
            ),
        policies: ["backup-vault-policy-denies-deletion"],
        says: "must deny backup:DeleteRecoveryPoint to every principal",
    },
    {
        title: "wildcard IAM on the runner role",
        stack: "prod-source",
        apply: (s) =>
            s.editPolicy(
                T.rolePolicy,
                (d) => d.Statement.push({ Effect: "Allow", Action: "*", Resource: "*" }),
                (r) => r.inputs.role === "strongbox-pgdump-runner-prod",
            ),
        policies: ["backup-writer-iam-least-privilege"],
        says: 'must not be granted "*"',
    },
    {
        title: "runner role allowed to delete object versions",
        stack: "prod-source",
        apply: (s) =>
            s.editPolicy(
                T.rolePolicy,
                (d) => d.Statement.push({ Effect: "Allow", Action: "s3:DeleteObjectVersion", Resource: "*" }),
                (r) => r.inputs.role === "strongbox-pgdump-runner-prod",
            ),
        policies: ["backup-writer-iam-least-privilege"],
        says: "must not be granted s3:DeleteObject* (RolePolicy",
    },
    {
        title: "runner log group kept 7 days",
        stack: "prod-source",
        apply: (s) => s.edit(T.logGroup, (p) => (p.retentionInDays = 7)),
        policies: ["backup-log-group-retention"],
        says: "must keep logs at least 90 days (`retentionInDays` is 7)",
    },
    {
        title: "a backup plan whose copy into the vault is kept 7 days (the stacks declare no plan; added here)",
        stack: "prod-source",
        apply: (s) =>
            s.add({
                type: T.plan,
                name: "rds-snapshots",
                custom: true,
                urn: "urn:pulumi:prod-source::strongbox::aws:backup/plan:Plan::rds-snapshots",
                aliasUrns: [],
                protect: false,
                inputs: {
                    rules: [
                        {
                            ruleName: "daily",
                            targetVaultName: "Default",
                            lifecycle: { deleteAfter: 35 },
                            copyActions: [
                                {
                                    destinationVaultArn:
                                        "arn:aws:backup:ap-southeast-4:111111111111:backup-vault:strongbox-prod-vault",
                                    lifecycle: { deleteAfter: 7 },
                                },
                            ],
                        },
                    ],
                },
                state: {},
            }),
        policies: ["backup-plan-retention"],
        says: "must keep recovery points at least 30 days (`deleteAfter` is 7)",
    },
];

function clone(records: readonly RecordedResource[]): RecordedResource[] {
    return JSON.parse(JSON.stringify(records)) as RecordedResource[];
}

async function packOver(records: readonly RecordedResource[], options?: AdapterOptions): Promise<Report> {
    const adapted = toPolicyResources(records, options);
    return runPack(allPolicies, adapted.resources, adapted.inputsOf);
}

const flagged = (report: Report) =>
    [...new Set(report.diagnostics.filter((d) => d.level === "mandatory").map((d) => d.policy))].sort();

/** Settings resources whose target is an ID unknown until apply on a first `pulumi preview`. */
const SETTINGS_TYPES: readonly string[] = [
    T.objectLock,
    T.encryption,
    T.versioning,
    T.publicAccessBlock,
    T.ownershipControls,
    T.bucketPolicy,
    T.replication,
];
const previewUnknowns = (r: RecordedResource): string[] => {
    // Computed by the provider on create: unknown on a first preview, so matching by value cannot work.
    const computed = r.custom ? ["id", "arn", "keyId"] : [];
    if (SETTINGS_TYPES.includes(r.type)) return [...computed, "bucket"];
    if (r.type === T.vaultLock || r.type === T.vaultPolicy) return [...computed, "backupVaultName"];
    if (r.type === T.rolePolicy || r.type === T.rolePolicyAttachment) return [...computed, "role"];
    return computed;
};

describe("the whole pack", () => {
    describe("over the hand-built fixtures", () => {
        for (const [name, specs] of [
            ["backup", backupStack()],
            ["source", sourceStack()],
        ] as const) {
            it(`reports nothing on the ${name} fixture`, async () => {
                const report = await runPack(allPolicies, policyResources(specs));
                expect(report.diagnostics).to.deep.equal([]);
            });
        }
    });

    describe("over both stacks, previewed offline", () => {
        const stacks = new Map<StackName, RecordedResource[]>();
        before(async function () {
            this.timeout(120000);
            for (const name of ["prod-backup", "prod-source"] as const)
                stacks.set(name, clone((await runStackOffline(name)).resources));
        });
        const records = (name: StackName) => clone(stacks.get(name)!);

        for (const name of ["prod-backup", "prod-source"] as const) {
            it(`${name}: no violation and no advisory`, async () => {
                const report = await packOver(records(name));
                expect(report.diagnostics).to.deep.equal([]);
            });
        }

        it("prod-backup declares what the pack checks (so the pass above means something)", () => {
            const types = records("prod-backup").map((r) => r.type);
            for (const t of [
                T.bucket,
                T.objectLock,
                T.encryption,
                T.versioning,
                T.publicAccessBlock,
                T.ownershipControls,
                T.bucketPolicy,
                T.replication,
                T.kmsKey,
                T.vault,
                T.vaultLock,
                T.vaultPolicy,
            ]) {
                expect(types, t).to.include(t);
            }
            expect(records("prod-source").map((r) => r.type)).to.include.members([
                T.role,
                T.rolePolicy,
                T.logGroup,
            ]);
        });

        it("correlates at preview (ids, ARNs and every setting's bucket, vault and role unknown) through dependencies", async () => {
            const clean = await packOver(records("prod-backup"), { unknownInputs: previewUnknowns });
            expect(clean.diagnostics).to.deep.equal([]);
            const governance = new Records(records("prod-backup"));
            governance.edit(T.objectLock, (p) => (retention(p).mode = "GOVERNANCE"));
            const report = await packOver(governance.records, { unknownInputs: previewUnknowns });
            expect(flagged(report)).to.deep.equal(["backup-bucket-object-lock"]);
            expect(report.mandatory).to.have.length(2);
            expect(
                (await packOver(records("prod-source"), { unknownInputs: previewUnknowns })).diagnostics,
            ).to.deep.equal([]);
        });

        it("correlates by value alone, without any dependency information", async () => {
            expect(
                (await packOver(records("prod-backup"), { dependencies: false })).diagnostics,
            ).to.deep.equal([]);
            const days = new Records(records("prod-backup"));
            days.edit(T.objectLock, (p) => (retention(p).days = 7), isPrimary);
            expect(flagged(await packOver(days.records, { dependencies: false }))).to.deep.equal([
                "backup-bucket-object-lock",
            ]);
        });

        it("reports a bucket policy unknown at preview as advisory, not as a pass", async () => {
            const s = new Records(records("prod-backup"));
            s.edit(T.bucketPolicy, (p) => (p.policy = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"), isPrimary);
            const report = await packOver(s.records);
            expect(report.mandatory).to.deep.equal([]);
            expect(report.advisory).to.deep.equal([
                "can't run policy 'backup-bucket-policy-guardrails' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: " +
                    'policy of bucket policy "backup-prod-policy"',
            ]);
        });

        for (const m of MUTATIONS) {
            it(`${m.stack}: ${m.title} -> ${m.policies.join(", ")}`, async () => {
                const s = new Records(records(m.stack));
                m.apply(s);
                const report = await packOver(s.records);
                expect(flagged(report)).to.deep.equal([...m.policies].sort());
                expect(
                    report.mandatory.some((msg) => msg.includes(m.says)),
                    report.mandatory.join("\n"),
                ).to.equal(true);
            });
        }
    });
});
