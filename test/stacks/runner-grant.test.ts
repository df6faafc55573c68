/**
 * The two stacks' contract about who writes what: the source stack runs only what the backup stack's
 * `writers` grant its runner role, under the prefix granted there.
 */
import { expect } from "chai";
import { installMocks, RecordedResource, settle } from "../harness/offline-mocks";
import { readStackRawConfig, runStackOffline } from "../../scripts/preview-offline";
import { ConfigError, parseStackConfig, SourceStackConfig } from "../../stacks/config";
import { BackupWriters, runnerRoleArn, runnerWriterGrant } from "../../stacks/runner-grant";
import {
    one,
    policyOf,
    SOURCE_ACCOUNT,
    SOURCE_REGION,
    statement,
    STUB_BUNDLE,
} from "../components/pg-dump-runner/fixtures";

const ROLE = runnerRoleArn(SOURCE_ACCOUNT, "strongbox-pgdump-runner-prod");
const REF = "acme/strongbox/prod-backup";

describe("runner grant: the source stack against the backup stack's writers", () => {
    const writers: BackupWriters = {
        [ROLE]: { keyPrefix: "layer3-payments", databases: ["appdb", "billing"] },
    };

    it("gives the runner role's prefix when every scheduled database is granted", () => {
        expect(ROLE).to.equal("arn:aws:iam::222222222222:role/strongbox-pgdump-runner-prod");
        expect(runnerWriterGrant(writers, ROLE, ["billing"], REF)).to.deep.equal(writers[ROLE]);
    });

    it("names the databases the backup stack does not grant, and the key to edit", () => {
        expect(() => runnerWriterGrant(writers, ROLE, ["appdb", "payroll", "hr"], REF))
            .to.throw(ConfigError)
            .with.property("problems")
            .that.deep.equals([
                '`strongbox:source.databases` "payroll", "hr" are not among the databases the backup stack ' +
                    `${REF} lets ${ROLE} write ("appdb", "billing"); add them to that role's entry in its ` +
                    "`strongbox:backup.writers` (`databases`) and update the backup stack first: until then its " +
                    "bucket policy refuses their dumps",
            ]);
    });

    it("says how to add a runner role the backup stack does not know", () => {
        expect(() => runnerWriterGrant({}, ROLE, ["appdb"], REF)).to.throw(
            `the backup stack ${REF} lets no runner role ${ROLE} write; add \`{ roleArn: ${ROLE}, databases: [appdb] }\``,
        );
    });

    describe("in the source stack", () => {
        // The backup stack's real outputs (its vaults too, which the source stack's snapshot copies read),
        // with only `writers` replaced by each test's grant.
        let backupOutputs: Record<string, unknown>;
        before(async () => {
            backupOutputs = (await runStackOffline("prod-backup")).outputs;
        });

        async function buildWith(
            grant: BackupWriters,
        ): Promise<{ recorded: RecordedResource[]; failures: string[] }> {
            const failures: string[] = [];
            const onRejection = (reason: unknown) => failures.push(String(reason));
            process.on("unhandledRejection", onRejection);
            try {
                const recorded = await installMocks({
                    accountId: SOURCE_ACCOUNT,
                    region: SOURCE_REGION,
                    stackReferences: { [REF]: { ...backupOutputs, writers: grant } },
                });
                const { buildSourceStack } = await import("../../stacks/source-stack");
                const { raw, region } = readStackRawConfig("prod-source");
                buildSourceStack(parseStackConfig(raw, region) as SourceStackConfig, {
                    runnerBundle: STUB_BUNDLE,
                });
                await settle();
                // A failed registration surfaces as a rejection the engine would report; give it a turn.
                await new Promise((resolve) => setTimeout(resolve, 100));
                return { recorded, failures };
            } finally {
                process.off("unhandledRejection", onRejection);
            }
        }

        it("writes under the prefix the backup stack granted its runner role, not the bucket's default", async () => {
            const { recorded, failures } = await buildWith(writers);
            expect(failures).to.deep.equal([]);
            const env = (
                one(recorded, "aws:codebuild/project:Project").inputs.environment as {
                    environmentVariables: Array<{ name: string; value: string }>;
                }
            ).environmentVariables;
            expect(env.find((v) => v.name === "BACKUP_KEY_PREFIX")!.value).to.equal("layer3-payments");
            expect(backupOutputs.keyPrefix).to.not.equal("layer3-payments");
            const dumps = policyOf(one(recorded, "aws:iam/policy:Policy", "strongbox-prod-pgdump-dumps-0"));
            expect(statement(dumps, "WriteAndReadBackOwnDumps0").Resource).to.deep.equal([
                `${String(backupOutputs.bucketArn)}/layer3-payments/appdb/*`,
                `${String(backupOutputs.bucketArn)}/layer3-payments/billing/*`,
            ]);
        });

        it("fails the deployment, naming the database, when it schedules one the backup stack does not grant", async () => {
            const { failures } = await buildWith({ [ROLE]: { keyPrefix: "layer3", databases: ["appdb"] } });
            expect(failures.length).to.be.greaterThan(0);
            expect(
                failures.every((f) => f.includes('`strongbox:source.databases` "billing" is not among')),
            ).to.equal(true);
        });
    });
});
