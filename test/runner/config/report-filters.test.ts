import { expect } from "chai";
import { ConfigError, parseReportConfig, parseWhen } from "../../../runner/config";

const now = new Date("2026-11-24T12:00:00Z");

describe("report's filters", () => {
    it("reads a date, an ISO 8601 time with its zone, or a span back from now", () => {
        expect(parseWhen("2026-11-01", now)?.toISOString()).to.equal("2026-11-01T00:00:00.000Z");
        expect(parseWhen("2026-11-01T06:30:00+02:00", now)?.toISOString()).to.equal(
            "2026-11-01T04:30:00.000Z",
        );
        expect(parseWhen("7d", now)?.toISOString()).to.equal("2026-11-17T12:00:00.000Z");
        expect(parseWhen("12h", now)?.toISOString()).to.equal("2026-11-24T00:00:00.000Z");
        for (const text of ["yesterday", "2026-11-01T06:30:00", "2026-13-45", "7w", ""]) {
            expect(parseWhen(text, now), text).to.equal(undefined);
        }
    });

    it("names each bad filter and its fix, all at once", () => {
        let problems: string[] = [];
        try {
            parseReportConfig(
                { dbname: "a/b", kind: "audit", since: "soon", until: "2020-01-01" },
                { BACKUP_BUCKET: "b" },
                now,
            );
        } catch (error) {
            problems = (error as ConfigError).problems;
        }
        expect(problems).to.deep.equal([
            "`--dbname` contains `/`, which would split the S3 key",
            "`--kind` must be one of verify, drill, canary (got audit)",
            "`--since` must be a date (2026-11-01), an ISO 8601 time with its zone (2026-11-01T06:00:00Z) or a " +
                "span back from now (7d, 12h) (got soon)",
        ]);
        const config = parseReportConfig(
            { dbname: "(estate)", since: "7d", until: "1d" },
            { BACKUP_BUCKET: "b" },
            now,
        );
        expect(config).to.include({ database: "(estate)", limit: 50, json: false });
        expect(() => parseReportConfig({ since: "1d", until: "7d" }, { BACKUP_BUCKET: "b" }, now)).to.throw(
            "`--since` (2026-11-23T12:00:00.000Z) is after `--until` (2026-11-17T12:00:00.000Z)",
        );
    });

    it("is not narrowed by PGDATABASE from an operator's shell", () => {
        const config = parseReportConfig({}, { BACKUP_BUCKET: "b", PGDATABASE: "shop" }, now);
        expect(config.database).to.equal(undefined);
    });
});
