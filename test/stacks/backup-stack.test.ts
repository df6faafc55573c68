import { expect } from "chai";
import { BackupStackConfig, parseStackConfig } from "../../stacks/config";
import { installMocks, RecordedResource, resolveDeep, settle } from "../harness/offline-mocks";
import { readStackRawConfig } from "../../scripts/preview-offline";
import { REQUIRED_BACKUP_OUTPUTS, SNAPSHOT_DESTINATION_OUTPUTS } from "../../stacks/source-stack";

// Imported only after the mocks are installed: a Pulumi module loaded earlier would bind to the real runtime.
type StackModule = typeof import("../../stacks/backup-stack");

function backupConfig(raw: Record<string, unknown>, region: string): BackupStackConfig {
    const cfg = parseStackConfig(raw, region);
    if (cfg.role !== "backup") throw new Error("expected a backup stack config");
    return cfg;
}

function named(rs: readonly RecordedResource[], name: string): RecordedResource {
    const r = rs.find((x) => x.name === name);
    if (!r) throw new Error(`no resource named ${name}; recorded: ${rs.map((x) => x.name).join(", ")}`);
    return r;
}

const TAGGABLE = ["aws:s3/bucket:Bucket", "aws:kms/key:Key", "aws:iam/role:Role", "aws:backup/vault:Vault"];

