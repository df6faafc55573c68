import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig, StackConfig, TOP_LEVEL_KEYS } from "./config";

/**
 * Collects the raw `strongbox:*` values from a lookup of config text by key. Structured values
 * arrive as JSON text; plain strings ("backup") do not parse and stay strings. Shared by the
 * running program and everything that reads a `Pulumi.<stack>.yaml` directly, so both see the same.
 */
export function rawStackConfig(lookup: (key: string) => string | undefined): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const key of TOP_LEVEL_KEYS) {
        const text = lookup(key);
        if (text === undefined) continue;
        try {
            raw[key] = JSON.parse(text);
        } catch {
            raw[key] = text;
        }
    }
    return raw;
}

/** Reads `strongbox:*` and `aws:region` from the running stack and validates them. */
export function loadStackConfig(): StackConfig {
    const cfg = new pulumi.Config("strongbox");
    return parseStackConfig(
        rawStackConfig((key) => cfg.get(key)),
        new pulumi.Config("aws").get("region"),
    );
}
