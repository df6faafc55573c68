import { expect } from "chai";
import { Readable } from "node:stream";
import { OwnershipFilter, type OwnershipSkips } from "../../../runner/stream/ownership-filter";

/** What pg_dump 15 writes (plain format, --quote-all-identifiers), with lookalikes where none may be dropped. */
const DUMP = [
    "--",
    "-- PostgreSQL database dump",
    "--",
    "SET statement_timeout = 0;",
    'CREATE SCHEMA "ledger";',
    'ALTER SCHEMA "ledger" OWNER TO "app_owner";',
    'CREATE FUNCTION "public"."f"() RETURNS "text"',
    '    LANGUAGE "sql" AS $_$',
    'ALTER TABLE "public"."t" OWNER TO "inside_a_body";',
    "GRANT ALL ON TABLE x TO inside_a_body;",
    "$_$;",
    'ALTER FUNCTION "public"."f"() OWNER TO "app_owner";',
    'CREATE TABLE "public"."t" ("id" integer, "note" "text" DEFAULT \'a;',
    'ALTER TABLE "public"."t" OWNER TO "inside_a_string";',
    'b\'::"text");',
    'ALTER TABLE "public"."t" OWNER TO "app_owner";',
    'COPY "public"."t" ("id", "note") FROM stdin;',
    'ALTER TABLE "public"."t" OWNER TO "copy_data";',
    "GRANT\tdata",
    "\\.",
    "/* a block comment",
    'ALTER TABLE "public"."t" OWNER TO "in_a_comment";',
    "*/",
    "SELECT pg_catalog.lo_create('16400');",
    'ALTER LARGE OBJECT 16400 OWNER TO "app_owner";',
    'REVOKE ALL ON SCHEMA "public" FROM PUBLIC;',
    'GRANT SELECT ON TABLE "public"."t" TO "reader";',
    'ALTER DEFAULT PRIVILEGES FOR ROLE "app_owner" IN SCHEMA "public" GRANT SELECT ON TABLES TO "reader";',
    "",
].join("\n");

async function filtered(input: Buffer, skips: OwnershipSkips, chunkSize = 1 << 16) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < input.length; i += chunkSize) chunks.push(input.subarray(i, i + chunkSize));
    const filter = new OwnershipFilter(skips);
    const out: Buffer[] = [];
    for await (const chunk of Readable.from(chunks).pipe(filter)) out.push(chunk as Buffer);
    return { output: Buffer.concat(out), counts: filter.counts };
}

const linesOf = (buffer: Buffer) => buffer.toString("latin1").split("\n");

describe("the ownership filter (restore --no-owner / --no-privileges)", () => {
    it("drops only whole top-level OWNER TO statements; bodies, strings, COPY data and comments pass", async () => {
        const { output, counts } = await filtered(Buffer.from(DUMP), { owner: true, privileges: false });
        const dropped = linesOf(Buffer.from(DUMP)).filter((l) => !linesOf(output).includes(l));
        expect(dropped).to.deep.equal([
            'ALTER SCHEMA "ledger" OWNER TO "app_owner";',
            'ALTER FUNCTION "public"."f"() OWNER TO "app_owner";',
            'ALTER TABLE "public"."t" OWNER TO "app_owner";',
            'ALTER LARGE OBJECT 16400 OWNER TO "app_owner";',
        ]);
        expect(counts).to.deep.equal({ ownerStatements: 4, privilegeStatements: 0 });
        for (const kept of ["inside_a_body", "inside_a_string", "copy_data", "in_a_comment", "GRANT\tdata"]) {
            expect(output.toString(), kept).to.contain(kept);
        }
    });

    it("drops GRANT, REVOKE and ALTER DEFAULT PRIVILEGES with --no-privileges", async () => {
        const { output, counts } = await filtered(Buffer.from(DUMP), { owner: false, privileges: true });
        expect(counts).to.deep.equal({ ownerStatements: 0, privilegeStatements: 3 });
        expect(output.toString()).not.to.contain('TO "reader"');
        expect(output.toString()).not.to.contain("REVOKE ALL");
        expect(output.toString()).to.contain("GRANT ALL ON TABLE x TO inside_a_body;");
        expect(output.toString()).to.contain('OWNER TO "app_owner"');
    });

    it("gives the same result whatever the chunk boundaries, down to one byte at a time", async () => {
        const skips = { owner: true, privileges: true };
        const whole = await filtered(Buffer.from(DUMP), skips);
        const bytewise = await filtered(Buffer.from(DUMP), skips, 1);
        expect(bytewise.output.equals(whole.output)).to.equal(true);
        expect(bytewise.counts).to.deep.equal(whole.counts);
    });

    it("passes any encoding byte for byte, and a line longer than it holds unchanged", async () => {
        // SELECT 'Zürich'; in LATIN1: not UTF-8, so decoding it as text would change it.
        const latin1 = Buffer.concat([
            Buffer.from("SELECT '"),
            Buffer.from([0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68]),
            Buffer.from("';\n"),
        ]);
        const long = `COPY "t" ("b") FROM stdin;\n${"\\\\x".padEnd(3 * 1024 * 1024, "ab")}\n\\.\n`;
        const input = Buffer.concat([
            latin1,
            Buffer.from(long),
            Buffer.from('ALTER TABLE "t" OWNER TO "o";\n'),
        ]);
        const { output, counts } = await filtered(input, { owner: true, privileges: true }, 4096);
        expect(
            output.equals(input.subarray(0, input.length - 'ALTER TABLE "t" OWNER TO "o";\n'.length)),
        ).to.equal(true);
        expect(counts.ownerStatements).to.equal(1);
    });

    it("changes nothing when nothing is skipped", async () => {
        const { output } = await filtered(Buffer.from(DUMP), { owner: false, privileges: false }, 7);
        expect(output.toString()).to.equal(DUMP);
    });
});
