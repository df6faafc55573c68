import * as fs from "node:fs";
import type { ConnectionOptions } from "node:tls";

/** libpq's `sslmode` values, weakest first. */
export const PG_SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;

/** For the error messages only: the buildspec (RDS_CA_BUNDLE_URL) is what fetches it. */
const RDS_CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";

/**
 * The node-postgres `ssl` option that matches what libpq (`pg_dump`, `psql`) does with the same
 * `PGSSLMODE` and `PGSSLROOTCERT`, so the runner's own connection (snapshot, row counts) is exactly as
 * encrypted and verified as the dump it accompanies. node-postgres's own reading of the environment
 * cannot be used: it maps `require` and both `verify-*` modes to "verify against Node's built-in CAs"
 * (which lack the RDS CA) and ignores `PGSSLROOTCERT`.
 *
 * The root certificate is taken from `PGSSLROOTCERT` only (not libpq's `~/.postgresql/root.crt`
 * default), and once named it must be readable: a typo must not quietly turn verification off.
 */
export function pgSslConfig(env: NodeJS.ProcessEnv): false | ConnectionOptions {
    const mode = env.PGSSLMODE;
    switch (mode) {
        case undefined:
        case "disable":
        case "allow":
        case "prefer":
            // Unset means libpq's default, `prefer`: try TLS and fall back to plain text, as `allow`
            // does the other way round. node-postgres has no fallback, so either choice breaks one
            // kind of server; plain text keeps local servers without TLS working, as before.
            // A server that insists on TLS (RDS's `rds.force_ssl`) needs PGSSLMODE=require or stronger.
            return false;
        case "require": {
            // libpq's `require` encrypts without verifying, unless a root certificate is given, in
            // which case it verifies the chain as `verify-ca` does.
            const ca = readRootCert(env, mode, false);
            return ca === undefined ? { rejectUnauthorized: false } : verifyCa(ca);
        }
        case "verify-ca":
            return verifyCa(readRootCert(env, mode, true));
        case "verify-full":
            // Node checks the certificate's names against the host, as libpq's verify-full does.
            return { ca: readRootCert(env, mode, true), rejectUnauthorized: true };
        default:
            throw new Error(
                `\`PGSSLMODE\` must be one of ${PG_SSL_MODES.join(", ")} (got ${JSON.stringify(mode)}); ` +
                    "unset it to connect without TLS",
            );
    }
}

/** The chain must lead to the given CA, but the certificate need not name the host. */
function verifyCa(ca: string): ConnectionOptions {
    return { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined };
}

function readRootCert(env: NodeJS.ProcessEnv, mode: string, required: true): string;
function readRootCert(env: NodeJS.ProcessEnv, mode: string, required: false): string | undefined;
function readRootCert(env: NodeJS.ProcessEnv, mode: string, required: boolean): string | undefined {
    const file = env.PGSSLROOTCERT;
    const fix = `point it at a PEM file of the CA certificates that sign the server's certificate (for RDS, the bundle at ${RDS_CA_BUNDLE_URL})`;
    if (file === undefined || file === "") {
        if (!required) return undefined;
        throw new Error(`\`PGSSLMODE=${mode}\` needs \`PGSSLROOTCERT\` to verify the server: ${fix}`);
    }
    let pem: string;
    try {
        pem = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new Error(`\`PGSSLROOTCERT\` ${file} could not be read (${(error as Error).message}); ${fix}`);
    }
    // An empty or non-PEM file would only surface later as "unable to get local issuer certificate".
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
        throw new Error(`\`PGSSLROOTCERT\` ${file} holds no PEM certificate; ${fix}`);
    }
    return pem;
}
