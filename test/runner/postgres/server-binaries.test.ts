import { expect } from "chai";
import {
    type BinaryProbe,
    binaryMajor,
    findServerBindir,
    serverVersionMajor,
} from "../../../runner/postgres/server-binaries";

/** A machine described by a table: which directories hold which PostgreSQL, and what pg_config says. */
function machine(dirs: Record<string, string>, pgConfig?: string): BinaryProbe {
    return {
        executable: (file) => Object.keys(dirs).some((dir) => file.startsWith(`${dir}/`)),
        versionOf: (bindir) => (bindir in dirs ? `postgres (PostgreSQL) ${dirs[bindir]}\n` : undefined),
        pgConfigBindir: () => pgConfig,
    };
}

describe("finding the PostgreSQL server of a dump's major version", () => {
    it("reads the major version of server_version and postgres --version texts", () => {
        expect(serverVersionMajor("15.18 (Debian 15.18-1.pgdg120+1)")).to.equal("15");
        expect(serverVersionMajor("16beta2")).to.equal("16");
        expect(serverVersionMajor("9.6.24")).to.equal("9.6");
        expect(serverVersionMajor("not a version")).to.equal(undefined);
        expect(binaryMajor("postgres (PostgreSQL) 17.2 (Ubuntu 17.2-1)")).to.equal("17");
    });

    it("prefers the explicit directory, then Debian's layout, then pg_config when it is that version", () => {
        const both = machine({ "/opt/pg16": "16.4", "/usr/lib/postgresql/16/bin": "16.1" }, "/opt/pg16");
        expect(findServerBindir("16", "/opt/pg16", both)).to.equal("/opt/pg16");
        expect(findServerBindir("16", undefined, both)).to.equal("/usr/lib/postgresql/16/bin");
        expect(findServerBindir("16", undefined, machine({ "/opt/pg16": "16.4" }, "/opt/pg16"))).to.equal(
            "/opt/pg16",
        );
    });

    it("never uses another major version, and names the package to install", () => {
        const only15 = machine({ "/usr/lib/postgresql/15/bin": "15.8" }, "/usr/lib/postgresql/15/bin");
        let message = "";
        try {
            findServerBindir("16", undefined, only15);
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message)
            .to.contain("no PostgreSQL 16 server programs found")
            .and.contain("/usr/lib/postgresql/16/bin lacks initdb, pg_ctl, postgres, psql")
            .and.contain("`pg_config --bindir` /usr/lib/postgresql/15/bin holds PostgreSQL 15")
            .and.contain("`apt-get install postgresql-16`")
            .and.contain("`--pg-bindir` / `PG_BINDIR`");
        expect(() => findServerBindir("16", "/usr/lib/postgresql/15/bin", only15)).to.throw(
            "the dump was made from PostgreSQL 16, but `--pg-bindir` / `PG_BINDIR` /usr/lib/postgresql/15/bin holds PostgreSQL 15",
        );
        expect(() => findServerBindir("15", undefined, machine({}))).to.throw("`pg_config` is not on PATH");
    });
});
