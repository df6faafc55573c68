/**
 * Every key a stack's config may hold, read from the zod schema itself (`stacks/config/schema.ts`), so
 * that the README's tables can be compared with what the code accepts rather than with a second list.
 *
 * A key is a path of segments: object keys, `[]` for each item of a list, `*` for any key of a map.
 * Objects (and lists or maps of objects) are branches; everything else is a leaf, which the README must
 * document. `z.never()` marks a removed key: accepted only to say how to move on.
 */
import { z } from "zod";

export type KeyKind = "leaf" | "branch" | "removed";

export interface SchemaKey {
    readonly segments: readonly string[];
    readonly kind: KeyKind;
    /** Required whenever its parent is given (list items and map entries count as given). */
    readonly required: boolean;
    /** Whether the schema applies a default, and which. */
    readonly hasDefault: boolean;
    readonly defaultValue?: unknown;
}

/** The parts of zod's internal definition this walk reads; zod 4 keeps them under `_zod.def`. */
interface Def {
    readonly type: string;
    readonly innerType?: z.ZodType;
    readonly defaultValue?: unknown;
    readonly shape?: Record<string, z.ZodType>;
    readonly element?: z.ZodType;
    readonly valueType?: z.ZodType;
    readonly options?: readonly z.ZodType[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Unwraps optional, default and nullable, and says what they meant. */
function unwrap(schema: z.ZodType): {
    core: z.ZodType;
    optional: boolean;
    hasDefault: boolean;
    value?: unknown;
} {
    let core = schema;
    let optional = false;
    let hasDefault = false;
    let value: unknown;
    for (;;) {
        const def = defOf(core);
        if (def.type === "optional" || def.type === "nullable") optional = true;
        else if (def.type === "default" || def.type === "prefault") {
            optional = true;
            hasDefault = true;
            value = def.defaultValue;
        } else break;
        core = def.innerType!;
    }
    return { core, optional, hasDefault, value };
}

/** Whether a schema holds named keys: an object, or a union whose every option is an object. */
function objectShapes(schema: z.ZodType): Array<Record<string, z.ZodType>> | undefined {
    const def = defOf(unwrap(schema).core);
    if (def.type === "object") return [def.shape!];
    if (def.type === "union" && def.options!.every((o) => objectShapes(o) !== undefined)) {
        return def.options!.flatMap((o) => objectShapes(o)!);
    }
    return undefined;
}

/** The key segment and the schema below it, when a list or map holds objects. */
function container(schema: z.ZodType): { segment: string; item: z.ZodType } | undefined {
    const def = defOf(unwrap(schema).core);
    if (def.type === "array" && objectShapes(def.element!) !== undefined)
        return { segment: "[]", item: def.element! };
    if (def.type === "record" && objectShapes(def.valueType!) !== undefined) {
        return { segment: "*", item: def.valueType! };
    }
    return undefined;
}

/** Every key below `schema`, keyed by its joined path (see `joinSegments`). */
export function schemaKeys(schema: z.ZodType): Map<string, SchemaKey> {
    const keys = new Map<string, SchemaKey>();
    const add = (key: SchemaKey): void => {
        const id = joinSegments(key.segments);
        const known = keys.get(id);
        // A key two union options share is required if either requires it (the stack's role decides which).
        keys.set(id, known === undefined ? key : { ...key, required: key.required || known.required });
    };
    const walkObject = (shapes: Array<Record<string, z.ZodType>>, at: readonly string[]): void => {
        for (const shape of shapes) {
            for (const [name, child] of Object.entries(shape)) walk(child, [...at, name]);
        }
    };
    const walk = (node: z.ZodType, at: readonly string[]): void => {
        const { core, optional, hasDefault, value } = unwrap(node);
        const base = { segments: at, required: !optional, hasDefault, defaultValue: value };
        if (defOf(core).type === "never") return add({ ...base, kind: "removed" });
        const shapes = objectShapes(core);
        const inner = container(core);
        if (shapes === undefined && inner === undefined) return add({ ...base, kind: "leaf" });
        add({ ...base, kind: "branch" });
        if (shapes !== undefined) return walkObject(shapes, at);
        const items = [...at, inner!.segment];
        add({ segments: items, kind: "branch", required: true, hasDefault: false });
        walkObject(objectShapes(inner!.item)!, items);
    };
    walkObject(objectShapes(schema)!, []);
    return keys;
}

/** `["writers", "[]", "roleArn"]` → `writers[].roleArn`; `*` stays a segment of its own. */
export function joinSegments(segments: readonly string[]): string {
    return segments.reduce((out, s) => (s === "[]" ? `${out}[]` : out === "" ? s : `${out}.${s}`), "");
}

/** The key as the config's messages name it: `strongbox:backup.bucket.name`. */
export function configKeyName(segments: readonly string[]): string {
    return `strongbox:${joinSegments(segments)}`;
}
