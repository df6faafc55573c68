import { parseWhen, whenForms } from "./report-filters";
import type { Flags } from "./settings";

/**
 * restore's switches: flags only, never environment variables, because each changes what a restore
 * does to a server or which dump it picks, and must be asked for on the command line of that run.
 */
export interface RestoreSwitches {
    /** Replace a non-empty target once the restored copy is complete. */
    force: boolean;
    /** The newest good dump S3 stored at or before this time, instead of the newest. */
    at?: Date;
    /** Leave out ownership (`--no-owner`) and privilege (`--no-privileges`) statements. */
    skips: { owner: boolean; privileges: boolean };
    /** JSON even on a terminal. */
    json: boolean;
}

/**
 * Reads restore's switches and every problem with them, each naming its flag. `--at` takes what report's
 * `--since` takes; a time after `now` is refused rather than read as "the newest": an operator who typed
 * next year by mistake must not get today's dump without being told. commander stores `--no-owner` as
 * `owner: false` (its negatable form).
 */
export function parseRestoreSwitches(
    flags: Flags,
    now: Date,
): { switches: RestoreSwitches; problems: string[] } {
    const problems: string[] = [];
    const switches: RestoreSwitches = {
        force: flags.force === true,
        skips: { owner: flags.owner === false, privileges: flags.privileges === false },
        json: flags.json === true,
    };
    if (typeof flags.at === "string") {
        const at = parseWhen(flags.at, now);
        if (at === undefined) problems.push(whenForms("at", flags.at));
        else if (at > now) {
            problems.push(
                `\`--at\` is in the future (${at.toISOString()}; now ${now.toISOString()}): a restore can only go ` +
                    "back to a dump already stored; give a time at or before now, or leave `--at` out for the newest dump",
            );
        } else switches.at = at;
    }
    return { switches, problems };
}
