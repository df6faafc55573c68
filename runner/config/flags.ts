import { Option } from "commander";
import { type Flags, type SettingName, SETTINGS } from "./settings";

/** The commander option of a setting: its flag and argument, and help that names its environment variable. */
export function settingOption(name: SettingName): Option {
    const { flag, arg, help, env } = SETTINGS[name];
    return new Option(`${flag} ${arg}`, `${help} [env ${env}]`);
}

/**
 * Reads commander's parsed options back as settings. commander stores a value under its Option's
 * `attributeName()` (`--db-secret-arn` as `dbSecretArn`, `--dbname` as `dbname`), which is often not the
 * setting's name; asking the same Option the flag was declared with, instead of spelling the key by hand,
 * is what keeps a flag from being parsed and then silently ignored.
 */
export function settingsFromOptions(names: readonly SettingName[], options: Record<string, unknown>): Flags {
    const flags: Flags = {};
    for (const name of names) {
        const value = options[settingOption(name).attributeName()];
        if (typeof value === "string") flags[name] = value;
    }
    return flags;
}
