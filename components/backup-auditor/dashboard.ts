/**
 * The audit dashboard as pure data (CloudWatch's dashboard body): one graph per metric with a line per
 * database, the RPO and RTO as horizontal annotations, the canary, the receipts S3 saw written, and the
 * state of every alarm. How to read it is in the README ("The audit dashboard").
 */
import {
    CANARY_DIMENSION_VALUE,
    DATABASE_DIMENSION,
    ESTATE_DIMENSION_VALUE,
    METRICS,
    METRICS_NAMESPACE,
} from "../../shared/audit";
import { ExpectedDatabase, MetricDatabase, metricDatabases } from "./expected";

export interface DashboardInputs {
    readonly region: string;
    readonly bucketName: string;
    readonly receiptsFilterId: string;
    readonly expected: readonly ExpectedDatabase[];
    readonly alarmArns: readonly string[];
}

const DAY = 86400;
/** An alarm status widget lists at most 100 alarms; more are split across widgets. */
export const ALARMS_PER_WIDGET = 100;

/** `[namespace, metric, dimension, value]` per database name: CloudWatch's compact metric form. */
function perDatabase(metric: string, databases: readonly MetricDatabase[]): string[][] {
    return databases.map((e) => [METRICS_NAMESPACE, metric, DATABASE_DIMENSION, e.database]);
}

function graph(
    title: string,
    metrics: string[][],
    stat: string,
    region: string,
    position: { x: number; y: number },
    annotations?: Array<{ label: string; value: number }>,
): Record<string, unknown> {
    return {
        type: "metric",
        ...position,
        width: 12,
        height: 6,
        properties: {
            title,
            region,
            metrics,
            stat,
            period: DAY,
            view: "timeSeries",
            ...(annotations && { annotations: { horizontal: annotations } }),
        },
    };
}

/** The dashboard body. Annotations mark the strictest RPO and RTO; each alarm carries a database's own. */
export function dashboardBody(d: DashboardInputs): Record<string, unknown> {
    const databases = metricDatabases(d.expected);
    const drilled = databases.filter((e) => e.drill);
    const rpo = Math.min(...databases.map((e) => e.rpoHours));
    const rto = drilled.length > 0 ? Math.min(...drilled.map((e) => e.rtoSeconds!)) : undefined;
    return {
        widgets: [
            graph(
                "Newest dump age (hours)",
                perDatabase(METRICS.newestDumpAgeHours, databases),
                "Maximum",
                d.region,
                { x: 0, y: 0 },
                [{ label: "RPO", value: rpo }],
            ),
            graph(
                "Verify: 1 = newest dump good; (estate) 1 = nothing unlisted found",
                [
                    ...perDatabase(METRICS.verifySucceeded, databases),
                    [METRICS_NAMESPACE, METRICS.verifySucceeded, DATABASE_DIMENSION, ESTATE_DIMENSION_VALUE],
                ],
                "Minimum",
                d.region,
                {
                    x: 12,
                    y: 0,
                },
            ),
            graph(
                "Drill: 1 = restored, row counts match",
                perDatabase(METRICS.drillSucceeded, drilled),
                "Minimum",
                d.region,
                {
                    x: 0,
                    y: 6,
                },
            ),
            graph(
                "Drill restore time (seconds, the measured RTO)",
                perDatabase(METRICS.restoreSeconds, drilled),
                "Maximum",
                d.region,
                { x: 12, y: 6 },
                rto === undefined ? undefined : [{ label: "RTO", value: rto }],
            ),
            graph(
                "Canary: 1 = Object Lock refused both attempts",
                [[METRICS_NAMESPACE, METRICS.canaryDenied, DATABASE_DIMENSION, CANARY_DIMENSION_VALUE]],
                "Minimum",
                d.region,
                { x: 0, y: 12 },
            ),
            graph(
                "Receipts written (S3 PUT requests under the receipts prefix)",
                [["AWS/S3", "PutRequests", "BucketName", d.bucketName, "FilterId", d.receiptsFilterId]],
                "Sum",
                d.region,
                { x: 12, y: 12 },
            ),
            ...alarmWidgets(d.alarmArns),
        ],
    };
}

function alarmWidgets(arns: readonly string[]): Array<Record<string, unknown>> {
    const widgets: Array<Record<string, unknown>> = [];
    for (let i = 0; i < arns.length; i += ALARMS_PER_WIDGET) {
        widgets.push({
            type: "alarm",
            x: 0,
            y: 18 + 8 * widgets.length,
            width: 24,
            height: 8,
            properties: { title: "Audit alarms", alarms: arns.slice(i, i + ALARMS_PER_WIDGET) },
        });
    }
    return widgets;
}
