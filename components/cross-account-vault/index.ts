/**
 * The AWS Backup vault in the backup account that the source accounts' backup
 * plans copy RDS snapshots into. Compliance-mode vault lock: after
 * `changeableForDays` nobody, root included, can delete a recovery point early
 * or remove the lock. An optional second vault holds sensitive data whose
 * restores are denied to everyone but the break-glass role.
 *
 * AWS Backup copies RDS snapshots across accounts only within a region, so the
 * same vaults are declared again in every `sourceRegions` region; `vaultsByRegion`
 * maps each region to its vaults and their locks' bounds.
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
import { validateCrossAccountVaultArgs } from "./validate";
import { declareVaultPair, RegionalVaultOutputs, regionalOutputs } from "./vault-pair";

export { CrossAccountVaultArgs, VAULT_TYPES, VaultType } from "./args";
export { crossAccountVaultProblems, validateCrossAccountVaultArgs } from "./validate";
export type { RegionalVaultOutputs } from "./vault-pair";

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
    /** The vaults (and their lock bounds) by region: the component's own and every `sourceRegions` one. */
    public readonly vaultsByRegion: Readonly<Record<string, RegionalVaultOutputs>>;

    constructor(name: string, args: CrossAccountVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        // Before super: a bad argument must not leave even an empty component in the state.
        validateCrossAccountVaultArgs(args);
        super("strongbox:backup:CrossAccountVault", name, {}, opts);
        const a = resolveCrossAccountVaultArgs(args);
        this.vaultType = a.vaultType;

        const { main, sensitive } = declareVaultPair(name, a, a.region, this);
        this.vault = main.vault;
        this.kmsKey = main.key;
        if (sensitive !== undefined) {
            this.sensitiveVault = sensitive.vault;
            this.sensitiveKmsKey = sensitive.key;
            this.sensitiveVaultName = sensitive.vaultName;
            this.sensitiveVaultArn = sensitive.vaultArn;
            this.sensitiveKmsKeyArn = sensitive.key.arn;
            this.sensitiveVaultMinRetentionDays = sensitive.minRetentionDays;
            this.sensitiveVaultMaxRetentionDays = sensitive.maxRetentionDays;
        }
        // The same pair again in every source region (named after it), for same-region RDS copies.
        const byRegion: Record<string, RegionalVaultOutputs> = {};
        if (a.region !== undefined) byRegion[a.region] = regionalOutputs({ main, sensitive });
        for (const region of a.sourceRegions) {
            byRegion[region] = regionalOutputs(declareVaultPair(`${name}-${region}`, a, region, this));
        }
        this.vaultsByRegion = byRegion;

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
            vaultsByRegion: this.vaultsByRegion,
        });
    }
}
