/**
 * Reports a component's own problems in the config's terms: a problem with the bucket's
 * `writers[0].roleArn` is a problem with `strongbox:backup.writers[0].roleArn`. The components phrase
 * their messages; this file only renames the fields, so a rule and its wording live in one place.
 */
import { Problem } from "../../components/common/checks";

/** Where a component field lives in the config; `says` replaces the field's name inside messages. */
export type ConfigField = string | { readonly key: string; readonly says: string };

/**
 * Component field -> config key, e.g. `bucketName` -> `strongbox:backup.bucket.name`. A field maps by
 * its longest listed prefix, the rest of its path kept: with `databases` listed, `databases[2].name`
 * becomes `strongbox:source.databases[2].name`.
 */
export type FieldMap = Readonly<Record<string, ConfigField>>;

const keyOf = (f: ConfigField): string => (typeof f === "string" ? f : f.key);

/** The config key for a component `field`; `fallback` (naming the section) when it is not mapped. */
export function configKey(field: string, map: FieldMap, fallback: string): string {
    const prefix = Object.keys(map)
        .filter((k) => field === k || field.startsWith(`${k}.`) || field.startsWith(`${k}[`))
        .sort((a, b) => b.length - a.length)[0];
    return prefix === undefined
        ? `${fallback} (\`${field}\`)`
        : keyOf(map[prefix]) + field.slice(prefix.length);
}

/** One line per problem, under its config key; a line two components both report appears once. */
export function configProblems(problems: readonly Problem[], map: FieldMap, fallback: string): string[] {
    const says = Object.entries(map).flatMap(([field, f]) =>
        typeof f === "string" ? [] : [[field, f.says]],
    );
    return problems.map((p) => {
        let message = p.message;
        for (const [field, phrase] of says) message = message.split(`\`${field}\``).join(phrase);
        return `\`${configKey(p.field, map, fallback)}\` ${message}`;
    });
}

/** `lines` without repeats, in order. */
export function distinct(lines: readonly string[]): string[] {
    return [...new Set(lines)];
}
