import type { Option } from "commander";
import type { Flags, SettingName } from "../config";
import type { Logger } from "../log";

/** What a command prints on stdout (exactly one line) and whether it succeeded (exit 0, else 1). */
export interface Outcome {
    output: unknown;
    ok: boolean;
}

/** Everything the CLI needs to offer a command; cli.ts turns each into a commander command the same way. */
export interface CommandSpec {
    readonly name: string;
    readonly description: string;
    /** The settings the command reads, each offered as a flag and an environment variable. */
    readonly settings: readonly SettingName[];
    /** Flags that are deliberately not settings (no environment variable), e.g. restore's `--force`. */
    readonly switches?: () => Option[];
    /** Validates flags and environment into the command's configuration; throws ConfigError. */
    parse(flags: Flags, env: NodeJS.ProcessEnv): unknown;
    execute(flags: Flags, env: NodeJS.ProcessEnv, log: Logger): Promise<Outcome>;
}

/** Ties a command's parse to its run with one configuration type, and erases the type for the list. */
export function defineCommand<C>(spec: {
    name: string;
    description: string;
    settings: readonly SettingName[];
    switches?: () => Option[];
    parse(flags: Flags, env: NodeJS.ProcessEnv): C;
    run(config: C, log: Logger): Promise<Outcome>;
}): CommandSpec {
    const { run, ...rest } = spec;
    return { ...rest, execute: async (flags, env, log) => run(spec.parse(flags, env), log) };
}
