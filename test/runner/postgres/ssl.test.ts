/** pgSslConfig: libpq's PGSSLMODE/PGSSLROOTCERT, translated for node-postgres. No server needed. */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ConnectionOptions } from "node:tls";
import { libpqEnv, pgClientConfig, pgSslConfig } from "../../../runner/postgres";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
const FIX =
    "point it at a PEM file of the CA certificates that sign the server's certificate " +
    "(for RDS, the bundle at https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem)";

/** The message pgSslConfig throws, so tests compare it whole (chai's `throw(string)` only checks a substring). */
function errorOf(env: NodeJS.ProcessEnv): string {
    try {
        pgSslConfig(env);
    } catch (error) {
        return (error as Error).message;
    }
    throw new Error(`pgSslConfig accepted ${JSON.stringify(env)}`);
}

describe("pgSslConfig", () => {
    let dir: string;
    let caFile: string;

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongbox-pg-ssl-"));
        caFile = path.join(dir, "ca.pem");
        fs.writeFileSync(caFile, PEM);
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const mode of [undefined, "disable", "allow", "prefer"]) {
        it(`connects without TLS for PGSSLMODE=${mode ?? "(unset)"}, even with a root certificate`, () => {
            expect(pgSslConfig({ PGSSLMODE: mode })).to.equal(false);
            expect(pgSslConfig({ PGSSLMODE: mode, PGSSLROOTCERT: caFile })).to.equal(false);
        });
    }

    it("encrypts without verifying for require, as libpq does without a root certificate", () => {
        expect(pgSslConfig({ PGSSLMODE: "require" })).to.deep.equal({ rejectUnauthorized: false });
        expect(pgSslConfig({ PGSSLMODE: "require", PGSSLROOTCERT: "" })).to.deep.equal({
            rejectUnauthorized: false,
        });
    });

    it("verifies the chain but not the host for require with a root certificate, as libpq does", () => {
        const ssl = pgSslConfig({ PGSSLMODE: "require", PGSSLROOTCERT: caFile }) as ConnectionOptions;
        expect(ssl).to.include({ ca: PEM, rejectUnauthorized: true });
        expect(ssl.checkServerIdentity!("db.example", {} as never)).to.equal(undefined);
    });

    it("verifies the chain against PGSSLROOTCERT's contents but not the host for verify-ca", () => {
        const ssl = pgSslConfig({ PGSSLMODE: "verify-ca", PGSSLROOTCERT: caFile }) as ConnectionOptions;
        expect(Object.keys(ssl).sort()).to.deep.equal(["ca", "checkServerIdentity", "rejectUnauthorized"]);
        expect(ssl).to.include({ ca: PEM, rejectUnauthorized: true });
        expect(ssl.checkServerIdentity!("db.example", {} as never)).to.equal(undefined);
    });

    it("verifies the chain and leaves Node's host check in place for verify-full", () => {
        expect(pgSslConfig({ PGSSLMODE: "verify-full", PGSSLROOTCERT: caFile })).to.deep.equal({
            ca: PEM,
            rejectUnauthorized: true,
        });
    });

    for (const mode of ["verify-ca", "verify-full"]) {
        it(`refuses ${mode} without PGSSLROOTCERT and says what to set`, () => {
            const message = `\`PGSSLMODE=${mode}\` needs \`PGSSLROOTCERT\` to verify the server: ${FIX}`;
            expect(errorOf({ PGSSLMODE: mode })).to.equal(message);
            expect(errorOf({ PGSSLMODE: mode, PGSSLROOTCERT: "" })).to.equal(message);
        });
    }

    it("refuses a PGSSLROOTCERT it cannot read, whatever the mode that uses it", () => {
        const missing = path.join(dir, "missing.pem");
        for (const mode of ["require", "verify-ca", "verify-full"]) {
            expect(errorOf({ PGSSLMODE: mode, PGSSLROOTCERT: missing })).to.equal(
                `\`PGSSLROOTCERT\` ${missing} could not be read (ENOENT: no such file or directory, open '${missing}'); ${FIX}`,
            );
        }
    });

    it("refuses a PGSSLROOTCERT that holds no certificate", () => {
        const empty = path.join(dir, "empty.pem");
        fs.writeFileSync(empty, "");
        expect(errorOf({ PGSSLMODE: "verify-full", PGSSLROOTCERT: empty })).to.equal(
            `\`PGSSLROOTCERT\` ${empty} holds no PEM certificate; ${FIX}`,
        );
    });

    it("refuses a mode libpq does not know, listing the ones it does", () => {
        for (const mode of ["no-verify", "verify_full", "", "REQUIRE"]) {
            expect(errorOf({ PGSSLMODE: mode })).to.equal(
                `\`PGSSLMODE\` must be one of disable, allow, prefer, require, verify-ca, verify-full (got ${JSON.stringify(mode)}); unset it to connect without TLS`,
            );
        }
    });
});

describe("the runner's two kinds of connection agree on TLS", () => {
    const connection = { host: "db.example", port: 5432, user: "u", password: "p", database: "shop" };

    it("gives node-postgres an explicit ssl option, so it never reads PGSSLMODE itself", () => {
        expect(pgClientConfig(connection, "shop", {})).to.have.property("ssl", false);
        expect(pgClientConfig(connection, "shop", { PGSSLMODE: "require" }).ssl).to.deep.equal({
            rejectUnauthorized: false,
        });
        expect(() => pgClientConfig(connection, "shop", { PGSSLMODE: "verify-full" })).to.throw(
            "`PGSSLMODE=verify-full` needs `PGSSLROOTCERT`",
        );
    });

    it("passes PGSSLMODE and PGSSLROOTCERT through to pg_dump and psql", () => {
        const env = libpqEnv(connection, "shop", {
            PGSSLMODE: "verify-full",
            PGSSLROOTCERT: "/usr/local/share/strongbox/rds-global-bundle.pem",
        });
        expect(env).to.include({
            PGSSLMODE: "verify-full",
            PGSSLROOTCERT: "/usr/local/share/strongbox/rds-global-bundle.pem",
        });
    });
});
