/**
 * Runs Pulumi programs in-process under `pulumi.runtime.setMocks`, with no CLI,
 * no provider plugin and no cloud: the foundation of the offline preview and of
 * every component and stack test. It records each resource (type, name, parent,
 * inputs) and answers the few provider functions the program calls.
 */
import * as pulumi from "@pulumi/pulumi";
// Internal runtime helpers: the mock monitor is the only place parents are visible.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as {
    getMonitor(): unknown;
    waitForRPCs(): Promise<void>;
};

export interface RecordedResource {
    readonly type: string;
    readonly name: string;
    /** False for ComponentResources. */
    readonly custom: boolean;
    readonly urn: string;
    /** URN of the parent resource, or undefined for top-level resources. */
    readonly parentUrn?: string;
    readonly inputs: Record<string, unknown>;
    readonly state: Record<string, unknown>;
    /** URNs this resource answers to besides its own (its `aliases`, resolved as the engine would). */
    readonly aliasUrns: readonly string[];
    /** The `protect` resource option. */
    readonly protect: boolean;
}

export interface MockOptions {
    /** Account the mocked caller identity answers with. */
    readonly accountId?: string;
    readonly region?: string;
    /** Outputs returned for each `pulumi:pulumi:StackReference`, keyed by stack name. */
    readonly stackReferences?: Record<string, Record<string, unknown>>;
    readonly project?: string;
    readonly stack?: string;
}

/** Plausible computed attributes so that ARNs and names flow like they do on AWS. */
function computedState(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    accountId: string,
    stackRegion: string,
): Record<string, unknown> {
    // @pulumi/aws v7 resources may carry their own `region` (the replica does).
    const region = (inputs.region as string | undefined) ?? stackRegion;
    const physical =
        (inputs.name as string | undefined) ?? (inputs.bucket as string | undefined) ?? `${name}-physical`;
    const arnOf: Record<string, () => string> = {
        "aws:s3/bucket:Bucket": () => `arn:aws:s3:::${physical}`,
        "aws:s3/bucketV2:BucketV2": () => `arn:aws:s3:::${physical}`,
        "aws:kms/key:Key": () =>
            `arn:aws:kms:${region}:${accountId}:key/00000000-0000-4000-8000-${hash12(name)}`,
        "aws:kms/alias:Alias": () => `arn:aws:kms:${region}:${accountId}:${physical}`,
        "aws:iam/role:Role": () => `arn:aws:iam::${accountId}:role/${physical}`,
        "aws:iam/policy:Policy": () => `arn:aws:iam::${accountId}:policy/${physical}`,
        "aws:backup/vault:Vault": () => `arn:aws:backup:${region}:${accountId}:backup-vault:${physical}`,
        "aws:sns/topic:Topic": () => `arn:aws:sns:${region}:${accountId}:${physical}`,
        "aws:cloudwatch/logGroup:LogGroup": () => `arn:aws:logs:${region}:${accountId}:log-group:${physical}`,
        "aws:codebuild/project:Project": () => `arn:aws:codebuild:${region}:${accountId}:project/${physical}`,
    };
    const arn =
        arnOf[type]?.() ??
        `arn:aws:mock:${region}:${accountId}:${type.split(":").pop()?.toLowerCase()}/${physical}`;
    const extra: Record<string, unknown> = { arn, id: physical };
    if (type.startsWith("aws:s3/bucket")) {
        extra.bucket = physical;
        extra.bucketDomainName = `${physical}.s3.amazonaws.com`;
        extra.bucketRegionalDomainName = `${physical}.s3.${region}.amazonaws.com`;
        extra.region = region;
    }
    if (type === "aws:kms/key:Key") extra.keyId = arn.split("/").pop();
    if (type === "aws:iam/role:Role") extra.name = physical;
    return { ...inputs, ...extra };
}

function hash12(s: string): string {
    let h = 0;
    for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    return h.toString(16).padStart(12, "0").slice(-12);
}

/**
 * Installs mocks and returns the live list of recorded resources. Call before
 * importing or running the code under test; calling again starts a fresh record.
 */
