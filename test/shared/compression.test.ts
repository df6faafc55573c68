/** The compression table part of the manifest and key contracts rest on. */
import { expect } from "chai";
import { manifestSchema } from "../../runner/manifest";
import {
    COMPRESSIONS,
    compressionOfFormat,
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
        // Today's manifests must still parse as gzip dumps under the table's name for gzip.
        expect(manifestSchema.shape.format.safeParse(COMPRESSIONS.gzip.format).success).to.equal(true);
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

    it("leaves today's key parsing as it is: a `.sql.zst` key is not yet a dump to the catalog", () => {
        expect(parseDumpKey("layer3/app/2026/11/24/app_20261124T013000Z.sql.gz")?.database).to.equal("app");
        expect(parseDumpKey("layer3/app/2026/11/24/app_20261124T013000Z.sql.zst")).to.equal(undefined);
    });
});
