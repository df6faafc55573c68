/**
 * The auditor's alarms under Pulumi mocks: each one's metric, statistic, threshold, missing-data rule and action;
 * the receipts metric filter; the dashboard; who may publish to the topic.
 */
import { expect } from "chai";
import {
    CANARY_DIMENSION_VALUE,
    DATABASE_DIMENSION,
    ESTATE_DIMENSION_VALUE,
    METRICS,
    METRICS_NAMESPACE,
    RECEIPTS_PREFIX,
} from "../../../shared/audit";
import { auditAlarms } from "../../../components/backup-auditor/alarms/specs";
import { expectedDatabases } from "../../../components/backup-auditor/expected";
import { RecordedResource } from "../../harness/offline-mocks";
import { auditorArgs, BACKUP, BUCKET, declareAuditor, doc, HOME, named, ofType } from "./fixtures";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("BackupAuditor alarms", () => {
    let rs: RecordedResource[];
    before(async () => {
        rs = await declareAuditor();
    });
    const alarm = (key: string) => named(rs, ALARM, `audit-alarm-${key}`).inputs;
    const topicArn = () => named(rs, "aws:sns/topic:Topic", "audit-topic").state.arn;

    it("alarms on a failed verify within the hour, and on a silent one after the configured hours", () => {
        expect(alarm("verify-failed-appdb")).to.include({
            name: "strongbox-test-verify-failed-appdb",
            namespace: METRICS_NAMESPACE,
            metricName: METRICS.verifySucceeded,
            statistic: "Minimum",
            period: 3600,
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            treatMissingData: "notBreaching",
        });
        expect(alarm("verify-failed-appdb").dimensions).to.deep.equal({ Database: "appdb" });
        expect(alarm("verify-missing-appdb")).to.include({
            metricName: METRICS.verifySucceeded,
            statistic: "SampleCount",
            period: 36 * 3600,
            threshold: 1,
            treatMissingData: "breaching",
        });
    });

    it("holds each database to its own RPO (an override wins over the default)", () => {
        expect(alarm("stale-appdb")).to.include({
            metricName: METRICS.newestDumpAgeHours,
            statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold",
            threshold: 30,
        });
        expect(alarm("stale-billing").threshold).to.equal(48);
    });

    it("watches drills for failure, the RTO and silence, and only for drilled databases", () => {
        expect(alarm("drill-failed-appdb")).to.include({
            metricName: METRICS.drillSucceeded,
            statistic: "Minimum",
        });
        expect(alarm("drill-slow-appdb")).to.include({
            metricName: METRICS.restoreSeconds,
            statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold",
            threshold: 1800,
        });
        expect(alarm("drill-missing-appdb")).to.include({
            statistic: "SampleCount",
            period: 86400,
            evaluationPeriods: 7,
            datapointsToAlarm: 7,
            treatMissingData: "breaching",
        });
        const ledger = ofType(rs, ALARM)
            .filter((a) => a.name.endsWith("-ledger"))
            .map((a) => a.name);
        expect(ledger.sort()).to.deep.equal([
            "audit-alarm-stale-ledger",
            "audit-alarm-verify-failed-ledger",
            "audit-alarm-verify-missing-ledger",
        ]);
    });

    it("alarms on the estate's verdict, which alone sees a database folder nobody listed", () => {
        expect(alarm("verify-estate-failed")).to.include({
            name: "strongbox-test-verify-estate-failed",
            namespace: METRICS_NAMESPACE,
            metricName: METRICS.verifySucceeded,
            statistic: "Minimum",
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            treatMissingData: "notBreaching",
        });
        expect(alarm("verify-estate-failed").dimensions).to.deep.equal({ Database: ESTATE_DIMENSION_VALUE });
        expect(alarm("verify-estate-failed").alarmDescription).to.contain("unlisted database");
    });

    it("treats a canary that was not denied as an alarm, and a canary that stopped as another", () => {
        expect(alarm("canary-not-denied")).to.include({
            metricName: METRICS.canaryDenied,
            statistic: "Minimum",
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            treatMissingData: "notBreaching",
        });
        expect(alarm("canary-not-denied").dimensions).to.deep.equal({ Database: CANARY_DIMENSION_VALUE });
        expect(alarm("canary-missing")).to.include({
            statistic: "SampleCount",
            treatMissingData: "breaching",
        });
        expect(alarm("canary-not-denied").alarmDescription).to.match(/^THE LOCK DID NOT HOLD/);
    });

    it("alarms when S3 saw no write under the receipts prefix for the configured days", () => {
        const metrics = named(rs, "aws:s3/bucketMetric:BucketMetric", "audit-receipts-metrics").inputs;
        expect(metrics).to.deep.include({ bucket: BUCKET, filter: { prefix: `${RECEIPTS_PREFIX}/` } });
        expect(alarm("receipts-missing")).to.include({
            namespace: "AWS/S3",
            metricName: "PutRequests",
            statistic: "Sum",
            period: 86400,
            evaluationPeriods: 2,
            treatMissingData: "breaching",
        });
        expect(alarm("receipts-missing").dimensions).to.deep.equal({
            BucketName: BUCKET,
            FilterId: metrics.name,
        });
    });

    it("sends every alarm, and its recovery, to the audit topic", () => {
        const alarms = ofType(rs, ALARM);
        const expected = expectedDatabases(auditorArgs());
        // 3 per database, 3 more per drilled one, the estate's, the canary's 2 and the receipts'.
        expect(alarms).to.have.length(expected.length * 3 + expected.filter((e) => e.drill).length * 3 + 4);
        for (const a of alarms) {
            expect(a.inputs.alarmActions, a.name).to.deep.equal([topicArn()]);
            expect(a.inputs.okActions, a.name).to.deep.equal([topicArn()]);
        }
    });

    it("shares one alarm set between two writers' databases of the same name, at the stricter RPO", () => {
        const specs = auditAlarms({
            expected: expectedDatabases({
                writers: [
                    { keyPrefix: "layer3", databases: ["appdb"] },
                    { keyPrefix: "layer3-b", databases: ["appdb"] },
                ],
                rpoHours: 30,
                databases: {},
            }).map((e, i) => ({ ...e, rpoHours: i === 0 ? 30 : 12 })),
            verifyMissingAfterHours: 36,
            canaryMissingAfterHours: 36,
            drillMissingAfterDays: 7,
            receiptsMissingAfterDays: 2,
            bucketName: BUCKET,
            receiptsFilterId: "f",
        });
        expect(specs.filter((s) => s.key === "stale-appdb").map((s) => s.threshold)).to.deep.equal([12]);
        expect(specs.find((s) => s.key === "verify-failed-appdb")!.description).to.contain(
            "layer3/appdb and layer3-b/appdb",
        );
    });

    it("graphs every runner metric by its shared name, per database, the estate and the canary, and shows every alarm", () => {
        const body = JSON.parse(
            named(rs, "aws:cloudwatch/dashboard:Dashboard", "audit-dashboard").inputs.dashboardBody as string,
        ) as {
            widgets: Array<{
                type: string;
                properties: { title: string; metrics?: string[][]; alarms?: string[] };
            }>;
        };
        const graph = (title: string) => body.widgets.find((w) => w.properties.title.startsWith(title))!;
        expect(graph("Newest dump age").properties.metrics!.map((m) => m[3])).to.deep.equal([
            "appdb",
            "billing",
            "ledger",
        ]);
        expect(graph("Drill restore time").properties.metrics!.map((m) => m[3])).to.deep.equal([
            "appdb",
            "billing",
        ]);
        // Each graph reads the runner's own names (shared/audit.ts), and every metric the runner publishes is graphed.
        const graphed = body.widgets
            .filter((w) => w.type === "metric")
            .flatMap((w) => w.properties.metrics!)
            .filter((m) => m[0] === METRICS_NAMESPACE);
        for (const m of graphed) {
            expect(Object.values(METRICS), m.join(" ")).to.include(m[1]);
            expect(m[2]).to.equal(DATABASE_DIMENSION);
        }
        expect([...new Set(graphed.map((m) => m[1]))]).to.have.members(Object.values(METRICS));
        const metricOf = (title: string) => [...new Set(graph(title).properties.metrics!.map((m) => m[1]))];
        expect(metricOf("Newest dump age")).to.deep.equal([METRICS.newestDumpAgeHours]);
        expect(metricOf("Verify")).to.deep.equal([METRICS.verifySucceeded]);
        expect(metricOf("Drill: 1")).to.deep.equal([METRICS.drillSucceeded]);
        expect(metricOf("Drill restore time")).to.deep.equal([METRICS.restoreSeconds]);
        expect(metricOf("Canary")).to.deep.equal([METRICS.canaryDenied]);
        expect(graph("Verify").properties.metrics!.map((m) => m[3])).to.deep.equal([
            "appdb",
            "billing",
            "ledger",
            ESTATE_DIMENSION_VALUE,
        ]);
        expect(graph("Canary").properties.metrics!.map((m) => m[3])).to.deep.equal([CANARY_DIMENSION_VALUE]);
        const alarmsShown = body.widgets
            .filter((w) => w.type === "alarm")
            .flatMap((w) => w.properties.alarms!);
        expect(alarmsShown).to.have.members(ofType(rs, ALARM).map((a) => a.state.arn as string));
    });

    it("lets only this stack's alarms and rules publish to the topic", () => {
        const policy = doc(named(rs, "aws:sns/topicPolicy:TopicPolicy", "audit-topic-policy"));
        expect(JSON.stringify(policy.Statement[0])).to.contain(
            `arn:aws:cloudwatch:${HOME}:${BACKUP}:alarm:strongbox-test-*`,
        );
        const rules = (policy.Statement[1].Condition as { ArnEquals: { "aws:SourceArn": string[] } })
            .ArnEquals["aws:SourceArn"];
        const homeRules = ofType(rs, "aws:cloudwatch/eventRule:EventRule").filter(
            (r) => r.inputs.region === HOME || r.name === "audit-job-failures",
        );
        expect(rules).to.have.members(homeRules.map((r) => r.state.arn as string));
    });
});
