import * as pulumi from "@pulumi/pulumi";
import { buildBackupStack } from "./backup-stack";
import { StackConfig } from "./config";
import { buildSourceStack } from "./source-stack";

/** Declares the stack the config's `strongbox:role` asks for and returns its outputs. */
export function buildStack(cfg: StackConfig): Record<string, pulumi.Input<unknown>> {
    return cfg.role === "backup" ? buildBackupStack(cfg) : buildSourceStack(cfg);
}
