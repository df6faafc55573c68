/**
 * The README's configuration tables, read as data. A table is one whose header is `key | default |
 * meaning`; the heading above it names the `strongbox:` prefix its keys are under, in backticks. A key
 * cell holds one key in backticks, or several separated by `/` or `,` that share the first one's parent
 * (`bucket.transitionDays` / `transitionStorageClass`). In a key, `[]` is each item of a list, `<name>` any
 * key of a map, `*` every key of an object, `{a,b}` both. Several keys in a cell take their defaults, in
 * order, from a default cell split on ` / `; otherwise they share the whole cell.
 */
import { Heading, inlineCode, MarkdownDoc } from "../helpers/markdown";
import { joinSegments, SchemaKey } from "./schema-keys";

export const CONFIG_TABLE_HEADER = ["key", "default", "meaning"];

/** One documented key, after expansion, with the default text that applies to it. */
export interface DocumentedKey {
    readonly segments: readonly string[];
    readonly defaultText: string;
    /** The table's prefix, e.g. `strongbox:backup`. */
    readonly prefix: string;
    readonly line: number;
}

export interface DocRows {
    readonly keys: readonly DocumentedKey[];
    /** Rows that could not be read, or name keys the schema does not have: each says where and why. */
    readonly problems: readonly string[];
    /** The prefixes the tables' headings name, with their heading's anchor. */
    readonly sections: ReadonlyArray<{ readonly prefix: string; readonly heading: Heading }>;
}

const PREFIX = /^strongbox:([\w.[\]]*)$/;

/** The `strongbox:` prefix the innermost heading names, as segments (`strongbox:` alone is the root). */
function headingPrefix(headings: readonly Heading[]): { prefix: string; heading: Heading } | undefined {
    for (const heading of [...headings].reverse()) {
        const named = inlineCode(heading.text).find((code) => PREFIX.test(code));
        if (named !== undefined) return { prefix: named, heading };
    }
    return undefined;
}

/** `bucket.replica.region` → segments; `writers[]` → `writers`, `[]`; `<name>` → `*`. */
export function keySegments(key: string): string[] {
    const segments: string[] = [];
    for (const part of key.split(/\.(?![^{]*})/)) {
        if (part === "") continue;
        const list = /^(.*)\[\]$/.exec(part);
        const name = list === null ? part : list[1];
        if (name !== "") segments.push(/^<[^>]+>$/.test(name) ? "*" : name);
        if (list !== null) segments.push("[]");
    }
    return segments;
}

function prefixSegments(prefix: string): string[] {
    return keySegments(PREFIX.exec(prefix)![1]);
}

/**
 * The schema keys a pattern names: `*` is every child of an object (or the map wildcard `*`), `{a,b}` each
 * alternative, anything else itself. Undefined when a segment names nothing the schema has.
 */
export function expandPattern(
    pattern: readonly string[],
    keys: ReadonlyMap<string, SchemaKey>,
): string[][] | undefined {
    let paths: string[][] = [[]];
    for (const segment of pattern) {
        const next: string[][] = [];
        for (const at of paths) {
            const children = [...keys.values()]
                .filter(
                    (k) =>
                        k.segments.length === at.length + 1 &&
                        joinSegments(k.segments.slice(0, -1)) === joinSegments(at),
                )
                .map((k) => k.segments[at.length]);
            const brace = /^\{(.+)\}$/.exec(segment);
            const wanted =
                segment === "*" && !children.includes("*")
                    ? children
                    : brace !== null
                      ? brace[1].split(",")
                      : [segment];
            for (const name of wanted) {
                if (!children.includes(name)) return undefined;
                next.push([...at, name]);
            }
        }
        paths = next;
    }
    return paths;
}

/** Reads every configuration table of `doc` against the schema's keys. */
export function readConfigTables(
    doc: MarkdownDoc,
    keys: ReadonlyMap<string, SchemaKey>,
    file: string,
): DocRows {
    const documented: DocumentedKey[] = [];
    const problems: string[] = [];
    const sections: Array<{ prefix: string; heading: Heading }> = [];
    for (const table of doc.tables) {
        if (table.header.map((h) => h.toLowerCase()).join("|") !== CONFIG_TABLE_HEADER.join("|")) continue;
        const named = headingPrefix(table.headings);
        if (named === undefined) {
            problems.push(
                `${file}:${table.line}: a key | default | meaning table under no heading naming a \`strongbox:\` prefix in backticks`,
            );
            continue;
        }
        sections.push(named);
        const base = prefixSegments(named.prefix);
        for (const row of table.rows) {
            const where = `${file}:${row.line}`;
            const [keyCell, defaultCell] = row.cells;
            const exprs = inlineCode(keyCell);
            const rest = keyCell.replace(/`[^`]*`/g, "").replace(/[\s/,]/g, "");
            if (exprs.length === 0 || rest !== "") {
                problems.push(
                    `${where}: the key cell "${keyCell}" must hold keys in backticks only, separated by / or ,`,
                );
                continue;
            }
            const first = keySegments(exprs[0]);
            const parent = first.slice(0, -1);
            const patterns = exprs.map((e, i) =>
                i === 0 ? first : [...parent, ...keySegments(e.replace(/^\./, ""))],
            );
            const expanded: string[][][] = [];
            for (const [i, pattern] of patterns.entries()) {
                const paths = expandPattern([...base, ...pattern], keys);
                if (paths === undefined) {
                    problems.push(
                        `${where}: \`${exprs[i]}\` under \`${named.prefix}\` is not a key stacks/config/schema.ts accepts ` +
                            "(misspelt, or removed from the schema: fix or delete the row)",
                    );
                } else expanded.push(paths);
            }
            if (expanded.length !== patterns.length) continue;
            const parts = defaultCell.split(" / ").map((p) => p.trim());
            const all = expanded.flat();
            expanded.forEach((paths, i) =>
                paths.forEach((segments, j) => {
                    const defaultText =
                        all.length > 1 && parts.length === all.length
                            ? parts[expanded.slice(0, i).flat().length + j]
                            : patterns.length > 1 && parts.length === patterns.length
                              ? parts[i]
                              : defaultCell;
                    documented.push({ segments, defaultText, prefix: named.prefix, line: row.line });
                }),
            );
        }
    }
    return { keys: documented, problems, sections };
}
