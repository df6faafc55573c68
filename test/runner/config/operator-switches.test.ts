import { expect } from "chai";
import { ConfigError, parseListConfig, parseRestoreConfig } from "../../../runner/config";

const now = new Date("2026-11-24T12:00:00Z");
const LIST_ENV = { BACKUP_BUCKET: "b" };
const RESTORE_ENV = { BACKUP_BUCKET: "b", PGDATABASE: "shop", RESTORE_TARGET_DB: "shop_copy" };

function problemsOf(parse: () => unknown): string[] {
    try {
        parse();
    } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
    }
    return [];
}

describe("list's and restore's switches", () => {
    it("list: --all lists every database and overrides a PGDATABASE from the shell", () => {
        const config = parseListConfig({ all: true }, { ...LIST_ENV, PGDATABASE: "shop" }, now);
        expect(config).to.include({ all: true, database: undefined, json: false });
        expect(parseListConfig({ database: "shop" }, LIST_ENV, now)).to.include({
            all: false,
            database: "shop",
        });
    });

    it("list: refuses --dbname with --all, and neither, naming the flags", () => {
        expect(
            problemsOf(() => parseListConfig({ all: true, database: "shop" }, LIST_ENV, now)),
        ).to.deep.equal([
            "give `--dbname` (one database) or `--all` (every database under the key prefix), not both",
        ]);
        expect(problemsOf(() => parseListConfig({}, LIST_ENV, now))).to.deep.equal([
            "`--dbname` / `PGDATABASE` is required: the database whose dumps to list, or `--all` for every " +
                "database under the key prefix",
        ]);
    });

    it("list: reads --since and --until as report does, and refuses a window that ends before it starts", () => {
        const config = parseListConfig({ all: true, since: "7d", until: "2026-11-24" }, LIST_ENV, now);
        expect(config.since?.toISOString()).to.equal("2026-11-17T12:00:00.000Z");
        expect(config.until?.toISOString()).to.equal("2026-11-24T00:00:00.000Z");
        expect(
            problemsOf(() => parseListConfig({ all: true, since: "1d", until: "2d" }, LIST_ENV, now)),
        ).to.have.length(1);
        expect(
            problemsOf(() => parseListConfig({ all: true, since: "last week" }, LIST_ENV, now))[0],
        ).to.match(/^`--since` must be a date/);
    });

    it("restore: --at reads a date, a time with its zone or a span back from now", () => {
        const at = (text: string) => parseRestoreConfig({ at: text }, RESTORE_ENV, now).at?.toISOString();
        expect(at("2026-11-01")).to.equal("2026-11-01T00:00:00.000Z");
        expect(at("2026-11-24T06:00:00+02:00")).to.equal("2026-11-24T04:00:00.000Z");
        expect(at("36h")).to.equal("2026-11-23T00:00:00.000Z");
        expect(parseRestoreConfig({}, RESTORE_ENV, now).at).to.equal(undefined);
    });

    it("restore: refuses a time in the future, saying what to do instead", () => {
        expect(problemsOf(() => parseRestoreConfig({ at: "2026-11-25" }, RESTORE_ENV, now))).to.deep.equal([
            "`--at` is in the future (2026-11-25T00:00:00.000Z; now 2026-11-24T12:00:00.000Z): a restore can " +
                "only go back to a dump already stored; give a time at or before now, or leave `--at` out for " +
                "the newest dump",
        ]);
        expect(
            problemsOf(() => parseRestoreConfig({ at: "2026-11-24T12:00:00Z" }, RESTORE_ENV, now)),
        ).to.deep.equal([]);
    });

    it("restore: refuses --at with --key (flag or RESTORE_KEY), and a time it cannot read", () => {
        const both =
            "give `--at` (the newest good dump stored at or before a time) or `--key` / `RESTORE_KEY` (one " +
            "exact dump), not both";
        expect(problemsOf(() => parseRestoreConfig({ at: "1d", key: "k" }, RESTORE_ENV, now))).to.deep.equal([
            both,
        ]);
        expect(
            problemsOf(() => parseRestoreConfig({ at: "1d" }, { ...RESTORE_ENV, RESTORE_KEY: "k" }, now)),
        ).to.deep.equal([both]);
        expect(problemsOf(() => parseRestoreConfig({ at: "yesterday" }, RESTORE_ENV, now))[0]).to.match(
            /^`--at` must be a date \(2026-11-01\)/,
        );
    });

    it("restore: --no-owner and --no-privileges (commander's owner/privileges false) turn the skips on", () => {
        const config = parseRestoreConfig({ owner: false, privileges: false, force: true }, RESTORE_ENV, now);
        expect(config.skips).to.deep.equal({ owner: true, privileges: true });
        expect(config.force).to.equal(true);
        expect(parseRestoreConfig({ owner: true, privileges: true }, RESTORE_ENV, now).skips).to.deep.equal({
            owner: false,
            privileges: false,
        });
    });
});
