import { CloudWatchClient, type MetricDatum, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
    DATABASE_DIMENSION,
    METRIC_UNITS,
    type MetricName,
    METRICS,
    METRICS_NAMESPACE,
} from "../../shared/audit";
import { RetryWindowStrategy } from "../aws-retry";

/** One data point of shared/audit.ts's metrics, about one database (or the canary, or the estate). */
export interface MetricPoint {
    metric: MetricName;
    /** The `Database` dimension: a database name, or CANARY_DIMENSION_VALUE / ESTATE_DIMENSION_VALUE. */
    database: string;
    value: number;
    at: Date;
}

/**
 * "Each request is also limited to no more than 1000 different metrics" (and 1 MB; CloudWatch API
 * Reference, PutMetricData). A data point here is a few hundred bytes, so the count is the binding limit.
 */
export const MAX_DATA_PER_REQUEST = 1000;

/** The endpoint the SDK's own variables name (emulators), as for S3. */
export function cloudWatchEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
    return env.AWS_ENDPOINT_URL_CLOUDWATCH || env.AWS_ENDPOINT_URL || undefined;
}

export function createCloudWatchClient(env: NodeJS.ProcessEnv = process.env): CloudWatchClient {
    return new CloudWatchClient({
        endpoint: cloudWatchEndpoint(env),
        // The same patience as S3's: a nightly check must not lose its evidence to one throttled call.
        retryStrategy: new RetryWindowStrategy(),
    });
}

export function toDatum(point: MetricPoint): MetricDatum {
    return {
        MetricName: METRICS[point.metric],
        Dimensions: [{ Name: DATABASE_DIMENSION, Value: point.database }],
        Value: point.value,
        Unit: METRIC_UNITS[point.metric],
        Timestamp: point.at,
    };
}

/** Splits the data into requests CloudWatch accepts, in order. */
export function batches<T>(items: readonly T[], size: number = MAX_DATA_PER_REQUEST): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}

/**
 * Publishes every point under METRICS_NAMESPACE (the auditor's IAM allows PutMetricData for that
 * namespace only), as few requests as the limit allows. Returns the number of requests sent.
 */
export async function publishMetrics(
    client: CloudWatchClient,
    points: readonly MetricPoint[],
): Promise<number> {
    const requests = batches(points.map(toDatum));
    for (const data of requests) {
        try {
            await client.send(new PutMetricDataCommand({ Namespace: METRICS_NAMESPACE, MetricData: data }));
        } catch (error) {
            throw new Error(
                `could not publish ${data.length} data points to CloudWatch namespace ${METRICS_NAMESPACE}: ` +
                    `${(error as Error).message}; check cloudwatch:PutMetricData on the role (with the ` +
                    `cloudwatch:namespace condition ${METRICS_NAMESPACE}) and AWS_REGION`,
            );
        }
    }
    return requests.length;
}
