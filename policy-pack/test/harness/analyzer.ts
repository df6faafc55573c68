/**
 * Runs policies the way @pulumi/policy's analyzer server does and collects
 * what it would report: violations at the policy's enforcement level, an
 * `UnknownValueError` as an advisory "can't run ... during preview", and
 * `notApplicable` as such.
 */
import {
    PolicyResource,
    ReportViolation,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import { AnyPolicy, NotApplicableError, policyResources, resourceArgs, Spec, stackArgs } from "./args";
import { UnknownValueError } from "./unknowns";

/** How the analyzer names the pack in its messages: `new PolicyPack("strongbox")` at package.json's version. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PACK = `'strongbox@v${(require("../../package.json") as { version: string }).version}'`;

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
            const spec: Spec = { type: r.type, name: r.name, urn: r.urn, props: plainCopy(inputsOf(r)) };
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
