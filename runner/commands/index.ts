import { canaryCommand } from "./canary";
import { drillCommand } from "./drill";
import { dumpCommand } from "./dump";
import { listCommand } from "./list";
import { reportCommand } from "./report";
import { restoreCommand } from "./restore";
import type { CommandSpec } from "./spec";
import { verifyCommand } from "./verify";

/** Every command the CLI offers, in the order `strongbox --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
    dumpCommand,
    verifyCommand,
    drillCommand,
    canaryCommand,
    listCommand,
    reportCommand,
    restoreCommand,
];

export { type CanaryReport, type CanaryVerdict, canaryKey, canaryVerdict, runCanary } from "./canary";
export { type DrillReport, runDrill } from "./drill";
export { type DumpSummary, runDump } from "./dump";
export { type DumpReceipt, type ListedDump, runList } from "./list";
export { formatListTable, receiptsCell } from "./list-table";
export { formatReportTable, runReport } from "./report";
export { runRestore, type RestoreSummary } from "./restore";
export { type CommandSpec, defineCommand, type Outcome } from "./spec";
export { type DatabaseVerdict, runVerify, type UnlistedDatabase, type VerifyReport } from "./verify";
export { LOCK_SLACK_MS, requiredLock } from "./verify-rules";
