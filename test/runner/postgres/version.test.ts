import { expect } from "chai";
import { clientMajor, serverMajor, versionMismatch } from "../../../runner/postgres";

describe("PostgreSQL versions", () => {
    it("reads majors from server_version_num and pg_dump --version", () => {
        expect(serverMajor("150018")).to.equal(15);
        expect(serverMajor(170002)).to.equal(17);
        expect(serverMajor("90624")).to.equal(9.6);
        expect(clientMajor("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)")).to.equal(15);
        expect(clientMajor("pg_dump (PostgreSQL) 14.0")).to.equal(14);
        expect(clientMajor("pg_dump (PostgreSQL) 9.6.24")).to.equal(9.6);
        expect(() => clientMajor("something else")).to.throw("could not read a version");
    });

    it("refuses a client older than the server and says what to install", () => {
        expect(versionMismatch(15, 15, "pg_dump")).to.equal(undefined);
        expect(versionMismatch(16, 15, "pg_dump")).to.equal(undefined);
        expect(versionMismatch(14, 15, "/usr/bin/pg_dump"))
            .to.contain("pg_dump 14 (/usr/bin/pg_dump) is older")
            .and.to.contain("postgresql-client-15");
    });
});
