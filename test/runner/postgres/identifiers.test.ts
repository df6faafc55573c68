import { expect } from "chai";
import {
    markerComment,
    parseMarker,
    pgDumpArgs,
    qualifiedName,
    quoteIdent,
    temporaryDatabaseName,
} from "../../../runner/postgres";

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

    it("names temporary databases for what they are, unique per run and within 63 bytes", () => {
        const at = new Date("2026-05-01T02:03:04Z");
        for (const purpose of ["restore", "drill"] as const) {
            const name = temporaryDatabaseName(purpose, "A very-long database name that goes on and on", at);
            expect(name).to.match(new RegExp(`^strongbox_${purpose}_[a-z0-9_]+_20260501020304_[a-z0-9]{4}$`));
            expect(Buffer.byteLength(name)).to.be.at.most(63);
        }
        expect(temporaryDatabaseName("restore", "x", at)).not.to.equal(
            temporaryDatabaseName("restore", "x", at),
        );
    });

    it("recognises only its own marker comments", () => {
        const marker = {
            purpose: "restore" as const,
            target: "app's db",
            key: "layer3/app/k.sql.gz",
            versionId: "v1",
            startedAt: "2026-05-01T02:03:04.000Z",
        };
        expect(parseMarker(markerComment(marker))).to.deep.equal(marker);
        for (const comment of [
            null,
            "",
            "a database for the app",
            'strongbox-temporary {"purpose":"other"}',
        ]) {
            expect(parseMarker(comment), String(comment)).to.equal(undefined);
        }
    });
});
