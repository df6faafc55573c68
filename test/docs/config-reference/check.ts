/**
 * The comparison itself, pure so that its own tests can feed it a small schema and a small document: every
 * key the schema accepts is documented once, every documented key exists, "required" means required, and
 * a default the code states as a value is the value documented.
 */
import { z } from "zod";
import { MarkdownDoc } from "../helpers/markdown";
import { CodeDefault } from "./code-defaults";
import { DocumentedKey, readConfigTables } from "./doc-rows";
import { configKeyName, joinSegments, SchemaKey, schemaKeys } from "./schema-keys";

export interface ReferenceInputs {
    readonly schema: z.ZodType;
    readonly doc: MarkdownDoc;
    /** How messages name the document, e.g. `README.md`. */
    readonly file: string;
    /** What the components say a key defaults to (a full `strongbox:` key), when the schema says nothing. */
    readonly componentDefault: (key: string) => CodeDefault | undefined;
}

/** Whether `text` begins with `value`, bare, in backticks or in quotes, and not as part of a longer word. */
export function startsWithValue(text: string, value: unknown): boolean {
    const v = String(value);
    const t = text.trim();
    return [`\`${v}\``, `"${v}"`, v].some(
        (form) => t.startsWith(form) && !/[\w.]/.test(t.charAt(form.length)),
    );
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether `text` says `<environment> <value>` for each environment (`none` when it has no value). */
function saysEachEnvironment(text: string, values: Readonly<Record<string, unknown>>): string[] {
    return Object.entries(values)
        .filter(([env, v]) => {
            const shown = v === undefined ? "none" : String(v);
            return !new RegExp(`\\b${env}\\s+(\`${escape(shown)}\`|${escape(shown)})(?![\\w.])`).test(text);
        })
        .map(([env, v]) => `${env} ${v === undefined ? "none" : `\`${String(v)}\``}`);
}

function describeDefault(value: unknown): string {
    return typeof value === "string" ? `\`${value}\`` : String(value);
}

/** The problems of one documented key against its schema key and the code's defaults. */
function keyProblems(
    doc: DocumentedKey,
    key: SchemaKey,
    code: CodeDefault | undefined,
    where: string,
): string[] {
    const name = `\`${configKeyName(key.segments)}\``;
    const text = doc.defaultText;
    const says = (word: string): boolean => new RegExp(`^${word}\\b`, "i").test(text.trim());
    const problems: string[] = [];
    if (key.kind === "removed") {
        if (!says("removed"))
            problems.push(`${where}: ${name} is a removed key; its default cell must say "removed"`);
        return problems;
    }
    if (says("removed"))
        problems.push(`${where}: ${name} is documented as removed, but the schema accepts it`);
    if (key.required && !says("required")) {
        problems.push(
            `${where}: ${name} is required within its parent; its default cell must begin with "required" (got "${text}")`,
        );
    }
    if (!key.required && says("required")) {
        problems.push(
            `${where}: ${name} is optional in the schema; its default cell says "required" (say its default, or "none")`,
        );
    }
    if (key.hasDefault) {
        const v = key.defaultValue;
        const empty =
            (Array.isArray(v) && v.length === 0) ||
            (v !== null && typeof v === "object" && Object.keys(v).length === 0);
        if (empty && !says("none"))
            problems.push(
                `${where}: ${name} defaults to nothing; its default cell must begin with "none" (got "${text}")`,
            );
        if (!empty && (typeof v !== "object" || v === null) && !startsWithValue(text, v)) {
            problems.push(
                `${where}: ${name} defaults to ${describeDefault(v)} in stacks/config/schema.ts; the README says "${text}"`,
            );
        }
        if (code !== undefined && "value" in code && code.value !== v) {
            problems.push(
                `${name}: the schema's default ${describeDefault(v)} differs from ${code.from}'s ${describeDefault(code.value)}`,
            );
        }
        return problems;
    }
    if (code === undefined) return problems;
    if ("byEnvironment" in code) {
        const missing = saysEachEnvironment(text, code.byEnvironment);
        if (missing.length > 0) {
            problems.push(
                `${where}: ${name} defaults by environment (${code.from}); the README must say ${missing.join(", ")} (got "${text}")`,
            );
        }
    } else if (code.value === undefined ? !says("none") : !startsWithValue(text, code.value)) {
        const expected = code.value === undefined ? "none" : describeDefault(code.value);
        problems.push(`${where}: ${name} defaults to ${expected} (${code.from}); the README says "${text}"`);
    }
    return problems;
}

/** Where a missing key should be written: the table whose prefix is its nearest ancestor. */
function whereToAdd(
    key: SchemaKey,
    sections: ReturnType<typeof readConfigTables>["sections"],
    file: string,
): string {
    const full = configKeyName(key.segments);
    const owner = [...sections]
        .filter(
            (s) =>
                full === s.prefix ||
                full.startsWith(s.prefix.endsWith(":") ? s.prefix : `${s.prefix}.`) ||
                full.startsWith(`${s.prefix}[]`),
        )
        .sort((a, b) => b.prefix.length - a.prefix.length)[0];
    if (owner === undefined)
        return `add a \`key | default | meaning\` table to ${file} under a heading naming its prefix in backticks`;
    const relative = full.slice(owner.prefix.length).replace(/^[.:]/, "");
    return `add a row | \`${relative.replace(/\.\*(?=\.|$)/g, ".<name>")}\` | <default> | <meaning> | to the table under ${file}'s heading "${owner.heading.text}" (#${owner.heading.anchor})`;
}

export function referenceProblems(inputs: ReferenceInputs): string[] {
    const keys = schemaKeys(inputs.schema);
    const rows = readConfigTables(inputs.doc, keys, inputs.file);
    const problems = [...rows.problems];
    const seen = new Map<string, DocumentedKey>();
    for (const doc of rows.keys) {
        const id = joinSegments(doc.segments);
        const where = `${inputs.file}:${doc.line}`;
        const earlier = seen.get(id);
        if (earlier !== undefined) {
            problems.push(
                `${where}: \`${configKeyName(doc.segments)}\` is documented twice (first at line ${earlier.line})`,
            );
            continue;
        }
        seen.set(id, doc);
        const key = keys.get(id)!;
        problems.push(...keyProblems(doc, key, inputs.componentDefault(configKeyName(key.segments)), where));
    }
    for (const [id, key] of keys) {
        if (key.kind !== "leaf" || seen.has(id)) continue;
        problems.push(
            `\`${configKeyName(key.segments)}\` is accepted by stacks/config/schema.ts but not documented: ${whereToAdd(key, rows.sections, inputs.file)}`,
        );
    }
    return problems;
}
