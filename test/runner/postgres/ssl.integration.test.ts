/**
 * pgSslConfig against a real PostgreSQL that, like RDS with `rds.force_ssl=1`, accepts TCP connections
 * only over TLS, with a certificate from a throwaway CA. node-postgres (through pgClientConfig) and
 * libpq (psql, through libpqEnv) get the same PGSSLMODE/PGSSLROOTCERT and must agree.
 *
 * The first certificate names 127.0.0.1 (the host the tests connect to); the second, swapped in with a
 * reload, names only another host, which verify-full must refuse and verify-ca must accept.
 */
import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Client } from "pg";
import { startPostgresCluster, type PostgresCluster } from "../../../devtools";
import { type DbConnection, libpqEnv, pgClientConfig } from "../../../runner/postgres";

function openssl(args: string[], cwd: string): void {
    execFileSync("openssl", args, { cwd, stdio: "pipe" });
}

/** A CA, and a certificate it signs for `altName` (e.g. "IP:127.0.0.1") with the shared server key. */
function issue(dir: string, name: string, altName: string): void {
    fs.writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${altName}\n`);
    openssl(["req", "-new", "-key", "server.key", "-subj", "/CN=strongbox-test", "-out", `${name}.csr`], dir);
    openssl(
        [
            "x509",
            "-req",
            "-in",
            `${name}.csr`,
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            `${name}.ext`,
            "-out",
            `${name}.crt`,
        ],
        dir,
    );
}

/** Whether node-postgres, configured by pgClientConfig, connects; and if so, over TLS. */
async function nodePg(connection: DbConnection, env: NodeJS.ProcessEnv): Promise<string> {
    const client = new Client(pgClientConfig(connection, "postgres", env));
    try {
        await client.connect();
        const r = await client.query<{ ssl: boolean }>(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        );
        return r.rows[0].ssl ? "tls" : "plain";
    } catch (error) {
        return `refused: ${(error as Error).message}`;
    } finally {
        await client.end().catch(() => undefined);
    }
}

/** The same question asked of psql, with the environment pg_dump would get. */
function libpq(cluster: PostgresCluster, connection: DbConnection, env: NodeJS.ProcessEnv): string {
    const result = spawnSync(
        path.join(cluster.bindir, "psql"),
        ["-X", "-At", "-c", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"],
        { env: libpqEnv(connection, "postgres", env), encoding: "utf8" },
    );
    if (result.status !== 0) return `refused: ${result.stderr.trim()}`;
    return result.stdout.trim() === "t" ? "tls" : "plain";
}

describe("TLS to a server that refuses plain text, as RDS does", function () {
    this.timeout(120_000);
    let cluster: PostgresCluster | undefined;
    let dir: string;
    let connection: DbConnection;
    /** Keeps libpq away from the real ~/.postgresql (a root.crt there would change `require`). */
    let base: NodeJS.ProcessEnv;

    before(async function () {
        if (spawnSync("openssl", ["version"]).status !== 0) this.skip();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongbox-tls-"));
        fs.chmodSync(dir, 0o755);
        openssl(
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem"].concat([
                "-days",
                "2",
                "-subj",
                "/CN=strongbox-test-ca",
            ]),
            dir,
        );
        openssl(
            [
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "other-ca.key",
                "-out",
                "other-ca.pem",
            ].concat(["-days", "2", "-subj", "/CN=another-ca"]),
            dir,
        );
        openssl(["genrsa", "-out", "server.key", "2048"], dir);
        issue(dir, "for-ip", "IP:127.0.0.1");
        issue(dir, "for-other-host", "DNS:db.elsewhere.example");
        // PostgreSQL runs as `postgres` when the tests run as root, and wants its key private to it.
        fs.chmodSync(path.join(dir, "server.key"), 0o600);
        if (process.getuid?.() === 0) {
            const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
            const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
            for (const f of fs.readdirSync(dir)) fs.chownSync(path.join(dir, f), uid, gid);
        }

        cluster = await startPostgresCluster({
            settings: {
                ssl: true,
                ssl_cert_file: path.join(dir, "for-ip.crt"),
                ssl_key_file: path.join(dir, "server.key"),
            },
        });
        // rds.force_ssl: TCP only over TLS. The Unix socket stays open for the test's own admin.
        fs.writeFileSync(
            path.join(cluster.dataDir, "pg_hba.conf"),
            "local all all trust\nhostssl all all 127.0.0.1/32 trust\n",
        );
        admin("SELECT pg_reload_conf()");
        connection = { host: cluster.host, port: cluster.port, user: cluster.user, database: "postgres" };
        base = { PATH: process.env.PATH, HOME: dir };
    });

    after(async () => {
        await cluster?.stop();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    function admin(sql: string): void {
        execFileSync(path.join(cluster!.bindir, "psql"), ["-X", "-q", "-h", cluster!.socketDir, "-c", sql], {
            env: {
                ...process.env,
                PGUSER: cluster!.user,
                PGPORT: String(cluster!.port),
                PGDATABASE: "postgres",
            },
        });
    }

    const ca = () => path.join(dir, "ca.pem");
    const otherCa = () => path.join(dir, "other-ca.pem");

    it("verify-full with the server's CA: both connect over TLS", async () => {
        const env = { ...base, PGSSLMODE: "verify-full", PGSSLROOTCERT: ca() };
        expect(await nodePg(connection, env)).to.equal("tls");
        expect(libpq(cluster!, connection, env)).to.equal("tls");
    });

    it("verify-full with another CA: both refuse the certificate", async () => {
        const env = { ...base, PGSSLMODE: "verify-full", PGSSLROOTCERT: otherCa() };
        expect(await nodePg(connection, env)).to.match(/^refused: .*(certificate|issuer)/);
        expect(libpq(cluster!, connection, env)).to.match(/^refused: .*certificate verify failed/);
    });

    it("require: both encrypt without checking the certificate", async () => {
        const env = { ...base, PGSSLMODE: "require" };
        expect(await nodePg(connection, env)).to.equal("tls");
        expect(libpq(cluster!, connection, env)).to.equal("tls");
    });

    it("require with another CA as PGSSLROOTCERT: both verify the chain and refuse", async () => {
        const env = { ...base, PGSSLMODE: "require", PGSSLROOTCERT: otherCa() };
        expect(await nodePg(connection, env)).to.match(/^refused: .*(certificate|issuer)/);
        expect(libpq(cluster!, connection, env)).to.match(/^refused: .*certificate verify failed/);
    });

    it("PGSSLMODE unset: libpq's prefer encrypts, node-postgres cannot fall back and is refused", async () => {
        // The documented limit of pgSslConfig: why the job sets PGSSLMODE rather than relying on the default.
        expect(libpq(cluster!, connection, base)).to.equal("tls");
        expect(await nodePg(connection, base)).to.match(/^refused: .*no encryption/);
    });

    describe("with a certificate issued for another host name", () => {
        before(() => {
            admin(`ALTER SYSTEM SET ssl_cert_file = '${path.join(dir, "for-other-host.crt")}'`);
            admin("SELECT pg_reload_conf()");
        });

        it("verify-full: both refuse it", async () => {
            const env = { ...base, PGSSLMODE: "verify-full", PGSSLROOTCERT: ca() };
            expect(await nodePg(connection, env)).to.match(/^refused: .*does not match certificate/);
            expect(libpq(cluster!, connection, env)).to.match(/^refused: .*does not match host name/);
        });

        it("verify-ca: both accept it, the chain being good", async () => {
            const env = { ...base, PGSSLMODE: "verify-ca", PGSSLROOTCERT: ca() };
            expect(await nodePg(connection, env)).to.equal("tls");
            expect(libpq(cluster!, connection, env)).to.equal("tls");
        });
    });
});
