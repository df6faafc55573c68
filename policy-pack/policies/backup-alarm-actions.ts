import { ResourceValidationPolicy } from "@pulumi/policy";
import { T } from "../lib/types";
import { list, plain, PreviewUnknowns } from "../lib/values";

export const backupAlarmActions: ResourceValidationPolicy = {
    name: "backup-alarm-actions",
    description:
        "Every CloudWatch alarm has an alarm action and its actions enabled: an alarm that tells nobody is a " +
        "failed verify, a stale dump or a lock that did not hold that nobody hears of (AWS Config " +
        "cloudwatch-alarm-action-check).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== T.metricAlarm) return;
        const props = plain(args.props);
        const unknowns = new PreviewUnknowns();
        if (props.actionsEnabled === false)
            reportViolation(
                `alarm "${args.name}" must keep its actions enabled (\`actionsEnabled\` is false)`,
            );
        if (!unknowns.check(props.alarmActions, `alarmActions of alarm "${args.name}"`)) {
            if (list(props.alarmActions).length === 0)
                reportViolation(
                    `alarm "${args.name}" must have at least one alarm action (e.g. the audit topic)`,
                );
        }
        unknowns.throwIfAny();
    },
};
