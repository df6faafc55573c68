import { expect } from "chai";
import { chooseDump, type DumpSource } from "../../../runner/commands/choose-dump";
import type { Logger } from "../../../runner/log";
import type { Manifest } from "../../../runner/manifest";
import { type CatalogEntry, dumpState, type InspectedDump } from "../../../runner/s3";

interface Spec {
    key: string;
    storedAt: string;
    versions?: readonly string[];
    manifest?: boolean;
    suspicions?: readonly string[];
    /** Found only once the manifest is read (inspect). */
    manifestSuspicions?: readonly string[];
}

const manifestOf = (key: string, versionId: string) => ({ key, versionId }) as unknown as Manifest;

function entryOf(spec: Spec): CatalogEntry {
    const versions = (spec.versions ?? [`${spec.key}#1`]).map((versionId) => ({
        versionId,
        lastModified: new Date(spec.storedAt),
        size: 1,
    }));
    const manifestVersions = spec.manifest === false ? [] : [{ ...versions[0], versionId: "m" }];
    const suspicions = [...(spec.suspicions ?? [])];
    return {
        key: spec.key,
        keyTime: undefined,
        storedAt: new Date(spec.storedAt),
        original: versions[0],
        versions,
        deleteMarkers: [],
        manifestKey: `${spec.key}.manifest.json`,
        manifestVersions,
        manifestDeleteMarkers: [],
        expired: false,
        suspicions,
        state: dumpState(suspicions, manifestVersions.length > 0, false),
    };
}

/** A database's dumps as a table, newest first as the catalog returns them. */
function source(specs: Spec[]): DumpSource & { inspected: string[] } {
    const entries = specs.map(entryOf);
    const inspected: string[] = [];
    return {
        where: "b/layer3/shop/",
        unknownDatabase: async () => "unknown database shop: the databases with objects there are billing",
        inspected,
        catalog: async () => entries,
        entry: async (key) => entries.find((e) => e.key === key),
        inspect: async (entry): Promise<InspectedDump> => {
            inspected.push(entry.key);
            const spec = specs.find((s) => s.key === entry.key)!;
            const suspicions = [...entry.suspicions, ...(spec.manifestSuspicions ?? [])];
            const ok = suspicions.length === 0 && entry.manifestVersions.length === 1;
            return {
                ...entry,
                suspicions,
                state: dumpState(suspicions, entry.manifestVersions.length > 0, false),
                manifest: ok
                    ? { versionId: "m", content: manifestOf(entry.key, entry.original.versionId) }
                    : undefined,
            };
        },
        manifestFor: async (entry, versionId) =>
            versionId === entry.original.versionId ? manifestOf(entry.key, versionId) : undefined,
    };
}

function recordingLog(): Logger & { warnings: string[] } {
    const warnings: string[] = [];
    const none = () => undefined;
    return {
        warnings,
        info: none,
        warn: (event, message) => void warnings.push(`${event}: ${message}`),
        error: none,
        progress: none,
        endProgress: none,
    };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
    try {
        await promise;
    } catch (error) {
        return (error as Error).message;
    }
    throw new Error("expected a refusal");
}

