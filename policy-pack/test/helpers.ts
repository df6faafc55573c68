/**
 * Offline harness for the pack: builds the argument bags the analyzer would,
 * complete (notApplicable, stackTags, config with the schema's defaults,
 * isType/asType that honour their argument, opts, parent, dependencies,
 * propertyDependencies), wraps properties in @pulumi/policy's real
 * unknown-checking proxy, and runs policies the way its server does: an
 * `UnknownValueError` becomes an advisory "can't run ... during preview".
 */
import {
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import * as policy from "@pulumi/policy";

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

// Internal to @pulumi/policy, read here so tests use exactly what the analyzer uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T extends object>(props: T): T;
    unknownStringValue: string;
    unknownNumberValue: string;
    unknownBooleanValue: string;
    unknownArrayValue: string;
    unknownObjectValue: string;
    unknownAssetValue: string;
    unknownArchiveValue: string;
};
const UnknownValueError = (policy as unknown as { UnknownValueError: new (...a: never[]) => Error })
    .UnknownValueError;

/** What the engine sends for a string (or ID, ARN, JSON document) that is unknown until apply. */
export const UNKNOWN = proxy.unknownStringValue;
export const UNKNOWN_NUMBER = proxy.unknownNumberValue;
export const UNKNOWN_BOOLEAN = proxy.unknownBooleanValue;
export const ALL_SENTINELS: readonly string[] = [
    proxy.unknownBooleanValue,
    proxy.unknownNumberValue,
    proxy.unknownStringValue,
    proxy.unknownArrayValue,
    proxy.unknownAssetValue,
    proxy.unknownArchiveValue,
    proxy.unknownObjectValue,
];
export const unknownCheckingProxy = proxy.unknownCheckingProxy;

export const STACK = "prod-backup";
/** How the analyzer names the pack in its messages: `new PolicyPack("strongbox")` at package.json's version. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PACK = `'strongbox@v${(require("../package.json") as { version: string }).version}'`;
export const PROJECT = "strongbox";

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
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

class NotApplicableError extends Error {
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

/** A resource as tests write it. `parent`, `dependsOn` and `propertyDependencies` name other specs by name. */
export interface Spec {
    type: string;
    name: string;
    /** Inputs for resource policies; the same object serves as the outputs stack policies see. */
    props: Record<string, unknown>;
    parent?: string;
    dependsOn?: string[];
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
}

