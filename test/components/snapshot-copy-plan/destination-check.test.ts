/**
 * The check against the destination vault's lock, on both paths: values known at preview (the check
 * fails before the plan exists) and values unknown at preview (the preview says so, and the check runs
 * as soon as they are known).
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
    resolveSnapshotCopyPlanArgs,
    SnapshotCopyPlanArgs,
} from "../../../components/snapshot-copy-plan/args";
import {
    checkedDestinationArn,
    DestinationLockError,
    destinationProblems,
} from "../../../components/snapshot-copy-plan/destination-check";
import { installMocks, RecordedResource, settle } from "../../harness/offline-mocks";
import * as f from "./fixtures";

type PlanModule = typeof import("../../../components/snapshot-copy-plan");

/** The rejection of an Output's value (`promise()` is the SDK's own, which every `apply` chains on). */
async function failureOf(o: pulumi.Output<unknown>): Promise<Error | undefined> {
    try {
        await (o as unknown as { promise(): Promise<unknown> }).promise();
        return undefined;
    } catch (e) {
        return e as Error;
    }
}

const plan = (rules: SnapshotCopyPlanArgs["rules"] = {}) =>
    resolveSnapshotCopyPlanArgs({ ...f.general, rules });
const lock = (min: number | undefined, max: number | undefined) => ({
    ...f.destination,
    minRetentionDays: min as number,
    maxRetentionDays: max as number,
});
const STACK = "the vault `vaultArn` of the backup stack acme/strongbox/prod-backup";

describe("SnapshotCopyPlan: the destination vault lock check", () => {
    it("passes copies inside the lock's bounds", () => {
        expect(destinationProblems(plan(), lock(35, 3650))).to.deep.equal([]);
        expect(
            destinationProblems(plan({ monthly: { copyRetentionDays: 400 } }), lock(35, 400)),
        ).to.deep.equal([]);
    });

    it("names the key, the value, where the value came from and the lock's limit it breaks", () => {
        expect(destinationProblems(plan({ daily: { copyRetentionDays: 20 } }), lock(35, 400))).to.deep.equal([
            `\`rules.daily.copyRetentionDays\` is 20, below 35, the minimum retention of the lock of ${STACK}: AWS Backup would fail every daily copy job; raise it, or change the vault lock's bounds`,
            `\`rules.monthly.copyRetentionDays\` (unset: the production default of \`rules.monthly.retentionDays\`) is 2555, above 400, the maximum retention of the lock of ${STACK}: AWS Backup would fail every monthly copy job; lower it, or change the vault lock's bounds`,
        ]);
    });

    it("says when the copy inherits a retention the config set", () => {
        expect(destinationProblems(plan({ daily: { retentionDays: 30 } }), lock(35, 3650))).to.deep.equal([
            `\`rules.daily.copyRetentionDays\` (unset: \`rules.daily.retentionDays\`) is 30, below 35, the minimum retention of the lock of ${STACK}: AWS Backup would fail every daily copy job; raise it, or change the vault lock's bounds`,
        ]);
    });

    it("refuses a vault in the source account, or in another region (RDS copies one or the other)", () => {
        const sameAccount = `arn:aws:backup:${f.REGION}:${f.SOURCE}:backup-vault:local`;
        const elsewhere = `arn:aws:backup:ap-southeast-4:${f.BACKUP}:backup-vault:strongbox-prod-vault`;
        expect(destinationProblems(plan(), { ...lock(35, 3650), vaultArn: sameAccount })).to.deep.equal([
            `${STACK} (${sameAccount}) is in the source account ${f.SOURCE}: snapshots must be copied to the backup account`,
        ]);
        expect(destinationProblems(plan(), { ...lock(35, 3650), vaultArn: elsewhere })[0]).to.equal(
            `${STACK} (${elsewhere}) is in ap-southeast-4, the plan in us-east-1: AWS Backup copies RDS snapshots across accounts only within a region; copy into a backup-account vault in us-east-1 instead (the backup stack declares one per source region it lists)`,
        );
    });

    it("refuses a backup stack that does not export the bounds (deployed before it did)", () => {
        expect(destinationProblems(plan(), lock(undefined, 400))).to.deep.equal([
            `${STACK} comes with no minimum retention of its lock (got undefined): \`pulumi up\` the backup stack first, it exports the bounds`,
        ]);
    });

    describe("known at preview: inside the apply that feeds the plan", () => {
        it("fails the Output (and so the preview) with the problems", async () => {
            const checked = checkedDestinationArn(
                plan(),
                {
                    ...f.destination,
                    minRetentionDays: pulumi.output(35),
                    maxRetentionDays: pulumi.output(400),
                },
                () => expect.fail("the values are known: nothing to announce"),
            );
            const err = await failureOf(checked);
            expect(err).to.be.instanceOf(DestinationLockError);
            expect(err!.message).to.match(
                /^Invalid snapshot copies \(checked against the destination vault\):\n {2}- /,
            );
            expect((err as DestinationLockError).problems).to.have.length(1);
            expect((err as DestinationLockError).problems[0]).to.contain("is 2555, above 400");
        });

        it("passes the vault ARN through when every copy fits", async () => {
            const checked = checkedDestinationArn(
                plan(),
                { ...f.destination, maxRetentionDays: pulumi.output(3650) },
                () => {},
            );
            expect(await (checked as unknown as { promise(): Promise<string> }).promise()).to.equal(
                f.VAULT_ARN,
            );
        });
    });

    describe("unknown at preview", () => {
        it("says so in the preview and does not pass anything unchecked", async () => {
            const said: string[] = [];
            const checked = checkedDestinationArn(
                plan(),
                { ...f.destination, maxRetentionDays: pulumi.output(pulumi.unknown as unknown as number) },
                (m) => said.push(m),
            );
            const isKnown = await (checked as unknown as { isKnown: Promise<boolean> }).isKnown;
            expect(isKnown).to.equal(false);
            expect(said).to.deep.equal([
                `the lock bounds of ${STACK} are not known during this preview; every copy's retention is checked against them as soon as they are, before the backup plan is created`,
            ]);
        });
    });

    describe("in the component", () => {
        let recorded: RecordedResource[];
        let mod: PlanModule;
        before(async () => {
            recorded = await installMocks({ accountId: f.SOURCE, region: f.REGION });
            mod = await import("../../../components/snapshot-copy-plan");
        });

        it("throws before declaring anything when the bounds are plain values", async () => {
            expect(
                () => new mod.SnapshotCopyPlan("tight", { ...f.general, destination: lock(35, 400) }),
            ).to.throw(DestinationLockError, "`rules.monthly.copyRetentionDays`");
            await settle();
            expect(recorded.filter((r) => r.name.startsWith("tight"))).to.deep.equal([]);
        });

        it("checks the sensitive destination too", () => {
            expect(
                () =>
                    new mod.SnapshotCopyPlan("tight-sensitive", {
                        ...f.base,
                        sensitiveDestination: {
                            ...f.base.sensitiveDestination!,
                            ...lock(35, 400),
                            vaultArn: f.SENSITIVE_VAULT_ARN,
                        },
                    }),
            ).to.throw(DestinationLockError, "is 2555, above 400");
        });
    });
});
