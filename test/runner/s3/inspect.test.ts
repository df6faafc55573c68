import type { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { type CatalogEntry, inspectDump, MAX_MANIFEST_BYTES, manifestForVersion } from "../../../runner/s3";

const KEY = "layer3/shop/2026/03/01/shop_20260301T013000Z.sql.gz";
const DUMP_BYTES = gzipSync("the stored dump");
const at = new Date("2026-03-01T01:30:05Z");

function manifest(overrides: Record<string, unknown> = {}) {
    return JSON.stringify({
        formatVersion: 1,
        database: "shop",
        bucket: "b",
        key: KEY,
        versionId: "d1",
        compressedBytes: DUMP_BYTES.length,
        uncompressedBytes: 99,
        sha256: createHash("sha256").update(DUMP_BYTES).digest("hex"),
        parts: 1,
        format: "plain-sql-gzip",
        pgDumpVersion: "pg_dump (PostgreSQL) 15.8",
        serverVersion: "15.8",
        snapshot: "00000003-0000001B-1",
        startedAt: at.toISOString(),
        finishedAt: at.toISOString(),
        retainUntil: at.toISOString(),
        kmsKeyId: "k",
        rowCounts: {},
        ...overrides,
    });
}

/** GetObject answers manifests by version id and the dump's bytes; every request is recorded. */
function fakeS3(manifests: Record<string, string>) {
    const gets: Array<Record<string, unknown>> = [];
    const client = {
        send: async (command: { input: Record<string, unknown> }) => {
            gets.push(command.input);
            const key = String(command.input.Key);
            if (key === KEY) return { Body: Readable.from([DUMP_BYTES]) };
            const text = manifests[String(command.input.VersionId)];
            return { Body: { transformToString: async () => text } };
        },
    };
    return { client: client as unknown as S3Client, gets };
}

function entry(manifestVersions: Array<{ versionId: string; size?: number }>): CatalogEntry {
    const original = { versionId: "d1", lastModified: at, size: DUMP_BYTES.length };
    return {
        key: KEY,
        keyTime: at,
        storedAt: at,
        original,
        versions: [original],
        deleteMarkers: [],
        manifestKey: `${KEY}.manifest.json`,
        manifestVersions: manifestVersions.map((v) => ({
            versionId: v.versionId,
            lastModified: at,
            size: v.size ?? 900,
        })),
        manifestDeleteMarkers: [],
        expired: false,
        suspicions: [],
        state: "ok",
    };
}

describe("inspecting a dump's manifest (by version id)", () => {
    it("reads the manifest's only version by its id, and with hash streams the dump's original version", async () => {
        const s3 = fakeS3({ m1: manifest() });
        const inspected = await inspectDump(s3.client, "b", entry([{ versionId: "m1" }]), {
            database: "shop",
            hash: true,
        });
        expect(inspected.state).to.equal("ok");
        expect(inspected.manifest?.versionId).to.equal("m1");
        expect(s3.gets.map((g) => [g.Key, g.VersionId])).to.deep.equal([
            [`${KEY}.manifest.json`, "m1"],
            [KEY, "d1"],
        ]);
    });

    it("makes the dump suspect when the manifest names another version, and keeps no manifest", async () => {
        const s3 = fakeS3({ m1: manifest({ versionId: "forged" }) });
        const inspected = await inspectDump(s3.client, "b", entry([{ versionId: "m1" }]), {
            database: "shop",
        });
        expect(inspected.state).to.equal("suspect");
        expect(inspected.suspicions[0]).to.contain("names version forged");
        expect(inspected.manifest).to.equal(undefined);
    });

    it("makes the dump suspect when the streamed sha256 differs", async () => {
        const s3 = fakeS3({ m1: manifest({ sha256: "0".repeat(64) }) });
        const inspected = await inspectDump(s3.client, "b", entry([{ versionId: "m1" }]), { hash: true });
        expect(inspected.state).to.equal("suspect");
        expect(inspected.suspicions[0]).to.contain(`${KEY} (version d1): sha256`).and.to.contain("differs");
    });

    it("makes the dump suspect when its bytes are not in the manifest's format, even with a matching sha256", async () => {
        // A zstd manifest over gzip bytes: the writer's own words disagree with what it stored. The key is
        // left out of the comparison (it would be a second finding) by naming a zstd key.
        const zstdKey = KEY.replace(/\.sql\.gz$/, ".sql.zst");
        const s3 = {
            send: async (command: { input: Record<string, unknown> }) =>
                command.input.Key === zstdKey
                    ? { Body: Readable.from([DUMP_BYTES]) }
                    : {
                          Body: {
                              transformToString: async () =>
                                  manifest({ key: zstdKey, format: "plain-sql-zstd", level: 3 }),
                          },
                      },
        } as unknown as S3Client;
        const zstdEntry = {
            ...entry([{ versionId: "m1" }]),
            key: zstdKey,
            manifestKey: `${zstdKey}.manifest.json`,
        };
        const inspected = await inspectDump(s3, "b", zstdEntry, { hash: true });
        expect(inspected.state).to.equal("suspect");
        expect(inspected.manifest).to.equal(undefined);
        expect(inspected.suspicions).to.deep.equal([
            `${zstdKey} (version d1) is not plain-sql-zstd as its manifest says: it starts with ` +
                `${[...DUMP_BYTES.subarray(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join(" ")} (gzip)`,
        ]);
    });

    it("a manifest that is not JSON is a suspicion, not a crash", async () => {
        const inspected = await inspectDump(
            fakeS3({ m1: "<html>" }).client,
            "b",
            entry([{ versionId: "m1" }]),
        );
        expect(inspected.state).to.equal("suspect");
        expect(inspected.suspicions[0]).to.contain("is not valid JSON");
    });

    it("never reads a 'manifest' too large to be one (memory stays bounded)", async () => {
        const s3 = fakeS3({});
        const huge = entry([{ versionId: "m1", size: MAX_MANIFEST_BYTES + 1 }]);
        const inspected = await inspectDump(s3.client, "b", huge);
        expect(inspected.state).to.equal("suspect");
        expect(inspected.suspicions[0]).to.contain("more than any manifest");
        expect(s3.gets).to.deep.equal([]);
        expect(await manifestForVersion(s3.client, "b", huge, "d1")).to.equal(undefined);
        expect(s3.gets).to.deep.equal([]);
    });

    it("for an exact version, takes the oldest manifest version that names it", async () => {
        const s3 = fakeS3({ m1: manifest(), m2: manifest({ versionId: "d2" }), m3: manifest() });
        const found = await manifestForVersion(
            s3.client,
            "b",
            entry([{ versionId: "m1" }, { versionId: "m2" }, { versionId: "m3" }]),
            "d2",
        );
        expect(found?.versionId).to.equal("m2");
        expect(await manifestForVersion(s3.client, "b", entry([{ versionId: "m1" }]), "d9")).to.equal(
            undefined,
        );
    });
});
