import { expect } from "chai";
import { pgDumpArgs, qualifiedName, quoteIdent, scratchDatabaseName } from "../../../runner/postgres";

describe("identifiers", () => {
    it("quotes identifiers the way PostgreSQL's quote_ident does for any name", () => {
        expect(quoteIdent("orders")).to.equal('"orders"');
        expect(quoteIdent('we"ird')).to.equal('"we""ird"');
        expect(qualifiedName("Audit Log", 'T"1')).to.equal('"Audit Log"."T""1"');
    });

    it("never puts connection settings or secrets on pg_dump's command line", () => {
        const args = pgDumpArgs("00000003-0000001B-1");
        expect(args).to.include("--snapshot=00000003-0000001B-1").and.to.include("--no-password");
        expect(args.join(" ")).not.to.match(/password=|--host|--dbname|postgres(ql)?:\/\//);
    });

    it("makes scratch database names unique per second and within 63 bytes", () => {
        const name = scratchDatabaseName(
            "A very-long database name that goes on and on and on",
            new Date("2026-05-01T02:03:04Z"),
        );
        expect(name).to.match(/^strongbox_drill_[a-z0-9_]+_20260501020304$/);
        expect(Buffer.byteLength(name)).to.be.at.most(63);
    });
});
