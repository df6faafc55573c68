/**
 * `npm run preview:offline -- <stack>`: runs the real program (stacks/) under
 * Pulumi mocks with the stack's own `Pulumi.<stack>.yaml`, and prints the
 * resource tree and the stack outputs. No Pulumi CLI, no AWS account.
 *
 * The source stack reads the backup stack through a StackReference; offline, the
 * backup stack is previewed first and its outputs answer that reference.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "../stacks/config";
import { rawStackConfig } from "../stacks/load-config";
import { installMocks, RecordedResource, resolveDeep, settle } from "../test/harness/offline-mocks";

const ROOT = path.resolve(__dirname, "..");

export interface OfflinePreview {
    readonly stack: string;
    readonly resources: RecordedResource[];
    readonly outputs: Record<string, unknown>;
}

/** Stack names that have a `Pulumi.<stack>.yaml` beside `Pulumi.yaml`. */
export function availableStacks(): string[] {
    return fs
        .readdirSync(ROOT)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** The stack YAML's `config:` block as Pulumi hands it to a program: every value a string. */
export function readStackConfig(stack: string): Record<string, string> {
    const file = path.join(ROOT, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        throw new Error(
            `no stack file ${path.basename(file)}; available stacks: ${availableStacks().join(", ")}`,
        );
    }
    const doc = (parseYaml(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        out[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return out;
}

/** The raw `strongbox:*` config and region of a stack file, exactly as the program would read them. */
export function readStackRawConfig(stack: string): { raw: Record<string, unknown>; region: string } {
    const config = readStackConfig(stack);
    return { raw: rawStackConfig((key) => config[`strongbox:${key}`]), region: config["aws:region"] };
}

/** Previews `stack` in-process under mocks and returns what it declared. */
export async function runStackOffline(
    stack: string,
    overrides: Record<string, string> = {},
): Promise<OfflinePreview> {
    const config = { ...readStackConfig(stack), ...overrides };
    const stackReferences: Record<string, Record<string, unknown>> = {};
    if (config["strongbox:role"] === "source") {
        const backupStackRef = (JSON.parse(config["strongbox:source"] ?? "{}") as { backupStack?: string })
            .backupStack;
        const backupStack = backupStackRef?.split("/").pop();
        if (backupStackRef && backupStack && availableStacks().includes(backupStack)) {
            stackReferences[backupStackRef] = (await runStackOffline(backupStack)).outputs;
        }
    }
    const role = config["strongbox:role"];
    const accountId = (JSON.parse(config[`strongbox:${role}`] ?? "{}") as { accountId?: string }).accountId;
    pulumi.runtime.setAllConfig(config);
    const resources = await installMocks({ accountId, region: config["aws:region"], stack, stackReferences });
    // Imported late so that no Pulumi resource or Config is touched before the mocks are in place.
    const { loadStackConfig } = await import("../stacks/load-config");
    const { buildStack } = await import("../stacks");
    const outputs = (await resolveDeep(buildStack(loadStackConfig()))) as Record<string, unknown>;
    await settle();
    return { stack, resources, outputs };
}

/** Renders resources as an indented tree (type, name) in declaration order. */
export function renderTree(resources: ReadonlyArray<RecordedResource>): string {
    const children = new Map<string | undefined, RecordedResource[]>();
    for (const r of resources) {
        const parent = resources.some((p) => p.urn === r.parentUrn) ? r.parentUrn : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const lines: string[] = [];
    const walk = (parent: string | undefined, indent: string) => {
        for (const r of children.get(parent) ?? []) {
            lines.push(`${indent}${r.type}  ${r.name}`);
            walk(r.urn, `${indent}    `);
        }
    };
    walk(undefined, "");
    return lines.join("\n");
}

async function main(): Promise<number> {
    const stack = process.argv[2];
    if (!stack || stack === "--help" || stack === "-h") {
        console.error(
            `usage: npm run preview:offline -- <stack>\navailable stacks: ${availableStacks().join(", ")}`,
        );
        return stack ? 0 : 2;
    }
    const started = Date.now();
    const preview = await runStackOffline(stack);
    console.log(
        `Stack ${stack}: ${preview.resources.length} resources (offline preview under Pulumi mocks, ${Date.now() - started} ms)\n`,
    );
    console.log(renderTree(preview.resources));
    console.log("\nOutputs:");
    for (const [key, value] of Object.entries(preview.outputs)) {
        console.log(`    ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
    }
    return 0;
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (err: unknown) => {
            console.error(
                // Bad configuration, and copies that do not fit the destination vault's lock: the message
                // names every key and its fix; a stack trace would only bury it.
                err instanceof ConfigError || (err instanceof Error && err.name === "DestinationLockError")
                    ? err.message
                    : `offline preview failed: ${err instanceof Error ? err.stack : String(err)}`,
            );
            process.exit(1);
        },
    );
}
