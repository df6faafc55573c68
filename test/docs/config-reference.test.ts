/**
 * The README's configuration reference cannot drift from the config module: every key
 * `stacks/config/schema.ts` accepts has a row, every row names a key it accepts, "required" means required,
 * and the defaults the schema and the components state as values are the ones written down. When a key is
 * added to the schema (the BackupAuditor's, for one), this fails until the README documents it, and says
 * where.
 */
import { expect } from "chai";
import { z } from "zod";
import { stackSchema } from "../../stacks/config/schema";
import { referenceProblems, startsWithValue } from "./config-reference/check";
import { componentDefault, defaultsSources } from "./config-reference/code-defaults";
import { keySegments } from "./config-reference/doc-rows";
import { configKeyName, schemaKeys } from "./config-reference/schema-keys";
import { parseMarkdown, readRepoFile } from "./helpers/markdown";

const readme = () => parseMarkdown(readRepoFile("README.md"));

describe("README configuration reference", () => {
    it("documents every key the schema accepts, and nothing else, with the code's defaults", () => {
        const sources = defaultsSources();
        const problems = referenceProblems({
            schema: stackSchema,
            doc: readme(),
            file: "README.md",
            componentDefault: (key) => componentDefault(key, sources),
        });
        expect(problems, `\n  ${problems.join("\n  ")}\n`).to.deep.equal([]);
    });

    it("has tables for both stacks and the keys they share", () => {
        const headings = readme().headings.map((h) => h.text);
        for (const prefix of [
            "`strongbox:`",
            "`strongbox:backup`",
            "`strongbox:source`",
            "`strongbox:source.snapshots`",
        ]) {
            expect(
                headings.some((h) => h.includes(prefix)),
                prefix,
            ).to.equal(true);
        }
    });

    it("reads every component default source and every renamed field against real schema keys", () => {
        const keys = [...schemaKeys(stackSchema).values()].map((k) => configKeyName(k.segments));
        for (const source of defaultsSources()) {
            const below = keys.filter((k) => k.startsWith(`${source.section}.`));
            const served = below.filter((k) => componentDefault(k, [source]) !== undefined);
            expect(served.length, `${source.from} serves no key of ${source.section}`).to.be.greaterThan(0);
            for (const pattern of Object.keys(source.renames ?? {})) {
                const p = keySegments(pattern);
                const hit = below.some((k) => {
                    const s = keySegments(k.slice(source.section.length + 1));
                    return s.length === p.length && p.every((seg, i) => seg === "*" || seg === s[i]);
                });
                expect(hit, `${source.from}: rename ${pattern} matches no key of ${source.section}`).to.equal(
                    true,
                );
            }
        }
    });
});

describe("the configuration reference check itself", () => {
    const schema = z.discriminatedUnion("role", [
        z.object({
            role: z.literal("backup"),
            backup: z
                .object({
                    name: z.string(),
                    days: z.number().default(35),
                    zone: z.string().default("UTC"),
                    regions: z.array(z.string()).default([]),
                    old: z.never().optional(),
                    items: z.array(z.object({ id: z.string(), size: z.number().optional() })),
                    byName: z.record(z.string(), z.object({ hours: z.number().optional() })).optional(),
                })
                .strict(),
        }),
    ]);
    const table = (rows: string[]) =>
        parseMarkdown(
            [
                "## Both (`strongbox:`)",
                "",
                "| key | default | meaning |",
                "| --- | --- | --- |",
                "| `role` | required | which stack |",
                "",
                "## `strongbox:backup`",
                "",
                "| key | default | meaning |",
                "| --- | --- | --- |",
                ...rows,
            ].join("\n"),
        );
    const good = [
        "| `name` | required | a name |",
        "| `days` / `zone` | 35 / `UTC` | days and zone |",
        "| `regions` | none | regions |",
        "| `old` | removed | gone |",
        "| `items[].id` | required | id |",
        "| `items[].size` | 1 | size |",
        "| `byName.<name>.hours` | `days` | hours |",
    ];
    const check = (rows: string[], code: Record<string, unknown> = { "strongbox:backup.items[].size": 1 }) =>
        referenceProblems({
            schema,
            doc: table(rows),
            file: "DOC.md",
            componentDefault: (key) =>
                key in code ? { value: code[key], from: "TEST_DEFAULTS" } : undefined,
        });

    it("passes a complete, correct table", () => {
        expect(check(good)).to.deep.equal([]);
    });

    it("names a key the schema accepts that no row documents, and where to add it", () => {
        const problems = check(good.filter((r) => !r.includes("`regions`")));
        expect(problems).to.have.length(1);
        expect(problems[0]).to.contain(
            "`strongbox:backup.regions` is accepted by stacks/config/schema.ts but not documented",
        );
        expect(problems[0]).to.contain(
            'to the table under DOC.md\'s heading "`strongbox:backup`" (#strongboxbackup)',
        );
    });

    it("names a row whose key the schema does not accept", () => {
        expect(check([...good, "| `nmae` | none | typo |"]).join()).to.contain(
            "`nmae` under `strongbox:backup` is not a key",
        );
    });

    it("refuses a default that differs from the schema's or the component's", () => {
        const schemaDefault = check(good.map((r) => r.replace("35 / `UTC`", "30 / `UTC`")));
        expect(schemaDefault.join()).to.contain(
            "`strongbox:backup.days` defaults to 35 in stacks/config/schema.ts",
        );
        const componentDefaults = check(good, { "strongbox:backup.items[].size": 2 });
        expect(componentDefaults.join()).to.contain(
            "`strongbox:backup.items[].size` defaults to 2 (TEST_DEFAULTS)",
        );
    });

    it("refuses 'required' on an optional key, its absence on a required one, and a key documented twice", () => {
        expect(
            check(good.map((r) => r.replace("| `name` | required |", "| `name` | none |"))).join(),
        ).to.contain("is required within its parent");
        expect(
            check(good.map((r) => r.replace("| `regions` | none |", "| `regions` | required |"))).join(),
        ).to.contain("is optional in the schema");
        expect(check([...good, "| `name` | required | again |"]).join()).to.contain("documented twice");
    });

    it("reads a value at the start of a default cell only as a whole word", () => {
        expect(startsWithValue("35 (30-3650)", 35)).to.equal(true);
        expect(startsWithValue("350", 35)).to.equal(false);
        expect(startsWithValue("`cron(30 1 * * ? *)`", "cron(30 1 * * ? *)")).to.equal(true);
    });
});
