/**
 * The alarms of `specs.ts`, each with the audit topic as its alarm and OK action (so a recovery is reported
 * too), and the S3 request-metrics filter the receipts alarm reads: S3 itself counting writes under the
 * receipts prefix is a witness independent of the runner's own metrics.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RECEIPTS_PREFIX } from "../../../shared/audit";
import { AlarmInputs, auditAlarms } from "./specs";

/** The S3 request-metrics filter on the receipts prefix (also the `FilterId` dimension of its metrics). */
export const RECEIPTS_METRICS_FILTER = "strongbox-receipts";

export interface AuditAlarmsArgs extends Omit<AlarmInputs, "receiptsFilterId"> {
    readonly namePrefix: string;
    readonly topicArn: pulumi.Input<string>;
    readonly tags: Record<string, string>;
}

export interface AuditAlarms {
    readonly alarms: aws.cloudwatch.MetricAlarm[];
}

/** Declares `${name}-receipts-metrics` and `${name}-alarm-<key>` per alarm. */
export function declareAuditAlarms(name: string, a: AuditAlarmsArgs, parent: pulumi.Resource): AuditAlarms {
    new aws.s3.BucketMetric(
        `${name}-receipts-metrics`,
        { bucket: a.bucketName, name: RECEIPTS_METRICS_FILTER, filter: { prefix: `${RECEIPTS_PREFIX}/` } },
        { parent },
    );
    const alarms = auditAlarms({ ...a, receiptsFilterId: RECEIPTS_METRICS_FILTER }).map(
        (s) =>
            new aws.cloudwatch.MetricAlarm(
                `${name}-alarm-${s.key}`,
                {
                    name: `${a.namePrefix}-${s.key}`,
                    alarmDescription: s.description,
                    namespace: s.namespace,
                    metricName: s.metricName,
                    dimensions: s.dimensions,
                    statistic: s.statistic,
                    period: s.period,
                    evaluationPeriods: s.evaluationPeriods,
                    datapointsToAlarm: s.datapointsToAlarm,
                    comparisonOperator: s.comparisonOperator,
                    threshold: s.threshold,
                    treatMissingData: s.treatMissingData,
                    alarmActions: [a.topicArn],
                    okActions: [a.topicArn],
                    tags: a.tags,
                },
                { parent },
            ),
    );
    return { alarms };
}
