/**
 * The pack as a whole and the harness under every other test: config defaults
 * agree with the program's limits, type tokens and unknown sentinels agree with
 * the installed packages, policies are shaped alike (each in the kebab-case
 * file its name gives, so a reported policy leads to its file; mandatory by
 * default; a one-sentence description, which the CLI prints beside every
 * violation), and the harness behaves like the analyzer (isType honours its
 * argument, unknowns throw).
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as limits from "../../shared/limits";
import { BACKUP_BUCKET_TAG } from "../../components/common/bucket-tags";
import { DEFAULTS } from "../lib/config";
import { STACK_REFERENCE, T } from "../lib/types";
import { isUnknown, plain, UNKNOWN_SENTINELS } from "../lib/values";
import { allPolicies } from "../policies";
import { backupBucketObjectLock } from "../policies/backup-bucket-object-lock";
import { backupPlanRetention } from "../policies/backup-plan-retention";
import { BACKUP_BUCKET_NAME, backupStack, bucket, childOf, COMPONENT, keyOf, settingOf } from "./fixtures";
import {
    ALL_SENTINELS,
    configFor,
    isStackPolicy,
    policyResources,
    resourceArgs,
    runResourcePolicy,
    specUrn,
    UNKNOWN,
} from "./harness";

import { FRAMEWORK_CONTROL_NAMES } from "../../components/backup-auditor/framework/controls";
import { CANARY_PREFIX, RECEIPTS_PREFIX } from "../../shared/audit";

const POLICIES_DIR = path.join(__dirname, "..", "policies");

describe("policy pack", () => {
    describe("config defaults agree with shared/limits.ts", () => {
        it("retention, key deletion window, cold storage, vault lock and log retention", () => {
            expect(DEFAULTS.minRetentionDays).to.equal(limits.MIN_RETENTION_DAYS);
            expect(DEFAULTS.maxRetentionDays).to.equal(limits.MAX_RETENTION_DAYS);
            expect(DEFAULTS.minKmsDeletionWindowDays).to.equal(limits.KMS_DELETION_WINDOW_DAYS);
            expect(DEFAULTS.minColdStorageDays).to.equal(limits.MIN_COLD_STORAGE_DAYS);
            expect(DEFAULTS.minChangeableForDays).to.equal(limits.MIN_CHANGEABLE_FOR_DAYS);
            expect(DEFAULTS.minLogRetentionDays).to.equal(limits.DEFAULT_LOG_RETENTION_DAYS);
        });
        it("the backup-bucket tag the components set", () => {
            expect(DEFAULTS.backupBucketTagKey).to.equal(BACKUP_BUCKET_TAG);
        });
        it("the canary and receipts prefixes of shared/audit.ts and the controls the BackupAuditor's framework declares", () => {
            expect(DEFAULTS.canaryPrefix).to.equal(CANARY_PREFIX);
            expect(DEFAULTS.receiptsPrefix).to.equal(RECEIPTS_PREFIX);
            expect(DEFAULTS.requiredFrameworkControls).to.have.members([...FRAMEWORK_CONTROL_NAMES]);
        });
        it("every policy's configSchema default is the pack default", () => {
            for (const p of allPolicies) {
                for (const [key, schema] of Object.entries(p.configSchema?.properties ?? {})) {
                    expect(schema.default, `${p.name}.${key}`).to.deep.equal(
                        DEFAULTS[key as keyof typeof DEFAULTS],
                    );
                }
            }
        });
    });

    describe("shape: one policy per kebab-case file, mandatory, one-sentence description", () => {
        it("has one policy per file under policies/, named as its file", () => {
            const files = fs
                .readdirSync(POLICIES_DIR)
                .filter((f) => f !== "index.ts")
                .map((f) => f.replace(/\.ts$/, ""));
            expect(allPolicies.map((p) => p.name).sort()).to.deep.equal(files.sort());
            for (const p of allPolicies) expect(p.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        });
        it("is mandatory by default with a one-sentence description", () => {
            for (const p of allPolicies) {
                expect(p.enforcementLevel, p.name).to.equal("mandatory");
                expect(p.description, p.name).to.match(/^[A-Z][^]*\.$/);
                expect(
                    p.description
                        .replace(/\([^)]*\)/g, "")
                        .replace(/e\.g\./g, "")
                        .split(/\.\s/),
                    p.name,
                ).to.have.length(1);
            }
        });
        it("PulumiPolicy.yaml declares the nodejs runtime", () => {
            expect(fs.readFileSync(path.join(__dirname, "..", "PulumiPolicy.yaml"), "utf8")).to.match(
                /^runtime: nodejs$/m,
            );
        });
        it("the pack's index.ts registers exactly allPolicies (read, not imported: it would start a server)", () => {
            const index = fs.readFileSync(path.join(__dirname, "..", "index.ts"), "utf8");
            expect(index).to.match(/policies: allPolicies/);
            expect(index).to.match(/enforcementLevel: "mandatory"/);
        });
    });

    describe("agreement with the installed packages", () => {
        it("type tokens are the @pulumi/aws classes' tokens", () => {
            const classes: Record<keyof typeof T, { __pulumiType: string }> = {
                bucket: aws.s3.Bucket as never,
                bucketV2: aws.s3.BucketV2 as never,
                objectLock: aws.s3.BucketObjectLockConfiguration as never,
                objectLockV2: aws.s3.BucketObjectLockConfigurationV2 as never,
                encryption: aws.s3.BucketServerSideEncryptionConfiguration as never,
                encryptionV2: aws.s3.BucketServerSideEncryptionConfigurationV2 as never,
                versioning: aws.s3.BucketVersioning as never,
                versioningV2: aws.s3.BucketVersioningV2 as never,
                publicAccessBlock: aws.s3.BucketPublicAccessBlock as never,
                ownershipControls: aws.s3.BucketOwnershipControls as never,
                bucketPolicy: aws.s3.BucketPolicy as never,
                lifecycle: aws.s3.BucketLifecycleConfiguration as never,
                lifecycleV2: aws.s3.BucketLifecycleConfigurationV2 as never,
                replication: aws.s3.BucketReplicationConfig as never,
                kmsKey: aws.kms.Key as never,
                vault: aws.backup.Vault as never,
                airGappedVault: aws.backup.LogicallyAirGappedVault as never,
                vaultLock: aws.backup.VaultLockConfiguration as never,
                vaultPolicy: aws.backup.VaultPolicy as never,
                plan: aws.backup.Plan as never,
                role: aws.iam.Role as never,
                rolePolicy: aws.iam.RolePolicy as never,
                rolePolicyAttachment: aws.iam.RolePolicyAttachment as never,
                policyAttachment: aws.iam.PolicyAttachment as never,
                iamPolicy: aws.iam.Policy as never,
                logGroup: aws.cloudwatch.LogGroup as never,
                framework: aws.backup.Framework as never,
                reportPlan: aws.backup.ReportPlan as never,
                metricAlarm: aws.cloudwatch.MetricAlarm as never,
            };
            for (const [key, token] of Object.entries(T)) {
                expect(classes[key as keyof typeof T].__pulumiType, key).to.equal(token);
            }
        });
        it("the StackReference token is @pulumi/pulumi's", () => {
            const source = fs.readFileSync(require.resolve("@pulumi/pulumi/stackReference.js"), "utf8");
            expect(source).to.contain(`super("${STACK_REFERENCE}"`);
        });
        it("the unknown sentinels are @pulumi/policy's", () => {
            expect([...UNKNOWN_SENTINELS].sort()).to.deep.equal([...ALL_SENTINELS].sort());
        });
    });

    describe("the harness", () => {
        it("isType and asType honour their argument", async () => {
            const specs = await backupStack();
            const args = resourceArgs(backupBucketObjectLock, bucket(specs, "primary"));
            expect(args.isType(aws.s3.Bucket)).to.equal(true);
            expect(args.isType(aws.s3.BucketV2)).to.equal(false);
            expect(args.isType(aws.kms.Key)).to.equal(false);
            expect(args.asType(aws.s3.Bucket)?.bucket).to.equal(BACKUP_BUCKET_NAME);
            expect(args.asType(aws.kms.Key)).to.equal(undefined);
            const keyUrn = specUrn(keyOf(specs, COMPONENT.bucket));
            const key = policyResources(specs).find((r) => r.urn === keyUrn)!;
            expect(key.isType(aws.kms.Key)).to.equal(true);
            expect(key.isType(aws.s3.Bucket)).to.equal(false);
        });
        it("getConfig returns the schema's defaults under the user's values, and stackTags and opts are filled in", async () => {
            const vault = childOf(await backupStack(), COMPONENT.vault, "-vault");
            const args = resourceArgs(backupPlanRetention, vault, {
                minRetentionDays: 45,
            });
            expect(args.getConfig()).to.deep.equal({
                minRetentionDays: 45,
                maxRetentionDays: 3650,
                minColdStorageDays: 90,
            });
            expect(configFor(backupPlanRetention)).to.deep.equal({
                minRetentionDays: 30,
                maxRetentionDays: 3650,
                minColdStorageDays: 90,
            });
            expect(args.stackTags.get("owner")).to.equal("platform");
            expect(args.opts.parent).to.be.a("string");
            expect(args.opts.customTimeouts).to.deep.equal({
                createSeconds: 0,
                updateSeconds: 0,
                deleteSeconds: 0,
            });
        });
        it("notApplicable is reported as such", async () => {
            const report = await runResourcePolicy(
                {
                    name: "n-a",
                    description: "Test.",
                    validateResource: (args) => args.notApplicable("only for vaults"),
                },
                bucket(await backupStack(), "primary"),
            );
            expect(report.notApplicable).to.deep.equal(["only for vaults"]);
            expect(report.mandatory).to.deep.equal([]);
        });
        it("links parent, dependencies and propertyDependencies to resource objects", async () => {
            const specs = await backupStack();
            const lockSpec = settingOf(specs, T.objectLock, "primary");
            const versioningSpec = settingOf(specs, T.versioning, "primary");
            // The component declares the lock `dependsOn: [versioning]`; the mocks do not record
            // dependsOn, so it is declared here to exercise the linking of dependsOn too.
            lockSpec.dependsOn = [specUrn(versioningSpec)];
            const resources = policyResources(specs);
            const byUrn = (urn: string) => resources.find((r) => r.urn === urn)!;
            const lock = byUrn(specUrn(lockSpec));
            const primary = byUrn(specUrn(bucket(specs, "primary")));
            expect(lock.propertyDependencies.bucket).to.deep.equal([primary]);
            expect(lock.dependencies.map((d) => d.name).sort()).to.deep.equal(
                [primary.name, versioningSpec.name].sort(),
            );
            expect(lock.parent?.type).to.equal(COMPONENT.bucket);
            expect(lock.parent?.urn).to.equal(lockSpec.parent);
        });
        it("models unknowns with the analyzer's proxy: reading one throws, plain() sees the sentinel", async () => {
            const spec = settingOf(await backupStack(), T.objectLock, "primary");
            spec.props.bucket = UNKNOWN;
            const args = resourceArgs(backupBucketObjectLock, spec);
            expect(() => args.props.bucket).to.throw("string value at .bucket can't be known during preview");
            expect(isUnknown(plain(args.props).bucket)).to.equal(true);
        });
        it("a policy that reads an unknown through the proxy is reported advisory, as the analyzer does", async () => {
            const spec = settingOf(await backupStack(), T.objectLock, "primary");
            spec.props.bucket = UNKNOWN;
            const report = await runResourcePolicy(
                {
                    name: "naive",
                    description: "Test.",
                    validateResource: (args, rv) => rv(String(args.props.bucket)),
                },
                spec,
            );
            expect(report.mandatory).to.deep.equal([]);
            expect(report.advisory).to.deep.equal([
                "can't run policy 'naive' from policy pack 'strongbox@v0.1.0' during preview: string value at .bucket can't be known during preview",
            ]);
        });
        it("counts stack and resource policies", () => {
            expect(allPolicies.filter(isStackPolicy)).to.have.length(18);
            expect(allPolicies.filter((p) => !isStackPolicy(p))).to.have.length(5);
        });
    });
});
