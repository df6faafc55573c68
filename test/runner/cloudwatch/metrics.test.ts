import { expect } from "chai";
import { batches, MAX_DATA_PER_REQUEST, toDatum } from "../../../runner/cloudwatch/metrics";
import { CANARY_DIMENSION_VALUE, DATABASE_DIMENSION } from "../../../shared/audit";

describe("CloudWatch metrics", () => {
    it("turns a point into a datum under the shared name, unit and Database dimension", () => {
        const at = new Date("2026-11-24T01:30:00Z");
        expect(toDatum({ metric: "restoreSeconds", database: "shop", value: 12.5, at })).to.deep.equal({
            MetricName: "RestoreSeconds",
            Dimensions: [{ Name: DATABASE_DIMENSION, Value: "shop" }],
            Value: 12.5,
            Unit: "Seconds",
            Timestamp: at,
        });
        expect(
            toDatum({ metric: "canaryDenied", database: CANARY_DIMENSION_VALUE, value: 0, at }),
        ).to.include({
            MetricName: "CanaryDenied",
            Unit: "None",
        });
    });

    it("sends at most 1000 data points per PutMetricData, in order", () => {
        const items = Array.from({ length: 2 * MAX_DATA_PER_REQUEST + 1 }, (_, i) => i);
        const split = batches(items);
        expect(MAX_DATA_PER_REQUEST).to.equal(1000);
        expect(split.map((b) => b.length)).to.deep.equal([1000, 1000, 1]);
        expect(split.flat()).to.deep.equal(items);
        expect(batches([])).to.deep.equal([]);
    });
});