export function resourceArgs(
    p: AnyPolicy,
    spec: Spec,
    config: Record<string, unknown> = {},
): ResourceValidationArgs {
    const props = unknownCheckingProxy({ ...spec.props });
    const parentUrn = spec.parent !== undefined ? urnOf("strongbox:component", spec.parent) : undefined;
    return {
        type: spec.type,
        props,
        urn: urnOf(spec.type, spec.name),
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
 * propertyDependencies are the other resources' objects, resolved by name.
 */
export function policyResources(specs: readonly Spec[]): PolicyResource[] {
    const byName = new Map<string, PolicyResource>();
    const resources = specs.map((spec) => {
        const props = unknownCheckingProxy({ ...spec.props });
        const r: PolicyResource = {
            type: spec.type,
            props,
            urn: urnOf(spec.type, spec.name),
            name: spec.name,
            opts: optsOf(undefined, spec.protect ?? false),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(spec.type, cls as unknown as ResourceClass),
            asType: ((cls: ResourceClass) =>
                isTypeOf(spec.type, cls) ? props : undefined) as PolicyResource["asType"],
        };
        byName.set(spec.name, r);
        return r;
    });
    const lookup = (name: string): PolicyResource => {
        const r = byName.get(name);
        if (!r) throw new Error(`fixture names unknown resource "${name}"`);
        return r;
    };
    specs.forEach((spec, i) => {
        const r = resources[i];
        if (spec.parent !== undefined) {
            r.parent = lookup(spec.parent);
            r.opts.parent = r.parent.urn;
        }
        for (const [prop, names] of Object.entries(spec.propertyDependencies ?? {})) {
            r.propertyDependencies[prop] = names.map(lookup);
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

export interface Diagnostic {
    readonly policy: string;
    readonly level: "mandatory" | "advisory";
    readonly message: string;
    readonly urn?: string;
}

export interface Report {
    readonly mandatory: string[];
    readonly advisory: string[];
    readonly notApplicable: string[];
    readonly diagnostics: Diagnostic[];
}

function emptyReport(): Report {
    return { mandatory: [], advisory: [], notApplicable: [], diagnostics: [] };
}

/** Runs `validate` as the analyzer server does and files its outcome into `report`. */
async function analyze(
    p: AnyPolicy,
    enforcement: string | undefined,
    report: Report,
    defaultUrn: string | undefined,
    validate: (reportViolation: ReportViolation) => Promise<void> | void,
): Promise<void> {
    const level = enforcement ?? p.enforcementLevel ?? "mandatory";
    if (level === "disabled") return;
    const push = (d: Diagnostic) => {
        report.diagnostics.push(d);
        (d.level === "mandatory" ? report.mandatory : report.advisory).push(d.message);
    };
    const kind = level === "advisory" ? "advisory" : "mandatory";
    try {
        await validate((message, urn) =>
            push({ policy: p.name, level: kind, message, urn: urn ?? defaultUrn }),
        );
    } catch (e) {
        if (e instanceof UnknownValueError) {
            push({
                policy: p.name,
                level: "advisory",
                message: `can't run policy '${p.name}' from policy pack ${PACK} during preview: ${e.message}`,
            });
        } else if (e instanceof NotApplicableError) {
            report.notApplicable.push(e.reason ?? "");
        } else {
            throw e;
        }
    }
}

export function isStackPolicy(p: AnyPolicy): p is StackValidationPolicy {
    return "validateStack" in p;
}

export interface RunOptions {
    /** Policy config as the user would set it (`enforcementLevel` included). */
    readonly config?: Record<string, unknown>;
}

/** One resource policy on one resource. */
export async function runResourcePolicy(
    p: ResourceValidationPolicy,
    spec: Spec,
    options: RunOptions = {},
): Promise<Report> {
    const report = emptyReport();
    const { enforcementLevel, ...config } = options.config ?? {};
    const validations = p.validateResource === undefined ? [] : [p.validateResource].flat();
    for (const validate of validations) {
        const args = resourceArgs(p, spec, config);
        await analyze(p, enforcementLevel as string | undefined, report, args.urn, (rv) =>
            validate(args, rv),
        );
    }
    return report;
}

/** One stack policy over the resources. */
export async function runStackPolicy(
    p: StackValidationPolicy,
    specs: readonly Spec[] | PolicyResource[],
    options: RunOptions = {},
): Promise<Report> {
    const report = emptyReport();
    const { enforcementLevel, ...config } = options.config ?? {};
    const resources = isSpecs(specs) ? policyResources(specs) : specs;
    await analyze(p, enforcementLevel as string | undefined, report, undefined, (rv) =>
        p.validateStack(stackArgs(p, resources, config), rv),
    );
    return report;
}

function isSpecs(x: readonly Spec[] | PolicyResource[]): x is readonly Spec[] {
    return x.length === 0 || !("dependencies" in x[0]);
}

/**
 * The whole pack over a stack: each resource policy on each resource's inputs, each stack policy over
 * the linked resources (their outputs). `inputsOf` gives a resource's inputs when they differ from its props.
 */
export async function runPack(
    policies: readonly AnyPolicy[],
    resources: PolicyResource[],
    inputsOf: (r: PolicyResource) => Record<string, unknown> = (r) => r.props,
): Promise<Report> {
    const report = emptyReport();
    for (const p of policies) {
        if (isStackPolicy(p)) {
            await analyze(p, undefined, report, undefined, (rv) =>
                p.validateStack(stackArgs(p, resources), rv),
            );
            continue;
        }
        for (const r of resources) {
            const spec: Spec = { type: r.type, name: r.name, props: plainCopy(inputsOf(r)) };
            for (const validate of p.validateResource === undefined ? [] : [p.validateResource].flat()) {
                const args = resourceArgs(p, spec);
                await analyze(p, undefined, report, r.urn, (rv) => validate(args, rv));
            }
        }
    }
    return report;
}

/** A proxied props object copied back to plain data (descriptors bypass the proxy). */
function plainCopy(props: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
        Object.keys(props).map((k) => [k, Object.getOwnPropertyDescriptor(props, k)?.value]),
    );
}

/** Deep copy of fixture specs, so a mutation never leaks into another test. */
export function cloneSpecs(specs: readonly Spec[]): Spec[] {
    return JSON.parse(JSON.stringify(specs)) as Spec[];
}
