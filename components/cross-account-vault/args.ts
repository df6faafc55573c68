/**
 * The arguments of `CrossAccountVault`, their defaults, and the pure validation
 * that runs before any resource is declared.
 */
import * as limits from "../../shared/limits";
import * as check from "../common/checks";

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

export function resolveCrossAccountVaultArgs(args: CrossAccountVaultArgs) {
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
    const a = resolveCrossAccountVaultArgs(args);
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

/** Args with every default applied. */
export type ResolvedCrossAccountVaultArgs = ReturnType<typeof resolveCrossAccountVaultArgs>;
