/**
 * Deployed identity: a stack that has run `pulumi up` must never see a replacement because code was
 * renamed or moved. The URNs both example stacks declare under the mocks are committed in
 * `deployed-urns.json`; every one of them must still be declared, either as a resource's own URN or
 * through its `aliases`. A resource that is new gets its URN added to the list in the same change,
 * deliberately, so that a rename can never pass as "one removed, one added".
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { runStackOffline } from "../../scripts/preview-offline";

const LIST = path.join(__dirname, "deployed-urns.json");
const committed = JSON.parse(fs.readFileSync(LIST, "utf8")) as Record<string, string[]>;

describe("deployed identity: both stacks keep the URNs they have deployed", () => {
    for (const stack of ["prod-backup", "prod-source"]) {
        describe(stack, () => {
            let declared: Set<string>;
            let answered: Set<string>;
            let preview: Awaited<ReturnType<typeof runStackOffline>>;
            before(async () => {
                preview = await runStackOffline(stack);
                declared = new Set(preview.resources.map((r) => r.urn));
                answered = new Set(preview.resources.flatMap((r) => [r.urn, ...r.aliasUrns]));
            });

            it("still answers to every committed URN (own URN or alias)", () => {
                const lost = committed[stack].filter((urn) => !answered.has(urn));
                expect(
                    lost,
                    "these deployed resources would be replaced: keep their names, types and parents, or add `aliases`",
                ).to.deep.equal([]);
            });

            it("declares nothing that is missing from the committed list", () => {
                const known = new Set(committed[stack]);
                const unlisted = [...declared].filter((urn) => !known.has(urn)).sort();
                expect(
                    unlisted,
                    `new resources: add their URNs to ${path.relative(process.cwd(), LIST)} in the same change`,
                ).to.deep.equal([]);
            });

            it("protects every resource that holds backups or can unlock them (buckets, keys, vaults, locks)", () => {
                // The source stack's only bucket holds the runner's code, which `pulumi up` re-uploads.
                const holders = preview.resources.filter(
                    (r) => HOLDS_BACKUPS.includes(r.type) && !r.name.endsWith("-artifacts"),
                );
                if (stack === "prod-backup") expect(holders.length).to.be.greaterThan(10);
                const unprotected = holders.filter((r) => !r.protect).map((r) => r.urn);
                expect(unprotected).to.deep.equal([]);
            });
        });
    }
});

/** Losing one of these loses backups or the means to read them; `protect` makes that a reviewed change. */
const HOLDS_BACKUPS = [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "aws:kms/key:Key",
    "aws:backup/vault:Vault",
    "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault",
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
];
