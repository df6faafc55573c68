/**
 * The AWS Backup vault in the backup account that the source accounts' backup
 * plans copy RDS snapshots into. Compliance-mode vault lock: after
 * `changeableForDays` nobody, root included, can delete a recovery point early
 * or remove the lock. An optional second vault holds sensitive data whose
 * restores are denied to everyone but the break-glass role.
 *
 * `vaultType: "air-gapped"` makes both vaults logically air-gapped vaults instead
 * (AWS locks those itself); the outputs are the same either way, the lock's
 * retention bounds included, which the source stack checks its copies against.
 *
 * The vaults, their keys and their locks are declared with `protect` (default
 * true): once the lock's cooling-off ends AWS refuses to delete them anyway,
 * and before that a destroy would silently drop the lock. `protect` makes
 * either a reviewed, visible change instead.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CrossAccountVaultArgs, resolveCrossAccountVaultArgs, VaultType } from "./args";
import { buildSensitiveVaultKeyPolicy, buildVaultKeyPolicy } from "./key-policy";
import { declareLockedVault } from "./locked-vault";
import { validateCrossAccountVaultArgs } from "./validate";
import { buildSensitiveVaultAccessPolicy, buildVaultAccessPolicy } from "./vault-policy";

export { CrossAccountVaultArgs, VAULT_TYPES, VaultType } from "./args";
export { crossAccountVaultProblems, validateCrossAccountVaultArgs } from "./validate";

export class CrossAccountVault extends pulumi.ComponentResource {
    public readonly vault: aws.backup.Vault | aws.backup.LogicallyAirGappedVault;
    public readonly kmsKey: aws.kms.Key;
    public readonly sensitiveVault?: aws.backup.Vault | aws.backup.LogicallyAirGappedVault;
    public readonly sensitiveKmsKey?: aws.kms.Key;
    /** `locked` or `air-gapped`. */
    public readonly vaultType: VaultType;
    public readonly vaultName: pulumi.Output<string>;
    public readonly vaultArn: pulumi.Output<string>;
    public readonly kmsKeyArn: pulumi.Output<string>;
    /** The retention bounds AWS enforces on every copy into the vault (its lock's). */
    public readonly vaultMinRetentionDays: pulumi.Output<number>;
    public readonly vaultMaxRetentionDays: pulumi.Output<number>;
    public readonly sensitiveVaultName?: pulumi.Output<string>;
    public readonly sensitiveVaultArn?: pulumi.Output<string>;
    public readonly sensitiveKmsKeyArn?: pulumi.Output<string>;
    public readonly sensitiveVaultMinRetentionDays?: pulumi.Output<number>;
    public readonly sensitiveVaultMaxRetentionDays?: pulumi.Output<number>;

    constructor(name: string, args: CrossAccountVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        // Before super: a bad argument must not leave even an empty component in the state.
        validateCrossAccountVaultArgs(args);
        super("strongbox:backup:CrossAccountVault", name, {}, opts);
        const a = resolveCrossAccountVaultArgs(args);
        const keyPolicyArgs = {
            accountId: a.accountId,
            keyAdminRoleArns: a.keyAdminRoleArns,
            breakGlassRoleArn: a.breakGlassRoleArn,
        };
        const accessPolicyArgs = {
            sourceAccountIds: a.sourceAccountIds,
            organizationId: a.organizationId,
            breakGlassRoleArn: a.breakGlassRoleArn,
            deployerRoleArns: a.deployerRoleArns,
        };
        this.vaultType = a.vaultType;
        const lock = {
            vaultType: a.vaultType,
            changeableForDays: a.changeableForDays,
            minRetentionDays: a.minRetentionDays,
            maxRetentionDays: a.maxRetentionDays,
            region: a.region,
            tags: a.tags,
            protect: a.protect,
        };

        const main = declareLockedVault(
            name,
            {
                ...lock,
                vaultName: a.vaultName,
                keyPolicy: buildVaultKeyPolicy(keyPolicyArgs),
                accessPolicy: (vaultArn) => buildVaultAccessPolicy({ vaultArn, ...accessPolicyArgs }),
            },
            this,
        );
        this.vault = main.vault;
        this.kmsKey = main.key;

        if (a.sensitiveVaultName !== undefined) {
            // Its own key as well as its own vault: decrypting sensitive recovery points must need a
            // key whose policy denies it to everyone but the break-glass role.
            const sensitive = declareLockedVault(
                `${name}-sensitive`,
                {
                    ...lock,
                    vaultName: a.sensitiveVaultName,
                    keyPolicy: buildSensitiveVaultKeyPolicy({
                        ...keyPolicyArgs,
                        restoreRoleArn: a.sensitiveRestoreRoleArn,
                    }),
                    accessPolicy: (vaultArn) =>
                        buildSensitiveVaultAccessPolicy({ vaultArn, ...accessPolicyArgs }),
                },
                this,
            );
            this.sensitiveVault = sensitive.vault;
            this.sensitiveKmsKey = sensitive.key;
            this.sensitiveVaultName = sensitive.vaultName;
            this.sensitiveVaultArn = sensitive.vaultArn;
            this.sensitiveKmsKeyArn = sensitive.key.arn;
            this.sensitiveVaultMinRetentionDays = sensitive.minRetentionDays;
            this.sensitiveVaultMaxRetentionDays = sensitive.maxRetentionDays;
        }

        this.vaultName = main.vaultName;
        this.vaultArn = main.vaultArn;
        this.kmsKeyArn = main.key.arn;
        this.vaultMinRetentionDays = main.minRetentionDays;
        this.vaultMaxRetentionDays = main.maxRetentionDays;
        this.registerOutputs({
            vaultType: this.vaultType,
            vaultName: this.vaultName,
            vaultArn: this.vaultArn,
            kmsKeyArn: this.kmsKeyArn,
            vaultMinRetentionDays: this.vaultMinRetentionDays,
            vaultMaxRetentionDays: this.vaultMaxRetentionDays,
            sensitiveVaultName: this.sensitiveVaultName,
            sensitiveVaultArn: this.sensitiveVaultArn,
            sensitiveKmsKeyArn: this.sensitiveKmsKeyArn,
            sensitiveVaultMinRetentionDays: this.sensitiveVaultMinRetentionDays,
            sensitiveVaultMaxRetentionDays: this.sensitiveVaultMaxRetentionDays,
        });
    }
}
