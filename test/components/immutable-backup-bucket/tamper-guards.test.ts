/**
 * What ImmutableBackupBucket declares against tampering: current-version expiry (or none), the guards on
 * its keys, the replication role's use of the replica key, and what the writers export. Pulumi mocks.
 */
import { expect } from "chai";
import { PolicyDocument, PolicyStatement } from "../../../components/common/policy-document";
import { installMocks, RecordedResource, settle } from "../../harness/offline-mocks";
import { BREAK_GLASS, DEPLOYER, full, WRITER } from "./fixtures";

type BucketModule = typeof import("../../../components/immutable-backup-bucket");

function named(rs: readonly RecordedResource[], name: string): RecordedResource {
    const r = rs.find((x) => x.name === name);
    if (!r) throw new Error(`no resource named ${name}`);
    return r;
}
const doc = (r: RecordedResource, field = "policy") =>
    JSON.parse(r.inputs[field] as string) as PolicyDocument;
const sid = (d: PolicyDocument, id: string): PolicyStatement => {
    const s = d.Statement.find((x) => x.Sid === id);
    if (!s) throw new Error(`no ${id} in ${d.Statement.map((x) => x.Sid).join(", ")}`);
    return s;
};
const list = (v: string | readonly string[] | undefined) => (typeof v === "string" ? [v] : [...(v ?? [])]);

describe("ImmutableBackupBucket against tampering", () => {
    let recorded: RecordedResource[];
    let bucket: InstanceType<BucketModule["ImmutableBackupBucket"]>;

    before(async () => {
        recorded = await installMocks();
        const mod: BucketModule = await import("../../../components/immutable-backup-bucket");
        bucket = new mod.ImmutableBackupBucket("guarded", full);
        new mod.ImmutableBackupBucket("forever", {
            ...full,
            bucketName: "forever-bucket-name",
            expireAfterDays: "never",
        });
        await settle();
    });

    it('keeps dumps for ever with expireAfterDays "never": no current-version expiry on either bucket', () => {
        for (const name of ["forever-lifecycle", "forever-replica-lifecycle"]) {
            const rules = named(recorded, name).inputs.rules as Array<Record<string, unknown>>;
            expect(
                rules.map((r) => r.id),
                name,
            ).to.not.include("expire-current-versions");
            expect(
                rules.some((r) => r.expiration !== undefined),
                name,
            ).to.equal(false);
        }
        const replicaRules = named(recorded, "guarded-replica-lifecycle").inputs.rules as Array<
            Record<string, unknown>
        >;
        expect(replicaRules.find((r) => r.id === "expire-current-versions")!.expiration).to.deep.equal({
            days: 50,
        });
    });

    it("takes CreateGrant from key administrators and denies it to all but break-glass and AWS-resource grants", () => {
        for (const name of ["guarded-key", "guarded-replica-key"]) {
            const key = doc(named(recorded, name));
            const admin = list(sid(key, "AllowKeyAdministration").Action);
            expect(admin, name).to.include("kms:CreateAlias").and.to.not.include("kms:Create*");
            expect(sid(key, "DenyCreateGrantExceptExempt"), name).to.deep.equal({
                Sid: "DenyCreateGrantExceptExempt",
                Effect: "Deny",
                Principal: "*",
                Action: "kms:CreateGrant",
                Resource: "*",
                Condition: {
                    ArnNotEquals: { "aws:PrincipalArn": [BREAK_GLASS] },
                    BoolIfExists: { "kms:GrantIsForAWSResource": "false" },
                },
            });
        }
    });

    it("lets the replication role decrypt with the replica key, through S3 in the replica region only", () => {
        const policy = doc(named(recorded, "guarded-replica-role-policy"));
        expect(sid(policy, "DecryptReplicaBucketKeyThroughS3")).to.deep.equal({
            Sid: "DecryptReplicaBucketKeyThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: named(recorded, "guarded-replica-key").state.arn,
            Condition: { StringEquals: { "kms:ViaService": "s3.ap-southeast-2.amazonaws.com" } },
        });
    });

    it("binds replication with the replica's lock statements, and only the replica's", () => {
        const replica = doc(named(recorded, "guarded-replica-policy"));
        const primary = doc(named(recorded, "guarded-policy"));
        for (const id of [
            "DenyNonComplianceLockMode",
            "DenyRetentionBelowMinimum",
            "DenyRetentionBeyondMaximum",
        ]) {
            expect(list(sid(replica, id).Action), id).to.include("s3:ReplicateObject");
            expect(list(sid(primary, id).Action), id).to.not.include("s3:ReplicateObject");
        }
    });

    it("lets only the deployers and break-glass change either bucket's configuration", () => {
        for (const name of ["guarded-policy", "guarded-replica-policy"]) {
            const guard = sid(doc(named(recorded, name)), "DenyBucketConfigurationChangesExceptDeployers");
            expect(guard.Condition, name).to.deep.equal({
                ArnNotEquals: { "aws:PrincipalArn": [DEPLOYER, BREAK_GLASS] },
            });
            expect(guard.Resource, name).to.match(/^arn:aws:s3:::full-bucket-name(-replica)?$/);
        }
    });

    it("exports each writer's prefix and databases, as its bucket policy allows them", () => {
        expect(bucket.writers).to.deep.equal({
            [WRITER]: { keyPrefix: "dumps", databases: ["appdb", "billing"] },
        });
        const allow = sid(doc(named(recorded, "guarded-policy")), "AllowWriterDatabases0");
        expect(allow.Resource).to.deep.equal([
            "arn:aws:s3:::full-bucket-name/dumps/appdb/*",
            "arn:aws:s3:::full-bucket-name/dumps/billing/*",
        ]);
    });
});
