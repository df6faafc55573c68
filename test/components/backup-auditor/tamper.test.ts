/**
 * The tamper rules under Pulumi mocks: the EventBridge pattern of each, narrowed to our resources where CloudTrail
 * names them; the home region's rules notify the topic, the other regions' forward to the home bus.
 */
import { expect } from "chai";
import {
    BUCKET_EVENTS,
    KEY_DESTRUCTION_EVENTS,
    RESTORE_EVENTS,
    VAULT_EVENTS,
} from "../../../components/backup-auditor/tamper/patterns";
import { RecordedResource } from "../../harness/offline-mocks";
import {
    BACKUP,
    BUCKET,
    declareAuditor,
    doc,
    HOME,
    KEY_ARN,
    named,
    ofType,
    REPLICA_KEY_ARN,
    REPLICA_REGION,
    SOURCE_REGION,
    VAULT_KEY_ARN,
} from "./fixtures";

type Pattern = { source: string[]; "detail-type": string[]; detail: Record<string, unknown> };

describe("BackupAuditor tamper rules", () => {
    let rs: RecordedResource[];
    before(async () => {
        rs = await declareAuditor();
    });
    const rule = (category: string, region: string) =>
        named(rs, "aws:cloudwatch/eventRule:EventRule", `audit-tamper-${category}-${region}`);
    const pattern = (category: string, region: string) =>
        JSON.parse(rule(category, region).inputs.eventPattern as string) as Pattern;
    const target = (category: string, region: string) =>
        named(rs, "aws:cloudwatch/eventTarget:EventTarget", `audit-tamper-${category}-${region}`).inputs;
    const reportBucket = () =>
        named(rs, "aws:s3/bucket:Bucket", "audit-reports-bucket").inputs.bucket as string;
    const reportKey = () => named(rs, "aws:kms/key:Key", "audit-reports-key").state.arn as string;

    it("matches CloudTrail's records of key destruction on our keys, every region's in the home rule", () => {
        const p = pattern("key-destruction", HOME);
        expect(p.source).to.deep.equal(["aws.kms"]);
        expect(p["detail-type"]).to.deep.equal(["AWS API Call via CloudTrail"]);
        expect(p.detail.eventName).to.deep.equal([...KEY_DESTRUCTION_EVENTS]);
        expect((p.detail.resources as { ARN: unknown[] }).ARN).to.have.deep.members([
            KEY_ARN,
            VAULT_KEY_ARN,
            REPLICA_KEY_ARN,
            reportKey(),
            { prefix: `arn:aws:kms:${SOURCE_REGION}:${BACKUP}:key/` },
        ]);
        expect(
            (pattern("key-destruction", REPLICA_REGION).detail.resources as { ARN: unknown[] }).ARN,
        ).to.deep.equal([REPLICA_KEY_ARN]);
    });

    it("watches only grants made directly, not the ones AWS services make for our copies", () => {
        const p = pattern("key-grants", HOME);
        expect(p.detail.eventName).to.deep.equal(["CreateGrant"]);
        expect(p.detail.userIdentity).to.deep.equal({ invokedBy: [{ exists: false }] });
        expect(pattern("key-destruction", HOME).detail.userIdentity).to.equal(undefined);
    });

    it("matches configuration changes of our buckets by name, the report bucket's included", () => {
        const p = pattern("buckets", HOME);
        expect(p.detail.eventName).to.deep.equal([...BUCKET_EVENTS]);
        expect(p.detail.eventName).to.include.members(["PutBucketLifecycle", "PutObjectLockConfiguration"]);
        expect((p.detail.requestParameters as { bucketName: string[] }).bucketName).to.have.members([
            BUCKET,
            `${BUCKET}-replica`,
            reportBucket(),
        ]);
    });

    it("matches vault policy and lock changes by vault name, and every restore, where vaults are", () => {
        const vaults = pattern("vaults", SOURCE_REGION);
        expect(vaults.detail.eventName).to.deep.equal([...VAULT_EVENTS]);
        expect(
            (vaults.detail.requestParameters as { backupVaultName: string[] }).backupVaultName,
        ).to.deep.equal(["strongbox-test-vault"]);
        expect(
            (pattern("vaults", HOME).detail.requestParameters as { backupVaultName: string[] })
                .backupVaultName,
        ).to.have.members(["strongbox-test-vault", "strongbox-test-vault-sensitive"]);
        expect(pattern("restores", SOURCE_REGION).detail.eventName).to.deep.equal([...RESTORE_EVENTS]);
        // No vault, no restore or vault rule: the replica region holds only the replica bucket and its key.
        expect(ofType(rs, "aws:cloudwatch/eventRule:EventRule").map((r) => r.name)).to.not.include(
            `audit-tamper-vaults-${REPLICA_REGION}`,
        );
    });

    it("notifies the topic from the home region, and forwards from the others to the home bus with a role", () => {
        const topic = named(rs, "aws:sns/topic:Topic", "audit-topic").state.arn;
        expect(target("buckets", HOME)).to.deep.include({ arn: topic, region: HOME });
        const bus = `arn:aws:events:${HOME}:${BACKUP}:event-bus/default`;
        const forwarder = named(rs, "aws:iam/role:Role", "audit-tamper-forwarder");
        for (const [category, region] of [
            ["buckets", REPLICA_REGION],
            ["vaults", SOURCE_REGION],
        ]) {
            expect(target(category, region)).to.deep.include({
                arn: bus,
                roleArn: forwarder.state.arn,
                region,
            });
            expect(rule(category, region).inputs.region).to.equal(region);
        }
        const policy = doc(named(rs, "aws:iam/rolePolicy:RolePolicy", "audit-tamper-forwarder-policy"));
        expect(policy.Statement).to.deep.equal([
            { Sid: "ForwardToHomeBus", Effect: "Allow", Action: "events:PutEvents", Resource: bus },
        ]);
    });

    it("notifies the topic when an audit build fails, times out or is stopped", () => {
        const p = JSON.parse(
            named(rs, "aws:cloudwatch/eventRule:EventRule", "audit-job-failures").inputs
                .eventPattern as string,
        ) as Pattern;
        expect(p.detail).to.deep.equal({
            "build-status": ["FAILED", "TIMED_OUT", "STOPPED"],
            "project-name": [
                "strongbox-test-audit-verify",
                "strongbox-test-audit-drill",
                "strongbox-test-audit-canary",
            ],
        });
    });
});
