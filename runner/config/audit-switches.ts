import { Option } from "commander";
import { type Flags, label } from "./settings";

/** What verify, drill and the canary leave behind besides their output line. */
export interface AuditSwitches {
    /** Publish the check's CloudWatch metrics (shared/audit.ts's namespace and names). */
    publishMetrics: boolean;
    /** Write a COMPLIANCE-locked receipt of each check under the receipts prefix. */
    receipts: boolean;
}

/**
 * Command-line switches, not settings: the auditor's job turns them on in its command line, and an
 * operator's shell cannot turn them on by an exported variable by accident.
 */
export function auditSwitchOptions(): Option[] {
    return [
        new Option("--publish-metrics", "publish the check's CloudWatch metrics (namespace Strongbox)"),
        new Option("--receipts", "write a COMPLIANCE-locked receipt of each check into the bucket"),
    ];
}

export function auditSwitchesOf(flags: Flags): AuditSwitches {
    return { publishMetrics: flags.publishMetrics === true, receipts: flags.receipts === true };
}

/**
 * A receipt is written SSE-KMS (the bucket policy demands the CMK's ARN) and its lock is read back against
 * the bucket's retention, so `--receipts` needs both settings; a check for parseSettings.
 */
export function receiptSettingsProblem(flags: Flags) {
    return (picked: { kmsKeyId?: string; retentionDays?: string }): string | undefined => {
        if (flags.receipts !== true) return undefined;
        const missing = [
            picked.kmsKeyId === undefined ? label("kmsKeyId") : undefined,
            picked.retentionDays === undefined ? label("retentionDays") : undefined,
        ].filter((m) => m !== undefined);
        if (missing.length === 0) return undefined;
        return (
            `\`--receipts\` needs ${missing.join(" and ")}: a receipt is encrypted with the bucket's key, and ` +
            "its COMPLIANCE lock is read back against the bucket's retention"
        );
    };
}

/**
 * A receipt written with its own lock is never locked for less than a dump: the BackupAuditor's bound, which the
 * runner holds too (a check for parseSettings; the range of each value is the schema's).
 */
export function receiptRetentionProblem(picked: {
    retentionDays?: string;
    receiptRetentionDays?: string;
}): string | undefined {
    const receipt = Number(picked.receiptRetentionDays);
    const dump = Number(picked.retentionDays);
    if (picked.receiptRetentionDays === undefined || picked.retentionDays === undefined) return undefined;
    if (!Number.isInteger(receipt) || !Number.isInteger(dump) || receipt >= dump) return undefined;
    return (
        `${label("receiptRetentionDays")} (${receipt}) must be at least ${label("retentionDays")} (${dump}): a ` +
        "receipt is never locked for less than a dump; raise it, or leave it out for the bucket's default"
    );
}
