/**
 * Turns what the offline preview records (test/harness/offline-mocks.ts) into the
 * PolicyResources the analyzer would hand the pack. The mocks see no
 * dependency information, so it is rebuilt from values: an input that equals
 * another resource's `id` or `arn` (a lock configuration's `bucket` is the
 * bucket's id, which under mocks is its name) depends on that resource, as it
 * would through the Output it came from. Parents come from `parentUrn`.
 */
import { PolicyResource, PolicyResourceOptions } from "@pulumi/policy";
import type { RecordedResource } from "../../test/harness/offline-mocks";
import { isTypeOf, UNKNOWN, unknownCheckingProxy } from "./helpers";

export interface AdapterOptions {
    /** Rebuild dependencies from values (default true). False: no dependency information at all. */
    readonly dependencies?: boolean;
    /** Replace these top-level inputs with the preview's unknown sentinel (e.g. `bucket` of settings resources). */
    readonly unknownInputs?: (r: RecordedResource) => readonly string[];
}

export interface Adapted {
    readonly resources: PolicyResource[];
    /** A resource's inputs (what resource policies see), by the PolicyResource built from it. */
    readonly inputsOf: (r: PolicyResource) => Record<string, unknown>;
}

function strings(value: unknown, out: string[] = []): string[] {
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
    else if (value !== null && typeof value === "object")
        Object.values(value).forEach((v) => strings(v, out));
    return out;
}

export function toPolicyResources(
    records: readonly RecordedResource[],
    options: AdapterOptions = {},
): Adapted {
    const withDeps = options.dependencies ?? true;
    const byUrn = new Map<string, PolicyResource>();
    const inputs = new Map<PolicyResource, Record<string, unknown>>();
    const built = records.map((rec) => {
        const unknown = new Set(options.unknownInputs?.(rec) ?? []);
        const blank = (o: Record<string, unknown>) =>
            Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unknown.has(k) ? UNKNOWN : v]));
        const props = unknownCheckingProxy(blank(rec.state));
        const opts: PolicyResourceOptions = {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            ...(rec.parentUrn ? { parent: rec.parentUrn } : {}),
        };
        const r: PolicyResource = {
            type: rec.type,
            props,
            urn: rec.urn,
            name: rec.name,
            opts,
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(rec.type, cls as never),
            asType: ((cls: never) =>
                isTypeOf(rec.type, cls) ? props : undefined) as PolicyResource["asType"],
        };
        byUrn.set(rec.urn, r);
        inputs.set(r, blank(rec.inputs));
        return { rec, r };
    });
    // Physical identities of custom resources: what another resource's input holds when it refers to them.
    const byIdentity = new Map<string, PolicyResource[]>();
    for (const { rec, r } of built) {
        if (!rec.custom) continue;
        for (const key of ["id", "arn"]) {
            const v = rec.state[key];
            if (typeof v === "string" && v.length > 3) byIdentity.set(v, [...(byIdentity.get(v) ?? []), r]);
        }
    }
    for (const { rec, r } of built) {
        if (rec.parentUrn) r.parent = byUrn.get(rec.parentUrn);
        if (!withDeps) continue;
        const all = new Set<PolicyResource>();
        for (const [prop, value] of Object.entries(rec.inputs)) {
            const refs = new Set(
                strings(value)
                    .flatMap((s) => byIdentity.get(s) ?? [])
                    .filter((d) => d !== r),
            );
            if (refs.size > 0) r.propertyDependencies[prop] = [...refs];
            refs.forEach((d) => all.add(d));
        }
        r.dependencies = [...all];
    }
    return { resources: built.map((b) => b.r), inputsOf: (r) => inputs.get(r) ?? {} };
}
