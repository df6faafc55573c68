/**
 * The bucket policy's carve-outs for the BackupAuditor's roles, at the builder and the validator (pure).
 * What the rendered prod policy then decides, request by request, is in test/policy-meaning.
 */
import { expect } from "chai";
import { PolicyDocument } from "../../../components/common/policy-document";
import { resolveImmutableBackupBucketArgs } from "../../../components/immutable-backup-bucket/args";
import { buildBucketPolicy } from "../../../components/immutable-backup-bucket/bucket-policy";
import { immutableBackupBucketProblems } from "../../../components/immutable-backup-bucket/validate";
import { CANARY_PREFIX, RECEIPTS_PREFIX } from "../../../shared/audit";
import { BACKUP, DEPLOYER, full, SOURCE, WRITER } from "./fixtures";

const AUDITOR = `arn:aws:iam::${BACKUP}:role/strongbox-test-auditor`;
const CANARY = `arn:aws:iam::${BACKUP}:role/strongbox-test-canary`;
const BUCKET = "arn:aws:s3:::full-bucket-name";
const KEY = `arn:aws:kms:ap-southeast-4:${BACKUP}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function render(auditRoles?: { auditorRoleArn: string; canaryRoleArn: string }): PolicyDocument {
    const a = resolveImmutableBackupBucketArgs(full);
    return buildBucketPolicy({
        bucketArn: BUCKET,
        kmsKeyArn: KEY,
        writers: a.writers,
        sourceAccountIds: [SOURCE],
        minimumRetentionDays: a.minimumRetentionDays,
        maxRetentionDays: a.maxRetentionDays,
        deployerRoleArns: [DEPLOYER],
        auditRoles,
    });
}
const sidsOf = (d: PolicyDocument) => d.Statement.map((s) => s.Sid);
const byId = (d: PolicyDocument, sid: string) => d.Statement.find((s) => s.Sid === sid)!;

describe("ImmutableBackupBucket and the BackupAuditor's roles", () => {
    const without = render();
    const withAudit = render({ auditorRoleArn: AUDITOR, canaryRoleArn: CANARY });

    it("renders exactly the policy it rendered before when the stack runs no auditor", () => {
        expect(sidsOf(without)).to.not.include("DenyCanaryDeleteMarkersAndHolds");
        expect(byId(without, "DenyObjectDeletion").Condition).to.equal(undefined);
        expect(JSON.stringify(byId(without, "DenyRetentionBelowMinimum"))).to.not.contain("PrincipalArn");
        expect(byId(without, "DenyWritesExceptWriterRoles").Condition).to.deep.equal({
            ArnNotEquals: { "aws:PrincipalArn": [WRITER] },
        });
    });

    it("exempts the canary, by whole ARN, from exactly the two denies that would beat Object Lock to it", () => {
        expect(byId(withAudit, "DenyObjectDeletion").Condition).to.deep.equal({
            ArnNotEquals: { "aws:PrincipalArn": CANARY },
        });
        expect(byId(withAudit, "DenyRetentionBelowMinimum").Condition?.ArnNotEquals).to.deep.equal({
            "aws:PrincipalArn": CANARY,
        });
        // Every other deny binds it as before.
        for (const sid of [
            "DenyNonComplianceLockMode",
            "DenyRetentionBeyondMaximum",
            "DenyInsecureTransport",
        ])
            expect(JSON.stringify(byId(withAudit, sid)), sid).to.not.contain(CANARY);
    });

    it("confines the canary's destruction to its prefix and its writes to its prefix and the receipts", () => {
        const destruction = byId(withAudit, "DenyCanaryDestructionOutsideCanaryPrefix");
        expect(destruction.Action).to.deep.equal(["s3:DeleteObjectVersion", "s3:PutObjectRetention"]);
        expect(destruction.NotResource).to.equal(`${BUCKET}/${CANARY_PREFIX}/*`);
        expect(byId(withAudit, "DenyCanaryWritesOutsideItsPrefixes").NotResource).to.deep.equal([
            `${BUCKET}/${CANARY_PREFIX}/*`,
            `${BUCKET}/${RECEIPTS_PREFIX}/*`,
        ]);
        expect(byId(withAudit, "DenyCanaryDeleteMarkersAndHolds").Action).to.deep.equal([
            "s3:DeleteObject",
            "s3:BypassGovernanceRetention",
            "s3:PutObjectLegalHold",
        ]);
    });

    it("lets both roles past the writers' allow-list and confines the auditor and its locks to receipts", () => {
        expect(byId(withAudit, "DenyWritesExceptWriterRoles").Condition).to.deep.equal({
            ArnNotEquals: { "aws:PrincipalArn": [WRITER, AUDITOR, CANARY] },
        });
        expect(byId(withAudit, "DenyAuditorWritesOutsideReceipts").NotResource).to.equal(
            `${BUCKET}/${RECEIPTS_PREFIX}/*`,
        );
        expect(byId(withAudit, "DenyAuditorLockChanges").Action).to.deep.equal(["s3:PutObjectLegalHold"]);
        const retention = byId(withAudit, "DenyAuditorRetentionOutsideReceipts");
        expect(retention.Action).to.deep.equal(["s3:PutObjectRetention"]);
        expect(retention.NotResource).to.equal(`${BUCKET}/${RECEIPTS_PREFIX}/*`);
        expect(retention.Condition).to.deep.equal({ ArnEquals: { "aws:PrincipalArn": AUDITOR } });
        expect(byId(withAudit, "DenyAuditEventHolds").Condition).to.deep.equal({
            StringEquals: { "s3:object-lock-event-hold": "ON" },
            ArnEquals: { "aws:PrincipalArn": [AUDITOR, CANARY] },
        });
        // Nothing of it without the auditor: a bucket without one renders as it always did.
        expect(sidsOf(without)).to.not.include.members(["DenyAuditorRetentionOutsideReceipts"]);
        expect(sidsOf(without)).to.not.include.members(["DenyAuditEventHolds"]);
    });

    it("refuses a canary that is the auditor or a writer, at the builder", () => {
        expect(() => render({ auditorRoleArn: AUDITOR, canaryRoleArn: AUDITOR })).to.throw(
            "the canary must not be the auditor",
        );
        expect(() => render({ auditorRoleArn: AUDITOR, canaryRoleArn: WRITER })).to.throw(
            "must not name a writer role",
        );
    });

    it("reports roles outside the backup account and a writer under a reserved prefix, naming the field", () => {
        const problems = immutableBackupBucketProblems({
            ...full,
            writers: [{ roleArn: WRITER, databases: ["appdb"], keyPrefix: CANARY_PREFIX }],
            auditRoles: { auditorRoleArn: AUDITOR, canaryRoleArn: `arn:aws:iam::${SOURCE}:role/canary` },
        }).map((p) => `${p.field}: ${p.message}`);
        expect(problems).to.include(
            `writers[0].keyPrefix: must not be "${CANARY_PREFIX}": the BackupAuditor keeps its receipts and ` +
                `canary under ${RECEIPTS_PREFIX} and ${CANARY_PREFIX}; choose another prefix`,
        );
        expect(problems.join("\n")).to.contain(
            `auditRoles.canaryRoleArn: must be a role in the backup account ${BACKUP}`,
        );
    });

    it("measures the audit statements in the policy's 20 KB budget", () => {
        const bytes = (d: PolicyDocument) => Buffer.byteLength(JSON.stringify(d), "utf8");
        expect(bytes(withAudit) - bytes(without)).to.be.within(900, 3200);
    });
});
