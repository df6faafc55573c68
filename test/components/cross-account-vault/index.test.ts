import { expect } from "chai";
import {
    buildSensitiveVaultKeyPolicy,
    buildVaultKeyPolicy,
} from "../../../components/cross-account-vault/key-policy";
import {
    buildSensitiveVaultAccessPolicy,
    buildVaultAccessPolicy,
} from "../../../components/cross-account-vault/vault-policy";
import * as limits from "../../../shared/limits";
import { installMocks, promiseOf, RecordedResource, settle } from "../../harness/offline-mocks";

// Imported only after the mocks are installed: a Pulumi module loaded earlier would bind to the real runtime.
type VaultModule = typeof import("../../../components/cross-account-vault");

import { ADMIN, BACKUP, BREAK_GLASS, DEPLOYER, full, ORG, RESTORE_ROLE, SOURCE } from "./fixtures";

function named(rs: readonly RecordedResource[], name: string): RecordedResource {
    const r = rs.find((x) => x.name === name);
    if (!r) throw new Error(`no resource named ${name}; recorded: ${rs.map((x) => x.name).join(", ")}`);
    return r;
}

const policyOf = (r: RecordedResource): unknown => JSON.parse(r.inputs.policy as string);

describe("CrossAccountVault", () => {
    let recorded: RecordedResource[];
    let mod: VaultModule;
    const vaults: Record<string, InstanceType<VaultModule["CrossAccountVault"]>> = {};
    const of = (prefix: string) =>
        recorded.filter((r) => r.name === prefix || r.name.startsWith(`${prefix}-`));

    before(async () => {
        recorded = await installMocks();
        mod = await import("../../../components/cross-account-vault");
        vaults.cav = new mod.CrossAccountVault("cav", full);
        vaults.plain = new mod.CrossAccountVault("plain", {
            vaultName: "plain-vault",
            accountId: BACKUP,
            sourceAccountIds: [SOURCE],
            keyAdminRoleArns: [ADMIN],
            breakGlassRoleArn: BREAK_GLASS,
        });
        await settle();
    });

    describe("the vault", () => {
        it("is encrypted with its own rotating key whose policy is the vault key builder's", () => {
            const key = named(recorded, "cav-key");
            expect(key.inputs.enableKeyRotation).to.equal(true);
            expect(key.inputs.deletionWindowInDays).to.equal(limits.KMS_DELETION_WINDOW_DAYS);
            expect(JSON.parse(key.inputs.policy as string)).to.deep.equal(
                buildVaultKeyPolicy({
                    accountId: BACKUP,
                    keyAdminRoleArns: [ADMIN],
                    breakGlassRoleArn: BREAK_GLASS,
                }),
            );
            const vault = named(recorded, "cav-vault").inputs;
            expect(vault).to.include({ name: "cav-full-vault", kmsKeyArn: key.state.arn });
            expect(vault).to.not.have.property("forceDestroy");
            expect(vault.tags).to.deep.equal({ owner: "platform" });
            expect(named(recorded, "cav-key-alias").inputs).to.include({
                name: "alias/strongbox-cav-full-vault",
                targetKeyId: key.state.keyId,
            });
        });

        it("is locked in compliance mode with the given cooling-off and retention bounds", () => {
            expect(named(recorded, "cav-lock").inputs).to.deep.equal({
                backupVaultName: "cav-full-vault",
                changeableForDays: 7,
                minRetentionDays: 40,
                maxRetentionDays: 500,
            });
        });

        it("has the access-policy builder's document for its own ARN", () => {
            const policy = named(recorded, "cav-policy");
            expect(policy.inputs.backupVaultName).to.equal("cav-full-vault");
            expect(policyOf(policy)).to.deep.equal(
                buildVaultAccessPolicy({
                    vaultArn: `arn:aws:backup:ap-southeast-4:${BACKUP}:backup-vault:cav-full-vault`,
                    sourceAccountIds: [SOURCE],
                    organizationId: ORG,
                    breakGlassRoleArn: BREAK_GLASS,
                    deployerRoleArns: [DEPLOYER],
                }),
            );
        });

        it("defaults to a 3-day cooling-off and 35-3650 days of retention", () => {
            expect(named(recorded, "plain-lock").inputs).to.include({
                changeableForDays: 3,
                minRetentionDays: 35,
                maxRetentionDays: 3650,
            });
        });
    });

    describe("the sensitive vault", () => {
        it("has its own key, with the sensitive key builder's policy", () => {
            const key = named(recorded, "cav-sensitive-key");
            expect(key.state.arn).to.not.equal(named(recorded, "cav-key").state.arn);
            expect(JSON.parse(key.inputs.policy as string)).to.deep.equal(
                buildSensitiveVaultKeyPolicy({
                    accountId: BACKUP,
                    keyAdminRoleArns: [ADMIN],
                    breakGlassRoleArn: BREAK_GLASS,
                    restoreRoleArn: RESTORE_ROLE,
                }),
            );
            expect(named(recorded, "cav-sensitive-vault").inputs).to.include({
                name: "cav-full-vault-sensitive",
                kmsKeyArn: key.state.arn,
            });
        });

        it("has its own compliance lock", () => {
            expect(named(recorded, "cav-sensitive-lock").inputs).to.deep.equal({
                backupVaultName: "cav-full-vault-sensitive",
                changeableForDays: 7,
                minRetentionDays: 40,
                maxRetentionDays: 500,
            });
        });

        it("denies restores to everyone but the break-glass role (the sensitive builder's policy)", () => {
            const document = policyOf(named(recorded, "cav-sensitive-policy")) as {
                Statement: Array<{ Sid: string; Condition?: unknown }>;
            };
            expect(document).to.deep.equal(
                buildSensitiveVaultAccessPolicy({
                    vaultArn: `arn:aws:backup:ap-southeast-4:${BACKUP}:backup-vault:cav-full-vault-sensitive`,
                    sourceAccountIds: [SOURCE],
                    organizationId: ORG,
                    breakGlassRoleArn: BREAK_GLASS,
                    deployerRoleArns: [DEPLOYER],
                }),
            );
            expect(
                document.Statement.find((s) => s.Sid === "DenyRestoreExceptBreakGlass")!.Condition,
            ).to.deep.equal({
                ArnNotEquals: { "aws:PrincipalArn": BREAK_GLASS },
            });
        });

        it("is absent unless `sensitiveVaultName` is given", () => {
            expect(
                of("plain")
                    .map((r) => r.type)
                    .filter((t) => t === "aws:backup/vault:Vault"),
            ).to.have.length(1);
            expect(
                of("plain")
                    .map((r) => r.type)
                    .filter((t) => t === "aws:kms/key:Key"),
            ).to.have.length(1);
            expect(of("plain").map((r) => r.name)).to.not.include("plain-sensitive-vault");
        });
    });

    describe("issue 8's guards", () => {
        const statementOf = (name: string, sid: string) =>
            (
                policyOf(named(recorded, name)) as { Statement: Array<{ Sid: string; [k: string]: unknown }> }
            ).Statement.find((x) => x.Sid === sid);

        it("both vault policies refuse policy and lock changes to all but break-glass and the deployers", () => {
            for (const name of ["cav-policy", "cav-sensitive-policy"]) {
                expect(statementOf(name, "DenyVaultPolicyAndLockChangesExceptDeployers"), name).to.deep.equal(
                    {
                        Sid: "DenyVaultPolicyAndLockChangesExceptDeployers",
                        Effect: "Deny",
                        Principal: "*",
                        Action: [
                            "backup:PutBackupVaultAccessPolicy",
                            "backup:DeleteBackupVaultAccessPolicy",
                            "backup:PutBackupVaultLockConfiguration",
                            "backup:DeleteBackupVaultLockConfiguration",
                        ],
                        Resource: "*",
                        Condition: { ArnNotEquals: { "aws:PrincipalArn": [BREAK_GLASS, DEPLOYER] } },
                    },
                );
            }
            // Without deployers, break-glass alone.
            expect(
                statementOf("plain-policy", "DenyVaultPolicyAndLockChangesExceptDeployers")!
                    .Condition as object,
            ).to.deep.equal({ ArnNotEquals: { "aws:PrincipalArn": [BREAK_GLASS] } });
        });

        it("the sensitive key refuses grants to all but break-glass, Backup's service-linked role and the restore role", () => {
            const grants = (
                JSON.parse(named(recorded, "cav-sensitive-key").inputs.policy as string) as {
                    Statement: Array<{ Sid: string; Condition?: unknown }>;
                }
            ).Statement.find((x) => x.Sid === "DenyGrantsExceptBreakGlassAndBackup");
            expect(grants!.Condition).to.deep.equal({
                ArnNotEquals: {
                    "aws:PrincipalArn": [
                        BREAK_GLASS,
                        `arn:aws:iam::${BACKUP}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`,
                        RESTORE_ROLE,
                    ],
                },
                Bool: { "aws:PrincipalIsAWSService": "false" },
            });
        });

        it("the general key grants the source accounts nothing (the copy re-encrypts in this account)", () => {
            const text = named(recorded, "cav-key").inputs.policy as string;
            expect(text).to.not.contain(SOURCE);
            expect(JSON.parse(text)).to.deep.equal(
                buildVaultKeyPolicy({
                    accountId: BACKUP,
                    keyAdminRoleArns: [ADMIN],
                    breakGlassRoleArn: BREAK_GLASS,
                }),
            );
        });
    });

    describe("outputs", () => {
        it("exports each vault's lock bounds, which the source stack checks its copies against", async () => {
            const v = vaults.cav;
            expect(v.vaultType).to.equal("locked");
            expect(await promiseOf(v.vaultMinRetentionDays)).to.equal(40);
            expect(await promiseOf(v.vaultMaxRetentionDays)).to.equal(500);
            expect(await promiseOf(v.sensitiveVaultMinRetentionDays!)).to.equal(40);
            expect(await promiseOf(v.sensitiveVaultMaxRetentionDays!)).to.equal(500);
            expect(await promiseOf(vaults.plain.vaultMaxRetentionDays)).to.equal(3650);
            expect(vaults.plain.sensitiveVaultMinRetentionDays).to.equal(undefined);
        });
    });

    describe("resource tree", () => {
        it("parents every child directly under the component", () => {
            for (const prefix of ["cav", "plain"]) {
                const all = of(prefix);
                const root = all.find(
                    (r) => r.type === "strongbox:backup:CrossAccountVault" && r.name === prefix,
                )!;
                expect(root, prefix).to.not.equal(undefined);
                const children = all.filter((r) => r !== root);
                expect(children.length).to.be.greaterThan(4);
                for (const r of children) expect(r.parentUrn, r.name).to.equal(root.urn);
            }
            expect(of("cav").map((r) => r.name)).to.have.members([
                "cav",
                "cav-key",
                "cav-key-alias",
                "cav-vault",
                "cav-lock",
                "cav-policy",
                "cav-sensitive-key",
                "cav-sensitive-key-alias",
                "cav-sensitive-vault",
                "cav-sensitive-lock",
                "cav-sensitive-policy",
            ]);
        });
    });

    describe("validation", () => {
        it("throws from the constructor before declaring anything", async () => {
            expect(
                () => new mod.CrossAccountVault("invalid-vault", { ...full, changeableForDays: 0 }),
            ).to.throw("`changeableForDays` must be at least 3");
            await settle();
            expect(of("invalid-vault")).to.deep.equal([]);
        });
    });
});