describe("choosing the dump to restore", () => {
    it("takes the newest dump with a manifest, its original version, checked against its manifest", async () => {
        const chosen = await chooseDump(
            source([
                { key: "k3", storedAt: "2026-03-03T00:00:00Z" },
                { key: "k2", storedAt: "2026-03-02T00:00:00Z" },
            ]),
            {},
            recordingLog(),
        );
        expect(chosen).to.deep.include({ key: "k3", versionId: "k3#1" });
        expect(chosen.manifest).to.deep.include({ key: "k3", versionId: "k3#1" });
    });

    it("skips a newer dump without a manifest, and says so", async () => {
        const log = recordingLog();
        const chosen = await chooseDump(
            source([
                { key: "k3", storedAt: "2026-03-03T00:00:00Z", manifest: false },
                { key: "k2", storedAt: "2026-03-02T00:00:00Z" },
            ]),
            {},
            log,
        );
        expect(chosen.key).to.equal("k2");
        expect(log.warnings).to.have.length(1);
        expect(log.warnings[0]).to.contain("newer-dump-skipped: skipping k3").and.to.contain("not a backup");
    });

    for (const [name, newest] of [
        [
            "a suspect history",
            {
                key: "k3",
                storedAt: "2026-03-03T00:00:00Z",
                versions: ["v1", "v2"],
                suspicions: ["k3 has 2 versions"],
            },
        ],
        [
            "a manifest that disagrees",
            {
                key: "k3",
                storedAt: "2026-03-03T00:00:00Z",
                manifestSuspicions: ["k3.manifest.json names version forged"],
            },
        ],
    ] as const) {
        it(`refuses a newest dump with ${name}, naming it, the newest good one and the exact flags`, async () => {
            const dumps = source([
                newest,
                { key: "k2", storedAt: "2026-03-02T00:00:00Z", manifestSuspicions: ["k2 bad too"] },
                { key: "k1", storedAt: "2026-03-01T00:00:00Z" },
            ]);
            const message = await refusal(chooseDump(dumps, {}, recordingLog()));
            expect(message).to.contain(
                "the newest dump under b/layer3/shop/, k3 (stored 2026-03-03T00:00:00.000Z), is suspect",
            );
            expect(message).to.contain(
                [...(newest.suspicions ?? []), ...(newest.manifestSuspicions ?? [])][0],
            );
            expect(message).to.contain("Nothing was restored");
            expect(message)
                .to.contain("The newest good dump is k1")
                .and.to.contain("--key k1 --version-id k1#1");
            expect(message).to.contain("give its exact --key and --version-id (versions: ");
            expect(dumps.inspected).to.deep.equal(["k3", "k2", "k1"]);
        });
    }

    it("says so when no good dump remains", async () => {
        const message = await refusal(
            chooseDump(
                source([{ key: "k1", storedAt: "2026-03-01T00:00:00Z", suspicions: ["x"] }]),
                {},
                recordingLog(),
            ),
        );
        expect(message).to.contain("No older dump passes either");
    });

    it("warns about older suspect dumps while restoring a good newest one", async () => {
        const log = recordingLog();
        await chooseDump(
            source([
                { key: "k2", storedAt: "2026-03-02T00:00:00Z" },
                {
                    key: "k1",
                    storedAt: "2026-03-01T00:00:00Z",
                    suspicions: ["k1 is hidden by a delete marker"],
                },
            ]),
            {},
            log,
        );
        expect(log.warnings.join())
            .to.contain("suspect-dumps")
            .and.to.contain("k1 is hidden by a delete marker");
    });

    it("refuses a suspect --key without --version-id, listing its versions", async () => {
        const dumps = source([
            {
                key: "k3",
                storedAt: "2026-03-03T00:00:00Z",
                versions: ["v1", "v2"],
                suspicions: ["k3 has 2 versions"],
            },
        ]);
        const message = await refusal(chooseDump(dumps, { key: "k3" }, recordingLog()));
        expect(message).to.contain("k3 is suspect: k3 has 2 versions. Nothing was restored");
        expect(message).to.contain("--version-id (versions: v1 (stored").and.to.contain("v2 (stored");
    });

    it("restores the exact --key and --version-id asked for, warning that it is suspect", async () => {
        const log = recordingLog();
        const dumps = source([
            {
                key: "k3",
                storedAt: "2026-03-03T00:00:00Z",
                versions: ["v1", "v2"],
                suspicions: ["k3 has 2 versions"],
            },
        ]);
        const chosen = await chooseDump(dumps, { key: "k3", versionId: "v1" }, log);
        expect(chosen).to.deep.include({ key: "k3", versionId: "v1" });
        expect(chosen.manifest).to.deep.include({ versionId: "v1" });
        expect(log.warnings[0]).to.contain(
            "restoring-suspect-dump: restoring k3 version v1 as asked, although: k3 has 2 versions",
        );
        const unchecked = await chooseDump(dumps, { key: "k3", versionId: "v2" }, log);
        expect(unchecked.manifest).to.equal(undefined);
        expect(log.warnings.at(-1)).to.contain("no manifest describes k3 version v2; restoring it unchecked");
    });

    it("refuses a version the key does not have, and a key S3 does not have", async () => {
        const dumps = source([{ key: "k3", storedAt: "2026-03-03T00:00:00Z" }]);
        expect(await refusal(chooseDump(dumps, { key: "k3", versionId: "nope" }, recordingLog()))).to.contain(
            "k3 has no version nope; its versions: k3#1",
        );
        expect(await refusal(chooseDump(dumps, { key: "k9" }, recordingLog()))).to.contain("no object at k9");
    });

    it("restores an explicit --key without a manifest unchecked, and says so", async () => {
        const log = recordingLog();
        const chosen = await chooseDump(
            source([{ key: "k3", storedAt: "2026-03-03T00:00:00Z", manifest: false }]),
            { key: "k3" },
            log,
        );
        expect(chosen.manifest).to.equal(undefined);
        expect(log.warnings[0]).to.contain("no-manifest: k3 has no manifest");
    });

    it("fails clearly when the database has no dump with a manifest", async () => {
        const dumps = source([{ key: "k1", storedAt: "2026-03-01T00:00:00Z", manifest: false }]);
        const message = await refusal(chooseDump(dumps, {}, recordingLog()));
        expect(message).to.contain("no dump with a manifest under b/layer3/shop/");
    });

    describe("--at: the newest good dump S3 stored at or before a time", () => {
        const history = () =>
            source([
                { key: "k4", storedAt: "2026-03-04T00:00:00Z" },
                { key: "k3", storedAt: "2026-03-03T00:00:00Z", manifest: false },
                { key: "k2", storedAt: "2026-03-02T00:00:00Z" },
                { key: "k1", storedAt: "2026-03-01T00:00:00Z" },
            ]);

        it("takes the newest dump stored at or before the time, by S3's clock, the boundary included", async () => {
            const at = (iso: string) => chooseDump(history(), { at: new Date(iso) }, recordingLog());
            expect((await at("2026-03-05T00:00:00Z")).key).to.equal("k4");
            expect((await at("2026-03-04T00:00:00Z")).key, "stored exactly then").to.equal("k4");
            expect((await at("2026-03-03T23:59:59Z")).key, "k3 has no manifest").to.equal("k2");
            expect((await at("2026-03-01T12:00:00Z")).key).to.equal("k1");
        });

        it("warns about an incomplete dump between the choice and the time, and about nothing after it", async () => {
            const log = recordingLog();
            await chooseDump(history(), { at: new Date("2026-03-03T12:00:00Z") }, log);
            expect(log.warnings).to.have.length(1);
            expect(log.warnings[0]).to.contain("newer-dump-skipped: skipping k3");
        });

        it("refuses a suspect newest dump at or before the time and names the good one before it", async () => {
            const dumps = source([
                { key: "k3", storedAt: "2026-03-03T00:00:00Z" },
                { key: "k2", storedAt: "2026-03-02T00:00:00Z", suspicions: ["k2 has 2 versions"] },
                { key: "k1", storedAt: "2026-03-01T00:00:00Z" },
            ]);
            const message = await refusal(
                chooseDump(dumps, { at: new Date("2026-03-02T12:00:00Z") }, recordingLog()),
            );
            expect(message).to.contain("k2 (stored 2026-03-02T00:00:00.000Z), is suspect: k2 has 2 versions");
            expect(message).to.contain("--key k1 --version-id k1#1");
        });

        it("refuses a time before the first dump, naming the oldest one and its exact flags", async () => {
            const message = await refusal(
                chooseDump(history(), { at: new Date("2026-02-01T00:00:00Z") }, recordingLog()),
            );
            expect(message).to.equal(
                "no dump under b/layer3/shop/ was stored at or before 2026-02-01T00:00:00.000Z (`--at`): the " +
                    "oldest dump with a manifest is k1 (stored 2026-03-01T00:00:00.000Z); give a later `--at`, or " +
                    "restore that one with --key k1 --version-id k1#1",
            );
        });
    });

    it("names the databases that do have dumps when this one has none at all", async () => {
        for (const request of [{}, { at: new Date("2026-03-01T00:00:00Z") }]) {
            expect(await refusal(chooseDump(source([]), request, recordingLog()))).to.equal(
                "unknown database shop: the databases with objects there are billing",
            );
        }
    });
});
