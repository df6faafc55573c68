import { drillCommand } from "./drill";
import { dumpCommand } from "./dump";
import { listCommand } from "./list";
import { restoreCommand } from "./restore";
import type { CommandSpec } from "./spec";
import { verifyCommand } from "./verify";

/** Every command the CLI offers, in the order `strongbox --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
    dumpCommand,
    verifyCommand,
    drillCommand,
    listCommand,
    restoreCommand,
];

export { type DrillReport, runDrill } from "./drill";
export { type DumpSummary, runDump } from "./dump";
export { type ListedDump, runList } from "./list";
export { formatListTable } from "./list-table";
export { runRestore, type RestoreSummary } from "./restore";
export { type CommandSpec, defineCommand, type Outcome } from "./spec";
export { type DatabaseVerdict, requiredRemainingDays, runVerify, type VerifyReport } from "./verify";
