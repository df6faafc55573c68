import { expect } from "chai";
import {
    CLOCK_SLACK_MS,
    dumpState,
    manifestDisagreements,
    markerFindings,
    type StoredVersion,
    structuralSuspicions,
} from "../../../runner/s3";

const KEY = "layer3/shop/2026/03/01/shop_20260301T013000Z.sql.gz";
const KEY_TIME = new Date("2026-03-01T01:30:00Z");
const at = (offsetMs: number) => new Date(KEY_TIME.getTime() + offsetMs);
const version = (versionId: string, offsetMs: number, size = 100): StoredVersion => ({
    versionId,
    lastModified: at(offsetMs),
    size,
});
const DAY_MS = 86_400_000;

describe("what S3's history says about a dump", () => {
    describe("structuralSuspicions", () => {
        const clean = {
            key: KEY,
            keyTime: KEY_TIME,
            dump: [version("d1", 2000)],
            manifest: [version("m1", 9000)],
        };

        it("finds nothing in a dump written once, a manifest written once after it, keyed by its start", () => {
            expect(structuralSuspicions(clean)).to.deep.equal([]);
        });

        it("names a second version of the dump, with each version's id and time", () => {
            const [suspicion] = structuralSuspicions({
                ...clean,
                dump: [version("d1", 2000), version("d2", 60_000)],
            });
            expect(suspicion)
                .to.contain(`${KEY} has 2 versions`)
                .and.to.contain("d1 (stored")
                .and.to.contain("d2");
            expect(suspicion).to.contain("every later version is an overwrite");
        });

        it("names a second version of the manifest", () => {
            const [suspicion] = structuralSuspicions({
                ...clean,
                manifest: [version("m1", 9000), version("m2", 90_000)],
            });
            expect(suspicion).to.contain(`${KEY}.manifest.json has 2 versions`);
        });

        it("flags a key dated after S3 stored it by more than the clock slack, not within it", () => {
            expect(structuralSuspicions({ ...clean, keyTime: at(2000 + CLOCK_SLACK_MS) })).to.deep.equal([]);
            const future = at(2000 + CLOCK_SLACK_MS + 60_000);
            const [suspicion] = structuralSuspicions({ ...clean, keyTime: future });
            expect(suspicion).to.contain(`${KEY} is dated ${future.toISOString()} but S3 stored it at`);
            expect(suspicion).to.contain("a key dated in the future");
        });

        it("flags a manifest stored before its dump (squatted ahead of the run)", () => {
            const [suspicion] = structuralSuspicions({
                ...clean,
                dump: [version("d1", CLOCK_SLACK_MS + 60_000)],
                manifest: [version("m1", 0)],
            });
            expect(suspicion).to.contain("before its dump");
        });
    });

    describe("markerFindings", () => {
        const history = (markerAtMs: number) => ({
            versions: [version("d1", 2000)],
            deleteMarkers: [{ versionId: "x1", lastModified: at(markerAtMs), isLatest: true }],
        });
        const retainUntil = at(30 * DAY_MS);

        it("a marker placed while the version was locked hides a dump: suspect, naming key and times", () => {
            const found = markerFindings(KEY, history(60_000), retainUntil);
            expect(found.expired).to.equal(false);
            expect(found.suspicions).to.have.length(1);
            expect(found.suspicions[0])
                .to.contain(`${KEY} is hidden by a delete marker (x1) placed at ${at(60_000).toISOString()}`)
                .and.to.contain(`while it was locked until ${retainUntil.toISOString()}`);
        });

        it("a marker placed after the lock lapsed is lifecycle expiry: expired, not suspect", () => {
            expect(markerFindings(KEY, history(31 * DAY_MS), retainUntil)).to.deep.equal({
                suspicions: [],
                expired: true,
            });
        });

        it("a marker whose version's lock cannot be read is suspect", () => {
            expect(markerFindings(KEY, history(31 * DAY_MS), undefined).suspicions[0]).to.contain(
                "its lock could not be read",
            );
        });

        it("a marker older than every version hides nothing", () => {
            expect(markerFindings(KEY, history(-60_000), retainUntil)).to.deep.equal({
                suspicions: [],
                expired: false,
            });
        });
    });

    describe("manifestDisagreements", () => {
        const dump = { key: KEY, manifestKey: `${KEY}.manifest.json`, original: version("d1", 2000, 4096) };
        const manifest = {
            key: KEY,
            database: "shop",
            versionId: "d1",
            compressedBytes: 4096,
            format: "plain-sql-gzip",
        };

        it("accepts a manifest that names the original version, its key, database and size", () => {
            expect(manifestDisagreements(dump, manifest, "shop")).to.deep.equal([]);
        });

        it("names each disagreement", () => {
            expect(manifestDisagreements(dump, { ...manifest, versionId: "forged" }, "shop")).to.deep.equal([
                `${KEY}.manifest.json names version forged, but S3 stored ${KEY} first as version d1`,
            ]);
            expect(manifestDisagreements(dump, { ...manifest, compressedBytes: 1 }, "shop")[0]).to.contain(
                "says 1 bytes, but S3 stores 4096",
            );
            expect(manifestDisagreements(dump, { ...manifest, key: "elsewhere" }, "shop")[0]).to.contain(
                "describes elsewhere",
            );
            expect(manifestDisagreements(dump, manifest, "billing")[0]).to.contain(
                "describes database shop, not billing",
            );
        });

        it("names a manifest whose format contradicts the key's suffix, or is unknown", () => {
            expect(
                manifestDisagreements(dump, { ...manifest, format: "plain-sql-zstd" }, "shop"),
            ).to.deep.equal([
                `${KEY}: its manifest says plain-sql-zstd (zstd, .sql.zst), but the key ends with .sql.gz ` +
                    "(gzip): the manifest and the dump disagree",
            ]);
            const zstdKey = KEY.replace(/\.sql\.gz$/, ".sql.zst");
            const zstdDump = { ...dump, key: zstdKey, manifestKey: `${zstdKey}.manifest.json` };
            const zstdManifest = { ...manifest, key: zstdKey, format: "plain-sql-zstd" };
            expect(manifestDisagreements(zstdDump, zstdManifest, "shop")).to.deep.equal([]);
            expect(
                manifestDisagreements(zstdDump, { ...zstdManifest, format: "plain-sql-gzip" }, "shop")[0],
            ).to.contain(
                "its manifest says plain-sql-gzip (gzip, .sql.gz), but the key ends with .sql.zst (zstd)",
            );
            expect(
                manifestDisagreements(dump, { ...manifest, format: "plain-sql-lz4" }, "shop")[0],
            ).to.contain('its manifest\'s format "plain-sql-lz4" is unknown');
        });
    });

    it("states: suspicion first, then a missing manifest, then expiry", () => {
        expect(dumpState(["x"], false, true)).to.equal("suspect");
        expect(dumpState([], false, false)).to.equal("incomplete");
        expect(dumpState([], true, true)).to.equal("expired");
        expect(dumpState([], true, false)).to.equal("ok");
    });
});
