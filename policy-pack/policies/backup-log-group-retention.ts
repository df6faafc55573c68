import { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf, schemaOf } from "../lib/config";
import { T } from "../lib/types";
import { num, plain, PreviewUnknowns } from "../lib/values";

export const backupLogGroupRetention: ResourceValidationPolicy = {
    name: "backup-log-group-retention",
    description:
        "CloudWatch log groups (runner and verifier logs are the evidence of every dump) keep logs at least the " +
        "minimum when they set a retention (AWS Config cw-loggroup-retention-period-check).",
    enforcementLevel: "mandatory",
    configSchema: schemaOf("minLogRetentionDays"),
    validateResource: (args, reportViolation) => {
        if (args.type !== T.logGroup) return;
        const cfg = configOf(args);
        const props = plain(args.props);
        const unknowns = new PreviewUnknowns();
        // Unset or 0 means "never expire", which keeps more than any minimum.
        if (!unknowns.check(props.retentionInDays, `retentionInDays of log group "${args.name}"`)) {
            const days = num(props.retentionInDays);
            if (days !== undefined && days !== 0 && days < cfg.minLogRetentionDays) {
                reportViolation(
                    `log group "${args.name}" must keep logs at least ${cfg.minLogRetentionDays} days (\`retentionInDays\` is ${days})`,
                );
            }
        }
        unknowns.throwIfAny();
    },
};
