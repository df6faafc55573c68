/**
 * The whole pack over what both real stacks declare, previewed offline under
 * mocks (scripts/preview-offline.ts): no mandatory violation as written, and
 * each of a table of mutations (pack-over-stacks/mutations.ts), applied to the
 * recorded resources, caught by the policy that owns the rule (and only by it).
 */
import { expect } from "chai";
import { T } from "../lib/types";
import { allPolicies } from "../policies";
import type { RecordedResource } from "../../test/harness/offline-mocks";
import {
    AdapterOptions,
    backupStack,
    recordsOf,
    settingOf,
    sourceStack,
    toPolicyResources,
} from "./fixtures";
import { policyResources, Report, runPack } from "./harness";
import { MUTATIONS, retention } from "./pack-over-stacks/mutations";
import { Records } from "./pack-over-stacks/records";

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
    T.lifecycle,
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
    describe("over the fixtures the per-policy tests start from", () => {
        for (const [name, specs] of [
            ["backup", backupStack],
            ["source", sourceStack],
        ] as const) {
            it(`reports nothing on the ${name} fixture`, async () => {
                const report = await runPack(allPolicies, policyResources(await specs()));
                expect(report.diagnostics).to.deep.equal([]);
            });
        }
    });

    describe("over both stacks, previewed offline", () => {
        for (const name of ["prod-backup", "prod-source"] as const) {
            it(`${name}: no violation and no advisory`, async () => {
                const report = await packOver(await recordsOf(name));
                expect(report.diagnostics).to.deep.equal([]);
            });
        }

        it("prod-backup declares what the pack checks (so the pass above means something)", async () => {
            const types = (await recordsOf("prod-backup")).map((r) => r.type);
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
            expect((await recordsOf("prod-source")).map((r) => r.type)).to.include.members([
                T.role,
                T.rolePolicy,
                T.logGroup,
            ]);
        });

        it("correlates at preview (ids, ARNs and every setting's bucket, vault and role unknown) through dependencies", async () => {
            const clean = await packOver(await recordsOf("prod-backup"), { unknownInputs: previewUnknowns });
            expect(clean.diagnostics).to.deep.equal([]);
            const governance = new Records(await recordsOf("prod-backup"));
            governance.edit(T.objectLock, (p) => (retention(p).mode = "GOVERNANCE"), governance.backups());
            const report = await packOver(governance.records, { unknownInputs: previewUnknowns });
            expect(flagged(report)).to.deep.equal(["backup-bucket-object-lock"]);
            expect(report.mandatory).to.have.length(2);
            expect(
                (await packOver(await recordsOf("prod-source"), { unknownInputs: previewUnknowns }))
                    .diagnostics,
            ).to.deep.equal([]);
        });

        it("correlates by value alone, without any dependency information", async () => {
            expect(
                (await packOver(await recordsOf("prod-backup"), { dependencies: false })).diagnostics,
            ).to.deep.equal([]);
            const days = new Records(await recordsOf("prod-backup"));
            days.edit(T.objectLock, (p) => (retention(p).days = 7), days.of("primary"));
            expect(flagged(await packOver(days.records, { dependencies: false }))).to.deep.equal([
                "backup-bucket-object-lock",
            ]);
        });

        it("reports a bucket policy unknown at preview as advisory, not as a pass", async () => {
            const s = new Records(await recordsOf("prod-backup"));
            s.edit(
                T.bucketPolicy,
                (p) => (p.policy = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"),
                s.of("primary"),
            );
            const policyName = s.pick((specs) => settingOf(specs, T.bucketPolicy, "primary")).name;
            const report = await packOver(s.records);
            expect(report.mandatory).to.deep.equal([]);
            // Every policy that reads the bucket policy says it could not, none passes it.
            expect(report.advisory).to.deep.equal(
                [
                    "backup-bucket-policy-guardrails",
                    "backup-bucket-conditional-writes",
                    "backup-bucket-sse-c-blocked",
                    "backup-bucket-writer-confinement",
                ].map(
                    (name) =>
                        `can't run policy '${name}' from policy pack 'strongbox@v0.1.0' during preview: not checkable until apply: ` +
                        `policy of bucket policy "${policyName}"`,
                ),
            );
        });

        for (const m of MUTATIONS) {
            it(`${m.stack}: ${m.title} -> ${m.policies.join(", ")}`, async () => {
                const s = new Records(await recordsOf(m.stack));
                await m.apply(s);
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