describe("backup stack (Pulumi.prod-backup.yaml)", () => {
    let recorded: RecordedResource[];
    let outputs: Record<string, unknown>;
    let leanOutputs: Record<string, unknown>;

    before(async () => {
        recorded = await installMocks({ accountId: "111111111111", region: "ap-southeast-4" });
        const mod: StackModule = await import("../../stacks/backup-stack");
        const { raw, region } = readStackRawConfig("prod-backup");
        outputs = (await resolveDeep(mod.buildBackupStack(backupConfig(raw, region)))) as Record<
            string,
            unknown
        >;

        // The same file without the optional parts, under another environment so names do not collide.
        const backup = structuredClone(raw.backup) as {
            bucket: Record<string, unknown>;
            vault: Record<string, unknown>;
            auditor?: unknown;
        };
        delete backup.auditor;
        delete backup.bucket.replica;
        delete backup.vault.sensitiveVault;
        backup.bucket.accessLogs = false;
        backup.bucket.name = "acme-strongbox-lean-pg-backups";
        backup.vault.name = "strongbox-lean-vault";
        const lean = backupConfig({ ...raw, environment: "lean", backup }, region);
        leanOutputs = (await resolveDeep(mod.buildBackupStack(lean))) as Record<string, unknown>;
        await settle();
    });

    it("exports exactly the outputs the source stack reads, with the configured values", () => {
        const keyArn = named(recorded, "backup-prod-key").state.arn;
        const replicaKeyArn = named(recorded, "backup-prod-replica-key").state.arn;
        const vaultKeyArn = named(recorded, "vault-prod-key").state.arn;
        const sensitiveKeyArn = named(recorded, "vault-prod-sensitive-key").state.arn;
        expect(outputs).to.deep.equal({
            backupAccountId: "111111111111",
            bucketName: "acme-strongbox-prod-pg-backups",
            bucketArn: "arn:aws:s3:::acme-strongbox-prod-pg-backups",
            bucketRegion: "ap-southeast-4",
            kmsKeyArn: keyArn,
            keyPrefix: "layer3",
            retentionDays: 35,
            writers: {
                "arn:aws:iam::222222222222:role/strongbox-pgdump-runner-prod": {
                    keyPrefix: "layer3",
                    databases: ["appdb", "billing"],
                },
            },
            vaultName: "strongbox-prod-vault",
            vaultArn: "arn:aws:backup:ap-southeast-4:111111111111:backup-vault:strongbox-prod-vault",
            vaultKmsKeyArn: vaultKeyArn,
            vaultMinRetentionDays: 35,
            vaultMaxRetentionDays: 400,
            sensitiveVaultName: "strongbox-prod-vault-sensitive",
            sensitiveVaultArn:
                "arn:aws:backup:ap-southeast-4:111111111111:backup-vault:strongbox-prod-vault-sensitive",
            sensitiveVaultKmsKeyArn: sensitiveKeyArn,
            sensitiveVaultMinRetentionDays: 35,
            sensitiveVaultMaxRetentionDays: 400,
            vaultsByRegion: Object.fromEntries(
                ["ap-southeast-4", "us-east-1"].map((region) => [
                    region,
                    {
                        vaultArn: `arn:aws:backup:${region}:111111111111:backup-vault:strongbox-prod-vault`,
                        vaultMinRetentionDays: 35,
                        vaultMaxRetentionDays: 400,
                        sensitiveVaultArn: `arn:aws:backup:${region}:111111111111:backup-vault:strongbox-prod-vault-sensitive`,
                        sensitiveVaultMinRetentionDays: 35,
                        sensitiveVaultMaxRetentionDays: 400,
                    },
                ]),
            ),
            replicaBucketName: "acme-strongbox-prod-pg-backups-replica",
            replicaBucketArn: "arn:aws:s3:::acme-strongbox-prod-pg-backups-replica",
            replicaRegion: "ap-southeast-2",
            replicaKmsKeyArn: replicaKeyArn,
            accessLogBucketName: "acme-strongbox-prod-pg-backups-access-logs",
            auditor: {
                topicArn: "arn:aws:sns:ap-southeast-4:111111111111:strongbox-prod-audit",
                dashboardName: "strongbox-prod-audit",
                reportBucketName: "acme-strongbox-prod-pg-backups-audit-reports",
                auditorRoleArn: "arn:aws:iam::111111111111:role/strongbox-prod-auditor",
                canaryRoleArn: "arn:aws:iam::111111111111:role/strongbox-prod-canary",
                projectNames: {
                    verify: "strongbox-prod-audit-verify",
                    drill: "strongbox-prod-audit-drill",
                    canary: "strongbox-prod-audit-canary",
                },
                scheduleGroupName: "strongbox-prod-audit",
                frameworkArns: {
                    "ap-southeast-4": named(recorded, "audit-prod-framework-ap-southeast-4").state.arn,
                    "us-east-1": named(recorded, "audit-prod-framework-us-east-1").state.arn,
                },
                restoreTestingPlanArns: {
                    "us-east-1": named(recorded, "audit-prod-restore-testing-us-east-1").state.arn,
                },
            },
        });
        expect(new Set([keyArn, replicaKeyArn, vaultKeyArn, sensitiveKeyArn]).size).to.equal(4);
    });

    it("exports exactly what the source stack requires when the replica, sensitive vault, access logs and auditor are off", () => {
        // The contract between the stacks: the source stack requireOutput()s these names, and reads the
        // vaults by region whenever it copies snapshots; the lock's bounds are also exported for operators.
        expect(Object.keys(leanOutputs)).to.have.members([
            ...REQUIRED_BACKUP_OUTPUTS,
            ...SNAPSHOT_DESTINATION_OUTPUTS,
            "vaultMinRetentionDays",
            "vaultMaxRetentionDays",
        ]);
    });

    it("applies the YAML's bucket and vault settings", () => {
        expect(named(recorded, "backup-prod-object-lock").inputs.rule).to.deep.equal({
            defaultRetention: { mode: "COMPLIANCE", days: 35 },
        });
        expect(named(recorded, "backup-prod-replica-object-lock").inputs.rule).to.deep.equal({
            defaultRetention: { mode: "COMPLIANCE", days: 35 },
        });
        const rules = named(recorded, "backup-prod-lifecycle").inputs.rules as Array<Record<string, unknown>>;
        expect(rules[0].transitions).to.deep.equal([{ days: 30, storageClass: "GLACIER_IR" }]);
        expect(rules[2].abortIncompleteMultipartUpload).to.deep.equal({ daysAfterInitiation: 7 });
        expect(named(recorded, "backup-prod-replica-bucket").inputs.region).to.equal("ap-southeast-2");
        expect(named(recorded, "vault-prod-lock").inputs).to.include({
            changeableForDays: 3,
            minRetentionDays: 35,
            maxRetentionDays: 400,
        });
        expect(named(recorded, "vault-prod-sensitive-lock").inputs).to.include({ maxRetentionDays: 400 });
        const policy = JSON.parse(named(recorded, "backup-prod-policy").inputs.policy as string) as {
            Statement: Array<{ Sid: string; Condition?: Record<string, Record<string, unknown>> }>;
        };
        const allow = policy.Statement.find((s) => s.Sid === "AllowWriterDatabases0")! as {
            Resource?: unknown;
            Condition?: Record<string, Record<string, unknown>>;
        };
        expect(allow.Condition!.ArnEquals["aws:PrincipalArn"]).to.equal(
            "arn:aws:iam::222222222222:role/strongbox-pgdump-runner-prod",
        );
        expect(allow.Resource).to.deep.equal([
            "arn:aws:s3:::acme-strongbox-prod-pg-backups/layer3/appdb/*",
            "arn:aws:s3:::acme-strongbox-prod-pg-backups/layer3/billing/*",
        ]);
        const guard = policy.Statement.find(
            (s) => s.Sid === "DenyBucketConfigurationChangesExceptDeployers",
        )!;
        expect(guard.Condition!.ArnNotEquals["aws:PrincipalArn"]).to.deep.equal([
            "arn:aws:iam::111111111111:role/strongbox-deployer",
            "arn:aws:iam::111111111111:role/strongbox-break-glass",
        ]);
        // The example runs the auditor, so dumps expire under the writer's prefix and receipts on their own rule.
        const expiry = rules.find((r) => r.id === "expire-current-versions-layer3")!;
        expect(expiry.expiration).to.deep.equal({ days: 42 });
        expect(rules.find((r) => r.id === "expire-receipts")!.expiration).to.deep.equal({ days: 401 });
        const beyond = policy.Statement.find((s) => s.Sid === "DenyRetentionBeyondMaximum")!;
        expect(beyond.Condition!.NumericGreaterThan["s3:object-lock-remaining-retention-days"]).to.equal(
            "400",
        );
    });

    it("tags every taggable resource with the config's tags and the stack's own", () => {
        const taggable = recorded.filter((r) => TAGGABLE.includes(r.type));
        for (const type of TAGGABLE)
            expect(
                taggable.map((r) => r.type),
                type,
            ).to.include(type);
        for (const r of taggable) {
            expect(r.inputs.tags, r.name).to.deep.include({
                owner: "platform",
                "data-classification": "backups",
                "strongbox:stack": "backup",
            });
        }
        expect(taggable.filter((r) => r.name.startsWith("backup-prod")).length).to.be.greaterThan(4);
    });

    it("marks the primary and replica buckets, and only those, as backup buckets", () => {
        const flagged = recorded
            .filter(
                (r) =>
                    r.type === "aws:s3/bucket:Bucket" &&
                    (r.inputs.tags as Record<string, string>)["strongbox:backup-bucket"] === "true",
            )
            .map((r) => r.name);
        expect(flagged).to.have.members([
            "backup-prod-bucket",
            "backup-prod-replica-bucket",
            "backup-lean-bucket",
        ]);
        expect(
            (named(recorded, "backup-prod-access-logs-bucket").inputs.tags as Record<string, string>)[
                "strongbox:backup-bucket"
            ],
        ).to.equal("false");
    });

    it("declares the two components at the top of the stack", () => {
        const bucket = named(recorded, "backup-prod");
        const vault = named(recorded, "vault-prod");
        expect(bucket.type).to.equal("strongbox:storage:ImmutableBackupBucket");
        expect(vault.type).to.equal("strongbox:backup:CrossAccountVault");
        expect(named(recorded, "backup-prod-bucket").parentUrn).to.equal(bucket.urn);
        expect(named(recorded, "vault-prod-vault").parentUrn).to.equal(vault.urn);
    });
});
