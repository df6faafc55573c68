/** The compression table part of the manifest and key contracts rest on. */
import { expect } from "chai";
import { manifestSchema } from "../../runner/manifest";
import {
    asCompression,
    COMPRESSION_NAMES,
    compressionLevelProblem,
    COMPRESSIONS,
    compressionOfFormat,
    compressionOfSuffix,
    DEFAULT_COMPRESSION,
    DUMP_FORMATS,
} from "../../shared/compression";
import { DUMP_SUFFIX, dumpKey, parseDumpKey, ZSTD_DUMP_SUFFIX } from "../../shared/object-key";

describe("compressions", () => {
    it("keeps gzip the default, under the documented `.sql.gz` key and the format every manifest records", () => {
        expect(DEFAULT_COMPRESSION).to.equal("gzip");
        expect(COMPRESSIONS.gzip.keySuffix).to.equal(DUMP_SUFFIX);
        expect(dumpKey("layer3", "app", new Date("2026-11-24T01:30:00Z"))).to.equal(
            "layer3/app/2026/11/24/app_20261124T013000Z.sql.gz",
        );
        // Today's manifests must still parse as gzip dumps under the table's name for gzip, and so must zstd's.
        for (const spec of Object.values(COMPRESSIONS))
            expect(manifestSchema.shape.format.safeParse(spec.format).success).to.equal(true);
        expect(manifestSchema.shape.format.safeParse("plain-sql-brotli").success).to.equal(false);
    });

    it("gives zstd its own format name and `.sql.zst` key suffix, different from gzip's", () => {
        expect(COMPRESSIONS.zstd.format).to.equal("plain-sql-zstd");
        expect(COMPRESSIONS.zstd.keySuffix).to.equal(ZSTD_DUMP_SUFFIX);
        expect(ZSTD_DUMP_SUFFIX).to.equal(".sql.zst");
        expect(new Set(DUMP_FORMATS).size).to.equal(Object.keys(COMPRESSIONS).length);
    });

    it("maps a manifest's format back to its compression, and an unknown format to none", () => {
        for (const name of Object.keys(COMPRESSIONS) as Array<keyof typeof COMPRESSIONS>) {
            expect(compressionOfFormat(COMPRESSIONS[name].format)).to.equal(name);
        }
        expect(compressionOfFormat("plain-sql-brotli")).to.equal(undefined);
    });

    it("parses both suffixes as dumps, each naming its compression", () => {
        const gz = parseDumpKey("layer3/app/2026/11/24/app_20261124T013000Z.sql.gz");
        const zst = parseDumpKey("layer3/app/2026/11/24/app_20261124T013000Z.sql.zst");
        expect([gz?.database, gz?.suffix && compressionOfSuffix(gz.suffix)]).to.deep.equal(["app", "gzip"]);
        expect([zst?.database, zst?.suffix && compressionOfSuffix(zst.suffix)]).to.deep.equal([
            "app",
            "zstd",
        ]);
        expect(parseDumpKey("layer3/app/2026/11/24/app_20261124T013000Z.sql.xz")).to.equal(undefined);
        expect(parseDumpKey("layer3/app/2026/11/24/app_20261124T013000Z.sql.zst.manifest.json")).to.equal(
            undefined,
        );
    });

    it("names each compression's level range, and refuses a level outside it", () => {
        expect(compressionLevelProblem("gzip", 9)).to.equal(undefined);
        expect(compressionLevelProblem("zstd", 19)).to.equal(undefined);
        expect(compressionLevelProblem("gzip", 12)).to.equal(
            "must be a whole number from 1 to 9 for gzip (got 12)",
        );
        expect(compressionLevelProblem("zstd", 0)).to.equal(
            "must be a whole number from 1 to 19 for zstd (got 0)",
        );
        expect(compressionLevelProblem("zstd", 2.5)).to.equal(
            "must be a whole number from 1 to 19 for zstd (got 2.5)",
        );
        expect(asCompression("zstd")).to.equal("zstd");
        expect(asCompression("brotli")).to.equal(undefined);
        expect(COMPRESSION_NAMES[0]).to.equal(DEFAULT_COMPRESSION);
    });
});
