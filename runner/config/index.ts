export {
    ConfigError,
    type Flags,
    label,
    pickSettings,
    type Setting,
    type SettingName,
    SETTINGS,
} from "./settings";
export { settingOption, settingsFromOptions } from "./flags";
export type {
    CanaryConfig,
    DrillConfig,
    DumpConfig,
    ListConfig,
    ReportConfig,
    RestoreConfig,
    VerifyConfig,
} from "./schemas";
export {
    CANARY_SETTINGS,
    DRILL_SETTINGS,
    DUMP_SETTINGS,
    LIST_SETTINGS,
    parseCanaryConfig,
    parseDrillConfig,
    parseDumpConfig,
    parseListConfig,
    parseReportConfig,
    parseRestoreConfig,
    parseSettings,
    parseVerifyConfig,
    REPORT_SETTINGS,
    RESTORE_SETTINGS,
    VERIFY_SETTINGS,
} from "./parse";
export {
    type AuditSwitches,
    auditSwitchesOf,
    auditSwitchOptions,
    receiptSettingsProblem,
} from "./audit-switches";
export { parseExpectedDatabases, type VerifyTarget } from "./expected-databases";
export { type ListFilters, parseListFilters } from "./list-filters";
export { parseRestoreSwitches, type RestoreSwitches } from "./restore-switches";
export {
    parseReportFilters,
    parseTimeWindow,
    parseWhen,
    type ReportFilters,
    whenForms,
} from "./report-filters";
