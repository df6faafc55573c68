import { expect } from "chai";
import { availableStacks, renderTree, runStackOffline } from "../../scripts/preview-offline";
import { ConfigError } from "../../stacks/config";

describe("offline preview (npm run preview:offline)", () => {
    it("finds both example stacks", () => {
        expect(availableStacks()).to.include.members(["prod-backup", "prod-source"]);
    });

    for (const stack of ["prod-backup", "prod-source"]) {
        it(`previews ${stack}: every resource sits under a Strongbox component`, async () => {
            const preview = await runStackOffline(stack);
            expect(preview.resources.length).to.be.greaterThan(10);
            const roots = preview.resources.filter(
                (r) => !preview.resources.some((p) => p.urn === r.parentUrn),
            );
            expect(
                roots.map((r) => r.type).every((t) => t.startsWith("strongbox:")),
                roots.map((r) => r.type).join(", "),
            ).to.equal(true);
            const tree = renderTree(preview.resources).split("\n");
            expect(tree).to.have.length(preview.resources.length);
        });
    }

    it("answers the source stack's StackReference with the backup stack's own outputs", async () => {
        const backup = await runStackOffline("prod-backup");
        const source = await runStackOffline("prod-source");
        expect(source.outputs.backupBucketName).to.equal(backup.outputs.bucketName);
        expect(source.outputs.backupVaultArn).to.equal(backup.outputs.vaultArn);
    });

    it("refuses an unknown stack by naming the stacks that exist", async () => {
        let message = "";
        await runStackOffline("prod-nowhere").catch((e: Error) => (message = e.message));
        expect(message).to.match(/no stack file Pulumi\.prod-nowhere\.yaml; available stacks: .*prod-backup/);
    });

    it("stops on bad config before declaring anything", async () => {
        let error: unknown;
        const preview = runStackOffline("prod-backup", { "strongbox:environment": "Bad Env" }).catch(
            (e: unknown) => (error = e),
        );
        await preview;
        expect(error).to.be.instanceOf(ConfigError);
        expect((error as ConfigError).problems[0]).to.match(
            /^`strongbox:environment` must be 2-16 lowercase/,
        );
    });
});
