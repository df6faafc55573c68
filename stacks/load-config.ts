import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig, StackConfig, TOP_LEVEL_KEYS } from "./config";

/** Reads `strongbox:*` and `aws:region` from the running stack and validates them. */
export function loadStackConfig(): StackConfig {
    const cfg = new pulumi.Config("strongbox");
    const raw: Record<string, unknown> = {};
    for (const key of TOP_LEVEL_KEYS) {
        const text = cfg.get(key);
        if (text === undefined) continue;
        // Structured values arrive as JSON text; plain strings ("backup") do not parse and stay strings.
        try {
            raw[key] = JSON.parse(text);
        } catch {
            raw[key] = text;
        }
    }
    return parseStackConfig(raw, new pulumi.Config("aws").get("region"));
}
