/**
 * The source stack's snapshot copies, wired to the backup stack through the StackReference: the plan
 * copies into the backup account's vault of its own region, and a backup stack that cannot take the
 * copies fails the preview with a message that says what to change.
 */
import { expect } from "chai";
import { readStackRawConfig, runStackOffline } from "../../scripts/preview-offline";
import { parseStackConfig, SourceStackConfig } from "../../stacks/config";
import { STUB_BUNDLE } from "../components/pg-dump-runner/fixtures";
import { installMocks, RecordedResource, resolveDeep, settle } from "../harness/offline-mocks";

// A JSON tree mutated freely in tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyJson = any;

const source = readStackRawConfig("prod-source");
const BACKUP_STACK = (source.raw.source as { backupStack: string }).backupStack;

function sourceConfig(mutate: (s: AnyJson) => void = () => {}): SourceStackConfig {
    const raw = structuredClone(source.raw) as AnyJson;
    mutate(raw.source);
    return parseStackConfig(raw, source.region) as SourceStackConfig;
}

/** The source stack against the given backup stack outputs: what it declared, or why it failed. */
async function run(cfg: SourceStackConfig, backupOutputs: Record<string, unknown>) {
    const recorded = await installMocks({
        accountId: "222222222222",
        region: source.region,
        stack: "prod-source",
        stackReferences: { [BACKUP_STACK]: backupOutputs },
    });
    const { buildSourceStack } = await import("../../stacks/source-stack");
    try {
        const outputs = (await resolveDeep(buildSourceStack(cfg, { runnerBundle: STUB_BUNDLE }))) as Record<
            string,
            unknown
        >;
        await settle();
        return { recorded, outputs, error: undefined };
    } catch (error) {
        // Let every other registration finish, so that what was not declared is really absent.
        await settle().catch(() => undefined);
        return { recorded, outputs: {}, error: error as Error };
    }
}

describe("source stack: RDS snapshot copies", () => {
    let backup: Record<string, AnyJson>;
    before(async () => {
        backup = (await runStackOffline("prod-backup")).outputs as Record<string, AnyJson>;
    });

    describe("with the example stacks", () => {
        let recorded: RecordedResource[];
        let outputs: Record<string, unknown>;
        before(async () => {
            ({ resources: recorded, outputs } = await runStackOffline("prod-source"));
        });
        const named = (name: string) => recorded.find((r) => r.name === name)!;
        const copyTargets = (plan: string) =>
            (named(plan).inputs.rules as AnyJson[]).flatMap((r) =>
                (r.copyActions ?? []).map((c: AnyJson) => c.destinationVaultArn),
            );

        it("copies into the backup account's vaults of its own region, read from the StackReference", () => {
            const east = backup.vaultsByRegion["us-east-1"];
            expect(new Set(copyTargets("strongbox-prod-snapshots-plan"))).to.deep.equal(
                new Set([east.vaultArn]),
            );
            expect(new Set(copyTargets("strongbox-prod-snapshots-sensitive-plan"))).to.deep.equal(
                new Set([east.sensitiveVaultArn]),
            );
            expect(east.vaultArn).to.not.equal(backup.vaultArn);
            expect(outputs).to.deep.include({
                snapshotCopyVaultArn: east.vaultArn,
                snapshotSensitiveCopyVaultArn: east.sensitiveVaultArn,
                snapshotVaultName: "strongbox-prod-snapshots",
            });
        });

        it("takes the example's overrides and the production defaults", () => {
            const rules = Object.fromEntries(
                (named("strongbox-prod-snapshots-plan").inputs.rules as AnyJson[]).map((r) => [
                    r.ruleName,
                    r,
                ]),
            );
            expect(rules.monthly.lifecycle).to.deep.equal({ deleteAfter: 400, coldStorageAfter: 30 });
            expect(rules.daily.lifecycle).to.deep.equal({ deleteAfter: 90 });
            expect(rules.continuous).to.deep.include({
                enableContinuousBackup: true,
                lifecycle: { deleteAfter: 35 },
            });
        });
    });

    it("declares nothing for snapshots without a `snapshots` section", async () => {
        const { recorded, outputs, error } = await run(
            sourceConfig((s) => delete s.snapshots),
            backup,
        );
        expect(error).to.equal(undefined);
        expect(recorded.filter((r) => r.type.startsWith("aws:backup/"))).to.deep.equal([]);
        expect(Object.keys(outputs).filter((k) => k.startsWith("snapshot"))).to.deep.equal([]);
    });

    /** What fails, the source and backup changes that make it fail, the message, and the plan never declared. */
    const failures: Array<[string, (s: AnyJson) => void, (b: AnyJson) => void, string, string?]> = [
        [
            "a backup stack without a vault in the source region",
            () => {},
            (b) => delete b.vaultsByRegion["us-east-1"],
            "the backup account's vault for us-east-1 (`vaultsByRegion` of the backup stack acme/strongbox/prod-backup) does not exist: add us-east-1 to `strongbox:backup.vault.sourceRegions` and `pulumi up` the backup stack first",
        ],
        [
            "a backup stack deployed before it exported its vaults by region",
            () => {},
            (b) => delete b.vaultsByRegion,
            "the backup account's vault for us-east-1 (`vaultsByRegion` of the backup stack acme/strongbox/prod-backup) does not exist",
        ],
        [
            "sensitive databases but no sensitive vault",
            () => {},
            (b) => {
                for (const k of [
                    "sensitiveVaultArn",
                    "sensitiveVaultMinRetentionDays",
                    "sensitiveVaultMaxRetentionDays",
                ])
                    delete b.vaultsByRegion["us-east-1"][k];
            },
            "the backup account's sensitive vault for us-east-1 (`vaultsByRegion` of the backup stack acme/strongbox/prod-backup) does not exist: set `strongbox:backup.vault.sensitiveVault`",
            "strongbox-prod-snapshots-sensitive-plan",
        ],
        [
            "the production default monthly retention against a 400-day lock",
            (s) => delete s.snapshots.rules,
            () => {},
            "`strongbox:source.snapshots.rules.monthly.copyRetentionDays` (unset: the production default of `strongbox:source.snapshots.rules.monthly.retentionDays`) is 2555, above 400, the maximum retention of the lock of the backup account's vault for us-east-1",
        ],
        [
            "a copy kept less than the lock's minimum",
            (s) => (s.snapshots.rules.daily = { copyRetentionDays: 14 }),
            () => {},
            "`strongbox:source.snapshots.rules.daily.copyRetentionDays` is 14, below 35, the minimum retention of the lock",
        ],
        [
            "a vault map that points at another region",
            () => {},
            (b) => (b.vaultsByRegion["us-east-1"].vaultArn = b.vaultArn),
            "is in ap-southeast-4, the plan in us-east-1: AWS Backup copies RDS snapshots across accounts only within a region",
        ],
    ];
    for (const [what, mutateSource, mutateBackup, says, plan = "strongbox-prod-snapshots-plan"] of failures) {
        it(`fails the preview, before the plan exists, for ${what}`, async () => {
            const outputs = structuredClone(backup);
            mutateBackup(outputs);
            const { recorded, error } = await run(sourceConfig(mutateSource), outputs);
            expect(error?.name).to.equal("DestinationLockError");
            expect(error!.message).to.contain(says);
            expect(recorded.map((r) => r.name)).to.not.include(plan);
            // The rest of the stack is declared as usual: the runner does not depend on the snapshots.
            expect(recorded.map((r) => r.name)).to.include("strongbox-prod-pgdump-project");
        });
    }
});
