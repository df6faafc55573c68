/** The builders refuse arguments that would render a policy meaning something else than intended. */
import { expect } from "chai";
import { buildBucketPolicy } from "../../components/immutable-backup-bucket/bucket-policy";
import { buildVaultKeyPolicy } from "../../components/cross-account-vault/key-policy";
import { buildBackupKeyPolicy } from "../../components/immutable-backup-bucket/key-policy";
import { buildSensitiveVaultAccessPolicy } from "../../components/cross-account-vault/vault-policy";
import * as limits from "../../shared/limits";
import { KEY_PREFIX } from "../../shared/object-key";
import { PolicyStatement } from "../../components/common/policy-document";
import * as f from "./fixtures";

const withRole = (roleArn: string) => ({ ...f.WRITERS[0], roleArn });
const withPrefix = (keyPrefix: string) => ({ ...f.WRITERS[0], keyPrefix });

const keyArgs = {
    accountId: f.BACKUP,
    keyAdminRoleArns: [f.ADMIN],
    breakGlassRoleArn: f.BREAK_GLASS,
    sourceAccountIds: [f.SOURCE],
};

describe("policy builders: argument validation", () => {
    it("accepts the prod configuration", () => {
        expect(() => buildBucketPolicy(f.bucketArgs)).to.not.throw();
    });
    it("refuses a writer role outside the source accounts (the Allow would silently never match)", () => {
        expect(() =>
            buildBucketPolicy({ ...f.bucketArgs, writers: [withRole(f.STRANGER_SAME_NAME)] }),
        ).to.throw(/`writers` entry .* is in account 333333333333, which is not in `sourceAccountIds`/);
        expect(() => buildBackupKeyPolicy({ ...keyArgs, writerRoleArns: [f.STRANGER_SAME_NAME] })).to.throw(
            /writerRoleArns/,
        );
    });
    it("refuses something that is not a role ARN where a role is expected", () => {
        expect(() =>
            buildBucketPolicy({ ...f.bucketArgs, writers: [withRole("strongbox-pgdump-runner-prod")] }),
        ).to.throw(/`writers` must be IAM role ARNs/);
        expect(() => buildBucketPolicy({ ...f.bucketArgs, deployerRoleArns: ["deployer"] })).to.throw(
            /`deployerRoleArns` must be IAM role ARNs/,
        );
        expect(() => buildBucketPolicy({ ...f.bucketArgs, deployerRoleArns: [] })).to.throw(
            /`deployerRoleArns` must list at least one role/,
        );
        expect(() =>
            buildVaultKeyPolicy({ ...keyArgs, breakGlassRoleArn: "arn:aws:iam::111111111111:user/bob" }),
        ).to.throw(/`breakGlassRoleArn`/);
        expect(() =>
            buildSensitiveVaultAccessPolicy({
                vaultArn: f.VAULT_ARN,
                sourceAccountIds: [f.SOURCE],
                breakGlassRoleArn: "",
            }),
        ).to.throw(/`breakGlassRoleArn`/);
    });
    it("refuses key admins from another account", () => {
        expect(() => buildVaultKeyPolicy({ ...keyArgs, keyAdminRoleArns: [f.WRITER] })).to.throw(
            /`keyAdminRoleArns` entry .* is in account 222222222222, which is not in `accountId` \(111111111111\)/,
        );
    });
    it("refuses malformed account IDs", () => {
        expect(() => buildBucketPolicy({ ...f.bucketArgs, sourceAccountIds: ["2222"] })).to.throw(
            /`sourceAccountIds` must hold 12-digit/,
        );
    });
    it("refuses a maximum below the minimum, and a non-integer minimum", () => {
        expect(() => buildBucketPolicy({ ...f.bucketArgs, maxRetentionDays: f.MIN_DAYS - 1 })).to.throw(
            /`maxRetentionDays`/,
        );
        expect(() => buildBucketPolicy({ ...f.bucketArgs, minimumRetentionDays: 1.5 })).to.throw(
            /`minimumRetentionDays`/,
        );
    });
    it("refuses retention limits outside the ones every layer agrees on (shared/limits.ts)", () => {
        const min = limits.MIN_RETENTION_DAYS;
        expect(() => buildBucketPolicy({ ...f.bucketArgs, minimumRetentionDays: min - 1 })).to.throw(
            new RegExp(`\`minimumRetentionDays\` must be an integer of at least ${min}`),
        );
        expect(() => buildBucketPolicy({ ...f.bucketArgs, minimumRetentionDays: min })).to.not.throw();
        const max = limits.MAX_RETENTION_DAYS;
        expect(() => buildBucketPolicy({ ...f.bucketArgs, maxRetentionDays: max + 1 })).to.throw(
            /`maxRetentionDays`/,
        );
        expect(() => buildBucketPolicy({ ...f.bucketArgs, maxRetentionDays: max })).to.not.throw();
    });
    it("refuses prefixes and database names that would widen the writers' reach", () => {
        for (const keyPrefix of ["", "/layer3", "layer3/", "layer*", "lay?r3"]) {
            expect(
                () => buildBucketPolicy({ ...f.bucketArgs, writers: [withPrefix(keyPrefix)] }),
                keyPrefix,
            ).to.throw(/`writers\[0\]\.keyPrefix`/);
        }
        for (const db of ["*", "app*", "a/b", ""]) {
            expect(
                () => buildBucketPolicy({ ...f.bucketArgs, writers: [{ ...f.WRITERS[0], databases: [db] }] }),
                db,
            ).to.throw(/`writers\[0\]\.databases` must hold database names/);
        }
        expect(() =>
            buildBucketPolicy({ ...f.bucketArgs, writers: [{ ...f.WRITERS[0], databases: [] }] }),
        ).to.throw(/`writers\[0\]\.databases` must list a database/);
    });
    it("holds the prefix to the one rule the runner and the config use (one lowercase path segment)", () => {
        // Each of these passed the builder's own, looser pattern before it used KEY_PREFIX.
        for (const keyPrefix of ["dumps/2024", "Layer3", "layer.3"]) {
            expect(KEY_PREFIX.test(keyPrefix), keyPrefix).to.equal(false);
            expect(
                () => buildBucketPolicy({ ...f.bucketArgs, writers: [withPrefix(keyPrefix)] }),
                keyPrefix,
            ).to.throw(/`writers\[0\]\.keyPrefix` must be a lowercase path segment without "\/"/);
        }
        for (const keyPrefix of ["layer3", "db_dumps-2"]) {
            expect(
                () => buildBucketPolicy({ ...f.bucketArgs, writers: [withPrefix(keyPrefix)] }),
                keyPrefix,
            ).to.not.throw();
        }
    });
    it("refuses a `replicaOf` role that is not a role ARN (the guard would lock replication out)", () => {
        expect(() =>
            buildBucketPolicy({
                ...f.bucketArgs,
                replicaOf: { replicationRoleArn: "strongbox-replication" },
            }),
        ).to.throw(/`replicaOf.replicationRoleArn` must be IAM role ARNs/);
    });
    it("adds only the replication guard and s3:ReplicateObject in the lock statements for `replicaOf`", () => {
        const sid = "DenyReplicationExceptReplicationRole";
        const lockSids = [
            "DenyNonComplianceLockMode",
            "DenyRetentionBelowMinimum",
            "DenyRetentionBeyondMaximum",
        ];
        const withoutReplication = (s: PolicyStatement): PolicyStatement =>
            lockSids.includes(s.Sid)
                ? { ...s, Action: (s.Action as string[]).filter((a) => a !== "s3:ReplicateObject") }
                : s;
        for (const args of [f.bucketArgs, { ...f.bucketArgs, replicationRoleArn: f.REPLICATION_ROLE }]) {
            const without = buildBucketPolicy(args);
            const withGuard = buildBucketPolicy({
                ...args,
                replicaOf: { replicationRoleArn: f.REPLICATION_ROLE },
            });
            expect(without.Statement.map((s) => s.Sid)).to.not.include(sid);
            expect(withGuard.Statement.slice(0, -1).map(withoutReplication)).to.deep.equal(without.Statement);
            for (const lock of lockSids)
                expect(withGuard.Statement.find((s) => s.Sid === lock)!.Action, lock).to.include(
                    "s3:ReplicateObject",
                );
            expect(withGuard.Statement[withGuard.Statement.length - 1]).to.deep.include({
                Sid: sid,
                Effect: "Deny",
                Principal: "*",
                Condition: { ArnNotEquals: { "aws:PrincipalArn": f.REPLICATION_ROLE } },
            });
        }
    });
    it("puts the configured numbers into the conditions (no constants of its own)", () => {
        const doc = buildBucketPolicy({ ...f.bucketArgs, minimumRetentionDays: 40, maxRetentionDays: 500 });
        const cond = (sid: string): unknown => doc.Statement.find((s) => s.Sid === sid)?.Condition;
        expect(cond("DenyRetentionBelowMinimum")).to.deep.equal({
            NumericLessThan: { "s3:object-lock-remaining-retention-days": "40" },
        });
        expect(cond("DenyRetentionBeyondMaximum")).to.deep.equal({
            NumericGreaterThan: { "s3:object-lock-remaining-retention-days": "500" },
        });
    });
});
