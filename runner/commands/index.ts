export { type DrillReport, runDrill } from "./drill";
export { type DumpSummary, runDump } from "./dump";
export { type ListedDump, runList } from "./list";
export { formatListTable } from "./list-table";
export { runRestore, type RestoreSummary } from "./restore";
export { type DatabaseVerdict, requiredRemainingDays, runVerify, type VerifyReport } from "./verify";
