/**
 * The AWS Backup vault in the backup account that the source accounts' backup
 * plans copy RDS snapshots into (seed 003). Compliance-mode vault lock: after
 * `changeableForDays` nobody, root included, can delete a recovery point early
 * or remove the lock. An optional second vault holds sensitive data whose
 * restores are denied to everyone but the break-glass role.
 *
 * The vaults, their keys and their locks are declared with `protect` (default
 * true): once the lock's cooling-off ends AWS refuses to delete them anyway,
 * and before that a destroy would silently drop the lock. `protect` makes
 * either a reviewed, visible change instead.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { declareBackupKey } from "./backup-key";
import * as limits from "../shared/limits";
import { PolicyDocument } from "./policies/policy-document";
import { buildSensitiveVaultKeyPolicy, buildVaultKeyPolicy } from "./policies/key-policy";
import { buildSensitiveVaultAccessPolicy, buildVaultAccessPolicy } from "./policies/vault-policy";
import * as check from "./validation";

export interface CrossAccountVaultArgs {
    /** Name of the vault (2-50 letters, digits, "-" or "_"). */
    readonly vaultName: string;
    /** The backup account that owns the vaults and keys. */
    readonly accountId: string;
    /** Accounts whose backup plans may copy recovery points in. At least one; never the backup account. */
    readonly sourceAccountIds: readonly string[];
    /** When set, copies are allowed from the whole organization instead of per account. Default: none. */
    readonly organizationId?: string;
    /** Backup-account roles that administer the keys. At least one. */
    readonly keyAdminRoleArns: readonly string[];
    /** The only role that may disable the keys or restore from the sensitive vault. */
    readonly breakGlassRoleArn: string;
    /** Days before the vault lock becomes immutable. At least 3 (AWS compliance mode), default 3. */
    readonly changeableForDays?: number;
    /** Recovery points are kept at least this long. 30-3650, default 35. */
    readonly minRetentionDays?: number;
    /** Recovery points are kept at most this long. At least `minRetentionDays`, at most 3650; default 3650. */
    readonly maxRetentionDays?: number;
    /** Name of the second, break-glass vault. Default: no sensitive vault. */
    readonly sensitiveVaultName?: string;
    /** Region of the vaults and keys. Default: the provider's region. */
    readonly region?: string;
    /** Tags for the vaults and keys. Default none. */
    readonly tags?: Record<string, string>;
    /** `protect` the vaults, keys and locks (see the file comment). Default true. */
    readonly protect?: boolean;
}

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** AWS accepts up to 100 years of cooling-off. */
const MAX_CHANGEABLE_FOR_DAYS = 36500;

function resolve(args: CrossAccountVaultArgs) {
    return {
        ...args,
        changeableForDays: args.changeableForDays ?? limits.DEFAULT_CHANGEABLE_FOR_DAYS,
        minRetentionDays: args.minRetentionDays ?? limits.DEFAULT_RETENTION_DAYS,
        maxRetentionDays: args.maxRetentionDays ?? limits.MAX_RETENTION_DAYS,
        tags: args.tags ?? {},
        protect: args.protect ?? true,
    };
}

/** Throws one error naming every bad field and its fix. */
export function validateCrossAccountVaultArgs(args: CrossAccountVaultArgs): void {
    const a = resolve(args);
    const p: check.Problem[] = [
        check.vaultName("vaultName", a.vaultName),
        check.accountId("accountId", a.accountId),
        a.region === undefined ? undefined : check.region("region", a.region),
        ...check.sourceAccountIds("sourceAccountIds", a.sourceAccountIds, a.accountId),
        a.organizationId === undefined || ORGANIZATION_ID.test(a.organizationId)
            ? undefined
            : `\`organizationId\` must look like "o-abc123defg" (got ${JSON.stringify(a.organizationId)})`,
        ...check.nonEmptyUniqueList(
            "keyAdminRoleArns",
            a.keyAdminRoleArns,
            "key admin role ARN",
            (field, arn) => check.roleArn(field, arn, a.accountId, "accountId"),
        ),
        check.roleArn("breakGlassRoleArn", a.breakGlassRoleArn, a.accountId, "accountId"),
        check.intInRange(
            "changeableForDays",
            a.changeableForDays,
            limits.MIN_CHANGEABLE_FOR_DAYS,
            MAX_CHANGEABLE_FOR_DAYS,
            " (AWS needs 3 days of cooling-off for a compliance-mode vault lock)",
        ),
        check.intInRange(
            "minRetentionDays",
            a.minRetentionDays,
            limits.MIN_RETENTION_DAYS,
            limits.MAX_RETENTION_DAYS,
        ),
        check.intInRange(
            "maxRetentionDays",
            a.maxRetentionDays,
            Math.max(a.minRetentionDays, limits.MIN_RETENTION_DAYS),
            limits.MAX_RETENTION_DAYS,
            " (and at least `minRetentionDays`)",
        ),
    ];
    if (a.sensitiveVaultName !== undefined) {
        p.push(check.vaultName("sensitiveVaultName", a.sensitiveVaultName));
        if (a.sensitiveVaultName === a.vaultName) p.push("`sensitiveVaultName` must differ from `vaultName`");
    }
    check.throwIfAny("CrossAccountVault args", p);
}

