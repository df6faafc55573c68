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
export type { DrillConfig, DumpConfig, ListConfig, RestoreConfig, VerifyConfig } from "./schemas";
export {
    DRILL_SETTINGS,
    DUMP_SETTINGS,
    LIST_SETTINGS,
    parseDrillConfig,
    parseDumpConfig,
    parseListConfig,
    parseRestoreConfig,
    parseSettings,
    parseVerifyConfig,
    RESTORE_SETTINGS,
    VERIFY_SETTINGS,
} from "./parse";
