import type { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { catalogDatabase, catalogKey } from "../../../runner/s3";

const DAY_MS = 86_400_000;
const prefix = "layer3/shop/";
const key = (stamp: string) =>
    `${prefix}${stamp.slice(0, 4)}/${stamp.slice(4, 6)}/${stamp.slice(6, 8)}/shop_${stamp}.sql.gz`;
const OLD = key("20260301T013000Z");
const NEW = key("20260302T013000Z");
const FUTURE = key("20270101T000000Z");

interface Listed {
    Key: string;
    VersionId: string;
    LastModified: Date;
    Size?: number;
    IsLatest?: boolean;
}

/** ListObjectVersions answered from two pages (as S3 paginates), HeadObject from `retainUntil`. */
function fakeS3(versions: Listed[], markers: Listed[], retainUntil: Date) {
    const sent: Array<{ name: string; input: Record<string, unknown> }> = [];
    const client = {
        send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
            const name = command.constructor.name.replace(/Command$/, "");
            sent.push({ name, input: command.input });
            if (name === "HeadObject") return { ObjectLockRetainUntilDate: retainUntil };
            const second = command.input.KeyMarker === "page-2";
            const half = Math.ceil(versions.length / 2);
            return second
                ? { Versions: versions.slice(half), DeleteMarkers: markers, IsTruncated: false }
                : {
                      Versions: versions.slice(0, half),
                      IsTruncated: true,
                      NextKeyMarker: "page-2",
                      NextVersionIdMarker: "v-page-2",
                  };
        },
    };
    return { client: client as unknown as S3Client, sent };
}

const t = (iso: string) => new Date(iso);

describe("the catalog (ListObjectVersions, read by S3's clock)", () => {
    const versions: Listed[] = [
        { Key: OLD, VersionId: "old-1", LastModified: t("2026-03-01T01:30:05Z"), Size: 10 },
        { Key: `${OLD}.manifest.json`, VersionId: "old-m1", LastModified: t("2026-03-01T01:31:00Z") },
        { Key: NEW, VersionId: "new-1", LastModified: t("2026-03-02T01:30:05Z"), Size: 20 },
        { Key: NEW, VersionId: "new-2", LastModified: t("2026-03-02T09:00:00Z"), Size: 21 },
        { Key: `${NEW}.manifest.json`, VersionId: "new-m1", LastModified: t("2026-03-02T01:31:00Z") },
        // Written on the 1st (S3's clock) under a key dated next year: newest by key, not by S3.
        { Key: FUTURE, VersionId: "fut-1", LastModified: t("2026-03-01T12:00:00Z"), Size: 30 },
        { Key: "layer3/shop/notes.txt", VersionId: "n1", LastModified: t("2026-03-03T00:00:00Z") },
        {
            Key: key("20260303T000000Z").replace("shop_", "other_"),
            VersionId: "o1",
            LastModified: t("2026-03-04T00:00:00Z"),
        },
    ];
    const markers: Listed[] = [
        { Key: OLD, VersionId: "x1", LastModified: t("2026-03-05T00:00:00Z"), IsLatest: true },
    ];

    it("follows pagination, keeps only this database's dumps, and orders them by LastModified", async () => {
        const s3 = fakeS3(versions, markers, t("2026-04-01T00:00:00Z"));
        const entries = await catalogDatabase(s3.client, "b", "layer3", "shop");
        expect(entries.map((e) => e.key)).to.deep.equal([NEW, FUTURE, OLD]);
        const lists = s3.sent.filter((c) => c.name === "ListObjectVersions");
        expect(lists.map((c) => c.input.Prefix)).to.deep.equal([prefix, prefix]);
        expect(lists[1].input).to.include({ KeyMarker: "page-2", VersionIdMarker: "v-page-2" });
    });

    it("records every version oldest first and judges each dump", async () => {
        const s3 = fakeS3(versions, markers, t("2026-04-01T00:00:00Z"));
        const byKey = Object.fromEntries(
            (await catalogDatabase(s3.client, "b", "layer3", "shop")).map((e) => [e.key, e]),
        );
        expect(byKey[NEW].versions.map((v) => v.versionId)).to.deep.equal(["new-1", "new-2"]);
        expect(byKey[NEW].original).to.deep.include({ versionId: "new-1", size: 20 });
        expect(byKey[NEW].storedAt).to.deep.equal(t("2026-03-02T01:30:05Z"));
        expect(byKey[NEW].state).to.equal("suspect");
        expect(byKey[FUTURE].state).to.equal("suspect");
        expect(byKey[FUTURE].suspicions[0]).to.contain("a key dated in the future");
        expect(byKey[OLD].state, "a marker placed while locked").to.equal("suspect");
        expect(byKey[OLD].suspicions[0]).to.contain("hidden by a delete marker (x1)");
    });

    it("reads a lock only for keys with delete markers, and calls a marker after the lock lapsed expiry", async () => {
        const s3 = fakeS3(versions, markers, t("2026-03-04T00:00:00Z"));
        const entries = await catalogDatabase(s3.client, "b", "layer3", "shop");
        const heads = s3.sent.filter((c) => c.name === "HeadObject");
        expect(heads.map((c) => [c.input.Key, c.input.VersionId])).to.deep.equal([[OLD, "old-1"]]);
        const old = entries.find((e) => e.key === OLD)!;
        expect(old.state).to.equal("expired");
        expect(old.suspicions).to.deep.equal([]);
    });

    it("catalogs one exact key, and says when it has no version", async () => {
        const s3 = fakeS3(
            versions.filter((v) => v.Key.startsWith(OLD)),
            [],
            t("2026-04-01T00:00:00Z"),
        );
        const entry = await catalogKey(s3.client, "b", OLD);
        expect(entry).to.deep.include({ key: OLD, state: "ok" });
        expect(s3.sent[0].input.Prefix).to.equal(OLD);
        expect(await catalogKey(fakeS3([], [], new Date(DAY_MS)).client, "b", OLD)).to.equal(undefined);
    });
});