/** One locked vault with its own key: what the general and the sensitive vault have in common. */
interface LockedVault {
    readonly vault: aws.backup.Vault;
    readonly key: aws.kms.Key;
    readonly lock: aws.backup.VaultLockConfiguration;
    readonly policy: aws.backup.VaultPolicy;
}

export class CrossAccountVault extends pulumi.ComponentResource {
    public readonly vault: aws.backup.Vault;
    public readonly kmsKey: aws.kms.Key;
    public readonly sensitiveVault?: aws.backup.Vault;
    public readonly sensitiveKmsKey?: aws.kms.Key;
    public readonly vaultName: pulumi.Output<string>;
    public readonly vaultArn: pulumi.Output<string>;
    public readonly kmsKeyArn: pulumi.Output<string>;
    public readonly sensitiveVaultName?: pulumi.Output<string>;
    public readonly sensitiveVaultArn?: pulumi.Output<string>;
    public readonly sensitiveKmsKeyArn?: pulumi.Output<string>;

    constructor(name: string, args: CrossAccountVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        // Before super: a bad argument must not leave even an empty component in the state.
        validateCrossAccountVaultArgs(args);
        super("strongbox:backup:CrossAccountVault", name, {}, opts);
        const a = resolve(args);
        const keyPolicyArgs = {
            accountId: a.accountId,
            keyAdminRoleArns: a.keyAdminRoleArns,
            breakGlassRoleArn: a.breakGlassRoleArn,
            sourceAccountIds: a.sourceAccountIds,
            organizationId: a.organizationId,
        };
        const accessPolicyArgs = { sourceAccountIds: a.sourceAccountIds, organizationId: a.organizationId };

        const main = this.lockedVault(name, a, a.vaultName, buildVaultKeyPolicy(keyPolicyArgs), (vaultArn) =>
            buildVaultAccessPolicy({ vaultArn, ...accessPolicyArgs }),
        );
        this.vault = main.vault;
        this.kmsKey = main.key;

        if (a.sensitiveVaultName !== undefined) {
            // Its own key as well as its own vault: decrypting sensitive recovery points must need a
            // key whose policy denies it to everyone but the break-glass role.
            const sensitive = this.lockedVault(
                `${name}-sensitive`,
                a,
                a.sensitiveVaultName,
                buildSensitiveVaultKeyPolicy(keyPolicyArgs),
                (vaultArn) =>
                    buildSensitiveVaultAccessPolicy({
                        vaultArn,
                        ...accessPolicyArgs,
                        breakGlassRoleArn: a.breakGlassRoleArn,
                    }),
            );
            this.sensitiveVault = sensitive.vault;
            this.sensitiveKmsKey = sensitive.key;
            this.sensitiveVaultName = sensitive.vault.name;
            this.sensitiveVaultArn = sensitive.vault.arn;
            this.sensitiveKmsKeyArn = sensitive.key.arn;
        }

        this.vaultName = main.vault.name;
        this.vaultArn = main.vault.arn;
        this.kmsKeyArn = main.key.arn;
        this.registerOutputs({
            vaultName: this.vaultName,
            vaultArn: this.vaultArn,
            kmsKeyArn: this.kmsKeyArn,
            sensitiveVaultName: this.sensitiveVaultName,
            sensitiveVaultArn: this.sensitiveVaultArn,
            sensitiveKmsKeyArn: this.sensitiveKmsKeyArn,
        });
    }

    /** Declares `${prefix}-key`, `-key-alias`, `-vault`, `-lock` and `-policy`. */
    private lockedVault(
        prefix: string,
        a: ReturnType<typeof resolve>,
        vaultName: string,
        keyPolicy: PolicyDocument,
        accessPolicy: (vaultArn: string) => PolicyDocument,
    ): LockedVault {
        const { region, tags, protect } = a;
        const { key } = declareBackupKey(
            prefix,
            {
                description: `Strongbox AWS Backup vault ${vaultName}`,
                policy: JSON.stringify(keyPolicy),
                aliasName: `strongbox-${vaultName}`,
                region,
                tags,
                protect,
            },
            this,
        );
        // No forceDestroy: a vault with recovery points must never be one flag away from empty.
        const vault = new aws.backup.Vault(
            `${prefix}-vault`,
            { name: vaultName, kmsKeyArn: key.arn, region, tags },
            { parent: this, protect },
        );
        const lock = new aws.backup.VaultLockConfiguration(
            `${prefix}-lock`,
            {
                backupVaultName: vault.name,
                region,
                // Compliance mode is what `changeableForDays` selects; without it the lock is governance
                // mode, which any principal with backup:DeleteBackupVaultLockConfiguration can remove.
                changeableForDays: a.changeableForDays,
                minRetentionDays: a.minRetentionDays,
                maxRetentionDays: a.maxRetentionDays,
            },
            { parent: this, protect },
        );
        const policy = new aws.backup.VaultPolicy(
            `${prefix}-policy`,
            {
                backupVaultName: vault.name,
                region,
                policy: vault.arn.apply((vaultArn) => JSON.stringify(accessPolicy(vaultArn))),
            },
            { parent: this },
        );
        return { vault, key, lock, policy };
    }
}
