/** `strongbox:source.compression` and `databases[].compression`: the keys, their defaults and their problems. */
import { expect } from "chai";
import { readStackRawConfig } from "../../scripts/preview-offline";
import { ConfigError, parseStackConfig, pgDumpRunnerArgs } from "../../stacks/config";

// Mutations reach into nested YAML; typing each path would hide the intent.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyJson = any;

const source = readStackRawConfig("prod-source");

function withCompression(mutate: (r: AnyJson) => void): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(source.raw)) as AnyJson;
    mutate(copy);
    return copy as Record<string, unknown>;
}

function problemsOf(raw: Record<string, unknown>): string[] {
    try {
        parseStackConfig(raw, source.region);
    } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
    }
    return [];
}

describe("stack config: compression", () => {
    it("leaves compression unset by default, so the runner's default (gzip) applies and no schedule changes", () => {
        const cfg = parseStackConfig(source.raw, source.region);
        if (cfg.role !== "source") throw new Error("unreachable");
        const args = pgDumpRunnerArgs(cfg.source, source.region, cfg.environment);
        expect(args.compression).to.equal(undefined);
        expect(args.databases.map((d) => d.compression)).to.deep.equal([undefined, undefined]);
    });

    it("takes a stack-wide default and a per-database override into the runner's args", () => {
        const raw = withCompression((r) => {
            r.source.compression = { algorithm: "zstd" };
            r.source.databases[1].compression = { algorithm: "gzip", level: 9 };
        });
        const cfg = parseStackConfig(raw, source.region);
        if (cfg.role !== "source") throw new Error("unreachable");
        const args = pgDumpRunnerArgs(cfg.source, source.region, cfg.environment);
        expect(args.compression).to.deep.equal({ algorithm: "zstd" });
        expect(args.databases[1].compression).to.deep.equal({ algorithm: "gzip", level: 9 });
    });

    const cases: Array<[string, (r: AnyJson) => void, string]> = [
        [
            "an unknown algorithm as the default",
            (r) => (r.source.compression = { algorithm: "xz" }),
            '`strongbox:source.compression.algorithm` must be one of gzip, zstd (got "xz")',
        ],
        [
            "a level outside zstd's range on one database",
            (r) => (r.source.databases[0].compression = { algorithm: "zstd", level: 20 }),
            "`strongbox:source.databases[0].compression.level` must be a whole number from 1 to 19 for zstd (got 20)",
        ],
        [
            "a misspelt key",
            (r) => (r.source.compression = { algorithm: "zstd", lvl: 3 }),
            "`strongbox:source.compression`",
        ],
    ];
    for (const [what, mutate, expected] of cases) {
        it(`rejects ${what}, naming the key`, () => {
            const problems = problemsOf(withCompression(mutate));
            expect(
                problems.some((p) => p.startsWith(expected)),
                `problems were:\n${problems.join("\n")}`,
            ).to.equal(true);
        });
    }
});
