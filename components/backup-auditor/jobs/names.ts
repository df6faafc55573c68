/**
 * The physical names of the audit jobs: one CodeBuild project per job kind, one schedule group, one drill
 * schedule per database. Pure, so validation can measure them before anything is declared.
 */

/** The three jobs, each its own project: verify and drill run as the auditor, the canary as the canary. */
export const AUDIT_JOBS = ["verify", "drill", "canary"] as const;
export type AuditJob = (typeof AUDIT_JOBS)[number];

/** `strongbox-prod-audit-verify`: also the name of its log group's last segment. */
export function auditProjectName(namePrefix: string, job: AuditJob): string {
    return `${namePrefix}-audit-${job}`;
}

export function auditScheduleGroupName(namePrefix: string): string {
    return `${namePrefix}-audit`;
}

/** One drill schedule per (prefix, database): `drill-layer3-appdb`. At most 64 characters (Scheduler). */
export function drillScheduleName(keyPrefix: string, database: string): string {
    return `drill-${keyPrefix}-${database}`;
}
