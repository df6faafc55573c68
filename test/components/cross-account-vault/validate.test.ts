/** CrossAccountVault argument validation: pure, no Pulumi engine. */
import { expect } from "chai";
import { CrossAccountVaultArgs } from "../../../components/cross-account-vault/args";
import { validateCrossAccountVaultArgs } from "../../../components/cross-account-vault/validate";
import { BACKUP, full, SOURCE } from "./fixtures";

describe("CrossAccountVault validation", () => {
    const expectProblem = (patch: Partial<CrossAccountVaultArgs>, message: string) =>
        expect(() => validateCrossAccountVaultArgs({ ...full, ...patch })).to.throw(message);

    it("accepts the full example", () => {
        expect(() => validateCrossAccountVaultArgs(full)).to.not.throw();
    });

    it("refuses a cooling-off AWS would not treat as compliance mode", () => {
        expectProblem(
            { changeableForDays: 1 },
            "`changeableForDays` must be at least 3 (AWS needs 3 days of cooling-off for a compliance-mode vault lock) (got 1)",
        );
    });

    it("refuses retention bounds outside limits.ts or inverted", () => {
        expectProblem({ minRetentionDays: 7 }, "`minRetentionDays` must be at least 30 (got 7)");
        expectProblem(
            { maxRetentionDays: 39 },
            "`maxRetentionDays` (39) must be at least `minRetentionDays` (40)",
        );
        expectProblem({ maxRetentionDays: 5000 }, "`maxRetentionDays` must be at most 3650");
    });

    it("refuses bad names, accounts and roles", () => {
        expectProblem({ vaultName: "a" }, '`vaultName` must be 2-50 letters, digits, "-" or "_" (got "a")');
        expectProblem(
            { sensitiveVaultName: "cav-full-vault" },
            "`sensitiveVaultName` must differ from `vaultName`",
        );
        expectProblem(
            { sourceAccountIds: [] },
            "`sourceAccountIds` must list at least one source account ID",
        );
        expectProblem(
            { sourceAccountIds: [BACKUP] },
            "`sourceAccountIds` must not include the backup account 111111111111",
        );
        expectProblem({ organizationId: "org-1" }, '`organizationId` must look like "o-abc123defg"');
        expectProblem(
            { breakGlassRoleArn: `arn:aws:iam::${SOURCE}:role/bg` },
            "`breakGlassRoleArn` must be a role in the backup account 111111111111",
        );
    });

    it("refuses deployers and a restore role outside the backup account, and an unknown vault type", () => {
        expectProblem(
            { deployerRoleArns: [`arn:aws:iam::${SOURCE}:role/deployer`] },
            "`deployerRoleArns[0]` must be a role in the backup account 111111111111",
        );
        expectProblem(
            { sensitiveRestoreRoleArn: `arn:aws:iam::${SOURCE}:role/restore` },
            "`sensitiveRestoreRoleArn` must be a role in the backup account 111111111111",
        );
        expectProblem(
            { sensitiveVaultName: undefined },
            "`sensitiveRestoreRoleArn` needs a sensitive vault: set `sensitiveVaultName` or remove it",
        );
        expectProblem(
            { vaultType: "glacier" as never },
            '`vaultType` must be one of "locked", "air-gapped" (got "glacier")',
        );
    });

    it("refuses source regions that are not regions, repeat, or are the vaults' own region", () => {
        expectProblem(
            { region: "ap-southeast-4", sourceRegions: ["useast1"] },
            "`sourceRegions[0]` must be an AWS region",
        );
        expectProblem(
            { region: "ap-southeast-4", sourceRegions: ["ap-southeast-4"] },
            "`sourceRegions[0]` is `region` (ap-southeast-4), where the vaults are anyway; remove it",
        );
        expectProblem(
            { region: "ap-southeast-4", sourceRegions: ["us-east-1", "us-east-1"] },
            '`sourceRegions[1]` repeats "us-east-1"; remove it',
        );
        expectProblem(
            { sourceRegions: ["us-east-1"] },
            "`sourceRegions` needs `region`, the vaults' own region",
        );
    });
});