export async function installMocks(options: MockOptions = {}): Promise<RecordedResource[]> {
    const accountId = options.accountId ?? "111111111111";
    const region = options.region ?? "ap-southeast-4";
    const recorded: RecordedResource[] = [];
    const registrations = new Map<
        string,
        { urn: string; parentUrn?: string; aliasUrns: string[]; protect: boolean }
    >();
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const inputs = args.inputs as Record<string, unknown>;
                if (args.type === "pulumi:pulumi:StackReference") {
                    const stackName = (inputs.name as string | undefined) ?? args.name;
                    const outputs = options.stackReferences?.[stackName];
                    if (!outputs)
                        throw new Error(
                            `offline mocks: no outputs configured for stack reference ${stackName}`,
                        );
                    return { id: stackName, state: { name: stackName, outputs, secretOutputNames: [] } };
                }
                const state = args.custom
                    ? computedState(args.type, args.name, inputs, accountId, region)
                    : { ...inputs };
                const meta = registrations.get(`${args.type}::${args.name}`);
                recorded.push({
                    type: args.type,
                    name: args.name,
                    custom: args.custom ?? false,
                    urn: meta?.urn ?? `${args.type}::${args.name}`,
                    parentUrn: meta?.parentUrn,
                    aliasUrns: meta?.aliasUrns ?? [],
                    protect: meta?.protect ?? false,
                    inputs,
                    state,
                });
                return { id: String(state.id), state };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                switch (args.token) {
                    case "aws:index/getCallerIdentity:getCallerIdentity":
                        return {
                            accountId,
                            arn: `arn:aws:iam::${accountId}:user/offline`,
                            userId: "OFFLINE",
                        };
                    case "aws:index/getRegion:getRegion":
                        return { name: region, region, id: region };
                    case "aws:index/getPartition:getPartition":
                        return { partition: "aws", dnsSuffix: "amazonaws.com" };
                    default:
                        return args.inputs;
                }
            },
        },
        options.project ?? "strongbox",
        options.stack ?? "test",
        false,
    );
    // Record each registration's parent: the mock monitor sees it, newResource does not.
    const monitor = settings.getMonitor() as MockMonitor;
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: RegisterRequest, cb: unknown) => {
        const parentUrn = req.getParent() || undefined;
        const aliasUrns = req.getAliasesList().map((alias) => {
            const spec = alias.getSpec();
            if (!spec) return alias.getUrn();
            const parent = spec.getNoparent() ? "" : spec.getParenturn() || req.getParent();
            return monitor.newUrn(parent, spec.getType() || req.getType(), spec.getName() || req.getName());
        });
        registrations.set(`${req.getType()}::${req.getName()}`, {
            urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
            parentUrn,
            aliasUrns,
            protect: req.getProtect(),
        });
        return original(req, cb);
    };
    return recorded;
}

interface AliasSpec {
    getName(): string;
    getType(): string;
    getParenturn(): string;
    getNoparent(): boolean;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProtect(): boolean;
    getAliasesList(): Array<{ getUrn(): string; getSpec(): AliasSpec | undefined }>;
}

interface MockMonitor {
    registerResource(req: RegisterRequest, cb: unknown): unknown;
    newUrn(parent: string, type: string, name: string): string;
}

/** Waits until every outstanding registration and invoke has finished. */
export async function settle(): Promise<void> {
    await settings.waitForRPCs();
}

/** The value of an Output (test helper; never use inside a program). */
export function promiseOf<T>(output: pulumi.Input<T>): Promise<T> {
    // The SDK's own `promise()` rejects when the value failed (an `apply` that threw, e.g. a preview-time
    // check); resolving from inside `apply` would wait forever instead.
    return (pulumi.output(output) as unknown as { promise(): Promise<T> }).promise();
}

/** Resolves every Output in a plain object tree (stack outputs) to its value. */
export async function resolveDeep(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) return resolveDeep(await promiseOf(value as pulumi.Output<unknown>));
    if (Array.isArray(value)) return Promise.all(value.map(resolveDeep));
    if (value && typeof value === "object" && !(value instanceof pulumi.Resource)) {
        const entries = await Promise.all(
            Object.entries(value).map(async ([k, v]) => [k, await resolveDeep(v)] as const),
        );
        return Object.fromEntries(entries);
    }
    return value;
}

/** The name of the resource a URN points at. */
export function nameOfUrn(urn: string): string {
    return urn.split("::").pop() ?? urn;
}
