/** Arguments shared by the CrossAccountVault tests. */
import { CrossAccountVaultArgs } from "../../../components/cross-account-vault/args";

export const BACKUP = "111111111111";
export const SOURCE = "222222222222";
export const ADMIN = `arn:aws:iam::${BACKUP}:role/platform-admin`;
export const BREAK_GLASS = `arn:aws:iam::${BACKUP}:role/strongbox-break-glass`;
export const ORG = "o-abc123defg45";
export const DEPLOYER = `arn:aws:iam::${BACKUP}:role/strongbox-deployer`;
export const RESTORE_ROLE = `arn:aws:iam::${BACKUP}:role/strongbox-sensitive-restore`;

export const full: CrossAccountVaultArgs = {
    vaultName: "cav-full-vault",
    accountId: BACKUP,
    sourceAccountIds: [SOURCE],
    organizationId: ORG,
    keyAdminRoleArns: [ADMIN],
    breakGlassRoleArn: BREAK_GLASS,
    deployerRoleArns: [DEPLOYER],
    changeableForDays: 7,
    minRetentionDays: 40,
    maxRetentionDays: 500,
    sensitiveVaultName: "cav-full-vault-sensitive",
    sensitiveRestoreRoleArn: RESTORE_ROLE,
    tags: { owner: "platform" },
};
