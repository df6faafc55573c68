import type { S3Client } from "@aws-sdk/client-s3";
import { createCloudWatchClient, type MetricPoint, publishMetrics } from "../cloudwatch/metrics";
import type { AuditSwitches } from "../config/audit-switches";
import type { Logger } from "../log";
import { type Receipt, writeReceipt, type WrittenReceipt } from "../s3/receipts";
import { RUNNER_VERSION } from "../version";

/** The receipt fields every check shares; the command adds what it checked. */
export function receiptBase(command: string, bucket: string, at: Date) {
    return {
        formatVersion: 1 as const,
        checkedAt: at.toISOString(),
        command: `strongbox ${command}`,
        runnerVersion: RUNNER_VERSION,
        bucket,
    };
}

export interface AuditTrail {
    receipts: WrittenReceipt[];
    /** PutMetricData requests sent; 0 when metrics were not asked for or failed. */
    metricRequests: number;
    /** Receipts or metrics that could not be written: the command then fails, so that its alarm fires. */
    problems: string[];
}

/**
 * Writes the receipts first (the evidence, also of a failed check), then publishes the metrics; one that
 * fails does not stop the other. A receipt or metric that could not be written is a problem of the run:
 * the auditor's "no receipt" and "verify missing" alarms would fire anyway, and the exit code says why.
 */
export async function recordChecks(
    run: {
        s3: S3Client;
        bucket: string;
        kmsKeyId?: string;
        retentionDays?: number;
        /** Each receipt's own COMPLIANCE lock, sent with the write; unset, the bucket's default retention locks it. */
        receiptRetentionDays?: number;
        switches: AuditSwitches;
        log: Logger;
    },
    receipts: readonly Receipt[],
    points: readonly MetricPoint[],
): Promise<AuditTrail> {
    const trail: AuditTrail = { receipts: [], metricRequests: 0, problems: [] };
    const { s3, bucket, kmsKeyId, retentionDays, receiptRetentionDays, switches, log } = run;
    if (switches.receipts && kmsKeyId !== undefined && retentionDays !== undefined) {
        for (const receipt of receipts) {
            try {
                trail.receipts.push(
                    await writeReceipt(
                        s3,
                        { bucket, kmsKeyId, retentionDays, receiptRetentionDays },
                        receipt,
                        log,
                    ),
                );
            } catch (error) {
                trail.problems.push((error as Error).message);
            }
        }
    }
    if (switches.publishMetrics && points.length > 0) {
        const cloudwatch = createCloudWatchClient();
        try {
            trail.metricRequests = await publishMetrics(cloudwatch, points);
            log.info("metrics-published", `${points.length} data points published`, {
                points: points.length,
                requests: trail.metricRequests,
            });
        } catch (error) {
            trail.problems.push((error as Error).message);
        } finally {
            cloudwatch.destroy();
        }
    }
    for (const problem of trail.problems) log.error("audit-trail-failed", problem);
    return trail;
}
