/**
 * The argument bags the analyzer builds, complete: notApplicable, stackTags,
 * config with the schema's defaults, isType/asType that honour their argument,
 * opts, parent, dependencies and propertyDependencies, and properties wrapped
 * in @pulumi/policy's unknown-checking proxy.
 */
import {
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { unknownCheckingProxy } from "./unknowns";

export type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

export const STACK = "prod-backup";
export const PROJECT = "strongbox";

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

/**
 * A resource as tests write it. `parent`, `dependsOn` and `propertyDependencies` refer to other specs
 * by URN or, when it is unique among the specs, by name.
 */
export interface Spec {
    type: string;
    name: string;
    /** The engine's URN (specs taken from a previewed stack carry it); default `urnOf(type, name)`. */
    urn?: string;
    /** Inputs for resource policies; the same object serves as the outputs stack policies see. */
    props: Record<string, unknown>;
    parent?: string;
    dependsOn?: string[];
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
}

/** The URN a spec answers to. */
export function specUrn(spec: Spec): string {
    return spec.urn ?? urnOf(spec.type, spec.name);
}

/** The config a policy sees when the user sets `overrides`: its schema's defaults under them (as the CLI does). */
export function configFor(p: AnyPolicy, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const defaults = Object.fromEntries(
        Object.entries(p.configSchema?.properties ?? {})
            .filter(([, schema]) => schema.default !== undefined)
            .map(([key, schema]) => [key, schema.default]),
    );
    return { ...defaults, ...overrides };
}

export class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "not applicable");
    }
}
function notApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

interface ResourceClass {
    new (...rest: never[]): unknown;
    __pulumiType?: string;
    isInstance?(o: unknown): boolean;
}
/** As @pulumi/policy's `isTypeOf`: the class's Pulumi type token, else its `isInstance`. */
export function isTypeOf(type: string, resourceClass: ResourceClass): boolean {
    if (typeof resourceClass.__pulumiType === "string") return resourceClass.__pulumiType === type;
    return resourceClass.isInstance?.({ __pulumiType: type }) === true;
}

const STACK_TAGS: ReadonlyMap<string, string> = new Map([
    ["pulumi:project", PROJECT],
    ["owner", "platform"],
]);

function optsOf(parentUrn: string | undefined, protect: boolean): PolicyResourceOptions {
    return {
        protect,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(parentUrn !== undefined ? { parent: parentUrn } : {}),
    };
}

export function resourceArgs(
    p: AnyPolicy,
    spec: Spec,
    config: Record<string, unknown> = {},
): ResourceValidationArgs {
    const props = unknownCheckingProxy({ ...spec.props });
    const parentUrn =
        spec.parent === undefined || spec.parent.startsWith("urn:")
            ? spec.parent
            : urnOf("strongbox:component", spec.parent);
    return {
        type: spec.type,
        props,
        urn: specUrn(spec),
        name: spec.name,
        opts: optsOf(parentUrn, spec.protect ?? false),
        stackTags: STACK_TAGS,
        isType: (cls) => isTypeOf(spec.type, cls as unknown as ResourceClass),
        asType: ((cls: ResourceClass) =>
            isTypeOf(spec.type, cls) ? props : undefined) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => configFor(p, config) as T,
        notApplicable,
    };
}

/**
 * PolicyResources linked the way the analyzer links them: parent, dependencies and
 * propertyDependencies are the other resources' objects, resolved by URN or unique name.
 */
export function policyResources(specs: readonly Spec[]): PolicyResource[] {
    const byRef = new Map<string, PolicyResource[]>();
    const resources = specs.map((spec) => {
        const props = unknownCheckingProxy({ ...spec.props });
        const r: PolicyResource = {
            type: spec.type,
            props,
            urn: specUrn(spec),
            name: spec.name,
            opts: optsOf(undefined, spec.protect ?? false),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(spec.type, cls as unknown as ResourceClass),
            asType: ((cls: ResourceClass) =>
                isTypeOf(spec.type, cls) ? props : undefined) as PolicyResource["asType"],
        };
        for (const ref of new Set([r.urn, spec.name])) byRef.set(ref, [...(byRef.get(ref) ?? []), r]);
        return r;
    });
    const lookup = (ref: string): PolicyResource => {
        const found = byRef.get(ref) ?? [];
        if (found.length === 0) throw new Error(`fixture names unknown resource "${ref}"`);
        if (found.length > 1) throw new Error(`fixture name "${ref}" is ambiguous: refer to it by URN`);
        return found[0];
    };
    specs.forEach((spec, i) => {
        const r = resources[i];
        if (spec.parent !== undefined) {
            r.parent = lookup(spec.parent);
            r.opts.parent = r.parent.urn;
        }
        for (const [prop, refs] of Object.entries(spec.propertyDependencies ?? {})) {
            r.propertyDependencies[prop] = refs.map(lookup);
        }
        const deps = new Set([
            ...(spec.dependsOn ?? []).map(lookup),
            ...Object.values(r.propertyDependencies).flat(),
        ]);
        r.dependencies = [...deps];
    });
    return resources;
}

export function stackArgs(
    p: AnyPolicy,
    resources: PolicyResource[],
    config: Record<string, unknown> = {},
): StackValidationArgs {
    return {
        resources,
        stackTags: STACK_TAGS,
        getConfig: <T extends object>() => configFor(p, config) as T,
        notApplicable,
    };
}
