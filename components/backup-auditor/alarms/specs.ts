/**
 * Every alarm of the auditor as pure data: which metric, which statistic over which period, the threshold, and
 * what missing data means. The metrics are the runner's (names, namespace and dimension from shared/audit.ts),
 * so an alarm can only watch a metric the runner publishes.
 *
 * Missing data: a failure alarm treats it as not breaching (no result is not a failure), and each failure alarm
 * has a "missing" twin that treats it as breaching over the time a result may take to arrive, so a job that
 * stops running alarms too (CloudWatch User Guide, "Configuring how CloudWatch alarms treat missing data").
 * An alarm evaluates at most 7 days of data (PutMetricAlarm, `Period`), which bounds the missing windows.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    CANARY_DIMENSION_VALUE,
    DATABASE_DIMENSION,
    ESTATE_DIMENSION_VALUE,
    METRICS,
    METRICS_NAMESPACE,
} from "../../../shared/audit";
import { ExpectedDatabase, MetricDatabase, metricDatabases } from "../expected";

const HOUR = 3600;
const DAY = 24 * HOUR;

export interface AlarmSpec {
    /** Suffix of the resource and alarm names: `verify-failed-appdb`. */
    readonly key: string;
    /** What it means and the first thing to do (the README's "Alarms" section says more). */
    readonly description: string;
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: Readonly<Record<string, pulumi.Input<string>>>;
    readonly statistic: "Minimum" | "Maximum" | "SampleCount" | "Sum";
    readonly period: number;
    readonly evaluationPeriods: number;
    readonly datapointsToAlarm: number;
    readonly comparisonOperator: "LessThanThreshold" | "GreaterThanThreshold";
    readonly threshold: number;
    readonly treatMissingData: "breaching" | "notBreaching";
}

export interface AlarmInputs {
    readonly expected: readonly ExpectedDatabase[];
    readonly verifyMissingAfterHours: number;
    readonly canaryMissingAfterHours: number;
    readonly drillMissingAfterDays: number;
    readonly receiptsMissingAfterDays: number;
    /** The backup bucket and the S3 request-metrics filter on its receipts prefix. */
    readonly bucketName: pulumi.Input<string>;
    readonly receiptsFilterId: string;
}

const strongbox = (metricName: string, value: string) => ({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensions: { [DATABASE_DIMENSION]: value },
});

/** Fires on one bad data point within the hour it arrives; silence is the "missing" twin's business. */
const onFailure = {
    period: HOUR,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: "notBreaching",
} as const;

/** Fires when no data point at all arrived for `seconds` (as one period, or `periods` daily ones). */
function onSilence(seconds: number, periods = 1) {
    return {
        statistic: "SampleCount",
        period: seconds,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "breaching",
    } as const;
}

function databaseAlarms(e: MetricDatabase, a: AlarmInputs): AlarmSpec[] {
    const db = e.database;
    const where = e.keyPrefixes.map((p) => `${p}/${db}`).join(" and ");
    const alarms: AlarmSpec[] = [
        {
            key: `verify-failed-${db}`,
            description:
                `verify found the newest dump of ${where} bad (tampering, stale, wrong key, short lock or checksum). ` +
                `First: read the newest verify receipt or build log, then run \`strongbox list --dbname ${db}\`.`,
            ...strongbox(METRICS.verifySucceeded, db),
            ...onFailure,
            statistic: "Minimum",
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
        },
        {
            key: `verify-missing-${db}`,
            description:
                `No verify result for ${where} in ${a.verifyMissingAfterHours} h: the audit of this database stopped. ` +
                "First: look for failed builds of the verify project and at its schedule.",
            ...strongbox(METRICS.verifySucceeded, db),
            ...onSilence(a.verifyMissingAfterHours * HOUR),
        },
        {
            key: `stale-${db}`,
            description:
                `The newest dump of ${where} is older than its RPO (${e.rpoHours} h). ` +
                "First: look at the source account's pg_dump build for this database.",
            ...strongbox(METRICS.newestDumpAgeHours, db),
            ...onFailure,
            statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold",
            threshold: e.rpoHours,
        },
    ];
    if (e.rtoSeconds === undefined) return alarms;
    return [
        ...alarms,
        {
            key: `drill-failed-${db}`,
            description:
                `The drill of ${where} did not restore, or its row counts disagree with the manifest. ` +
                "First: read the drill receipt and build log; until it passes, this database is not proven to restore.",
            ...strongbox(METRICS.drillSucceeded, db),
            ...onFailure,
            statistic: "Minimum",
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
        },
        {
            key: `drill-slow-${db}`,
            description:
                `Restoring ${where} took longer than its RTO target (${e.rtoSeconds} s). ` +
                "First: compare RestoreSeconds with earlier drills on the dashboard (growth, or a slower build?).",
            ...strongbox(METRICS.restoreSeconds, db),
            ...onFailure,
            statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold",
            threshold: e.rtoSeconds,
        },
        {
            key: `drill-missing-${db}`,
            description:
                `No drill result for ${where} in ${a.drillMissingAfterDays} days. ` +
                "First: look for failed builds of the drill project and at this database's drill schedule.",
            ...strongbox(METRICS.drillSucceeded, db),
            ...onSilence(DAY, a.drillMissingAfterDays),
        },
    ];
}

/**
 * Every alarm: six per drilled database name (three otherwise), the estate's, the canary's two and the receipts'.
 * The estate's verdict is what no per-database alarm can see: a database folder nobody listed (someone writes
 * where the auditor was not told to look) or a key lying outside every database folder. Its silence is the
 * per-database "missing" alarms' business: the same verify run publishes both.
 */
export function auditAlarms(a: AlarmInputs): AlarmSpec[] {
    return [
        ...metricDatabases(a.expected).flatMap((e) => databaseAlarms(e, a)),
        {
            key: "verify-estate-failed",
            description:
                "verify found something in the bucket that no expected database accounts for: an unlisted database " +
                "folder or a stray key under a writer's prefix, or a prefix it could not list. First: read the " +
                "estate's verify receipt (`strongbox report --kind verify --dbname '(estate)'`) for the keys it names.",
            ...strongbox(METRICS.verifySucceeded, ESTATE_DIMENSION_VALUE),
            ...onFailure,
            statistic: "Minimum",
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
        },
        {
            key: "canary-not-denied",
            description:
                "THE LOCK DID NOT HOLD: the canary deleted its locked object or shortened its retention. Dumps may be " +
                "deletable. First: check the bucket's Object Lock configuration and CloudTrail for who changed it.",
            ...strongbox(METRICS.canaryDenied, CANARY_DIMENSION_VALUE),
            ...onFailure,
            statistic: "Minimum",
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
        },
        {
            key: "canary-missing",
            description:
                `No canary result in ${a.canaryMissingAfterHours} h: nothing is testing the lock. ` +
                "First: look for failed builds of the canary project.",
            ...strongbox(METRICS.canaryDenied, CANARY_DIMENSION_VALUE),
            ...onSilence(a.canaryMissingAfterHours * HOUR),
        },
        {
            key: "receipts-missing",
            description:
                `S3 saw no write under the receipts prefix in ${a.receiptsMissingAfterDays} days: no proof is being ` +
                "recorded. First: look for failed audit builds and at the auditor role's access to the bucket.",
            namespace: "AWS/S3",
            metricName: "PutRequests",
            dimensions: { BucketName: a.bucketName, FilterId: a.receiptsFilterId },
            ...onSilence(DAY, a.receiptsMissingAfterDays),
            statistic: "Sum",
        },
    ];
}
