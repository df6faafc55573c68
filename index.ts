/**
 * Pulumi entry point. One program, two kinds of stack: `strongbox:role: backup`
 * (prod-backup, deploy first) or `strongbox:role: source` (prod-source). The
 * config is validated in full before any resource is declared.
 */
import { buildStack } from "./stacks";
import { loadStackConfig } from "./stacks/load-config";

export = buildStack(loadStackConfig());
