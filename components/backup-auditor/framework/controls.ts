/**
 * The AWS Backup Audit Manager framework's controls as pure data, with their parameters. Parameter names are
 * AWS's: "Creating frameworks using the AWS Backup API" (requiredRetentionDays, requiredFrequencyUnit/Value,
 * maxRestoreTime) and the AWS Config managed rules each control deploys (recoveryPointAgeUnit/Value, "no more
 * than 2184 for hours"; crossAccountList; minRetentionDays/maxRetentionDays "for the Backup Vault Lock").
 *
 * Where each control looks: Audit Manager evaluates the resources of the account and region its framework is
 * in, through AWS Config ("Every control requires the recording resource type AWS Config: resource compliance",
 * "Choosing your controls"). In the backup account the recovery points are the cross-account copies in the
 * vaults, so the recovery-point and vault controls judge them; the controls about backup plans and protected
 * resources find their subjects in the source accounts and report nothing here until the same framework runs
 * there. The README says so.
 */

export const FRAMEWORK_CONTROL_NAMES = [
    "BACKUP_RECOVERY_POINT_ENCRYPTED",
    "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
    "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
    "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
    "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
    "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
    "BACKUP_LAST_RECOVERY_POINT_CREATED",
    "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
] as const;
export type FrameworkControlName = (typeof FRAMEWORK_CONTROL_NAMES)[number];

/** What the resource-scoped controls judge: the databases Strongbox copies. */
export const PROTECTED_RESOURCE_TYPES: readonly string[] = ["RDS", "Aurora"];

export interface FrameworkControl {
    readonly name: FrameworkControlName;
    readonly inputParameters: ReadonlyArray<{ readonly name: string; readonly value: string }>;
    readonly scope?: { readonly complianceResourceTypes: readonly string[] };
}

export interface ControlParameters {
    /** Days every recovery point and plan rule must keep. */
    readonly requiredRetentionDays: number;
    readonly backupFrequencyHours: number;
    readonly lastRecoveryPointMaxAgeHours: number;
    readonly maxRestoreTimeMinutes: number;
    /** The vault lock's bounds. */
    readonly vaultMinRetentionDays: number;
    readonly vaultMaxRetentionDays: number;
    /** The account copies must land in: this backup account. */
    readonly backupAccountId: string;
}

const param = (name: string, value: number | string) => ({ name, value: String(value) });
const resources = { complianceResourceTypes: PROTECTED_RESOURCE_TYPES };

/** The eight controls, each with its parameters from `p`; none allows a principal to delete recovery points. */
export function frameworkControls(p: ControlParameters): FrameworkControl[] {
    return [
        { name: "BACKUP_RECOVERY_POINT_ENCRYPTED", inputParameters: [] },
        {
            name: "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
            inputParameters: [param("requiredRetentionDays", p.requiredRetentionDays)],
        },
        {
            name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
            inputParameters: [
                param("requiredFrequencyUnit", "hours"),
                param("requiredFrequencyValue", p.backupFrequencyHours),
                param("requiredRetentionDays", p.requiredRetentionDays),
            ],
        },
        // No `principalArnList`: no role is an exception to "recovery points cannot be deleted by hand".
        { name: "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED", inputParameters: [] },
        {
            name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
            inputParameters: [
                param("minRetentionDays", p.vaultMinRetentionDays),
                param("maxRetentionDays", p.vaultMaxRetentionDays),
            ],
            scope: resources,
        },
        {
            name: "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
            inputParameters: [param("crossAccountList", p.backupAccountId)],
            scope: resources,
        },
        {
            name: "BACKUP_LAST_RECOVERY_POINT_CREATED",
            inputParameters: [
                param("recoveryPointAgeUnit", "hours"),
                param("recoveryPointAgeValue", p.lastRecoveryPointMaxAgeHours),
            ],
            scope: resources,
        },
        {
            name: "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
            inputParameters: [param("maxRestoreTime", p.maxRestoreTimeMinutes)],
            scope: resources,
        },
    ];
}

/** Audit Manager names: a letter, then letters, digits and underscores. */
export function auditManagerName(namePrefix: string, what: string): string {
    return `${namePrefix}_${what}`.replace(/-/g, "_");
}
