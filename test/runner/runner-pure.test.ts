import { expect } from "chai";
import { regionOfArn } from "../../runner/src/aws-clients";
import { requiredRemainingDays } from "../../runner/src/commands/verify";
import { mergeConnection, parseRdsSecret } from "../../runner/src/db-connection";
import { lockProblems } from "../../runner/src/lock-check";
import { rowCountDifferences } from "../../runner/src/manifest";
import { pgDumpArgs } from "../../runner/src/pg-dump-process";
import { qualifiedName, quoteIdent } from "../../runner/src/pg-snapshot";
import { clientMajor, serverMajor, versionMismatch } from "../../runner/src/pg-version";
import { scratchDatabaseName } from "../../runner/src/scratch-database";

const KEY_ARN = "arn:aws:kms:ap-southeast-4:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

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

describe("RDS secrets and connection precedence", () => {
    it("parses the RDS secret JSON, port as number or string", () => {
        const secret = parseRdsSecret(
            '{"username":"u","password":"p","host":"h","port":"5433","dbname":"d"}',
            "arn",
        );
        expect(secret).to.deep.equal({ username: "u", password: "p", host: "h", port: 5433, dbname: "d" });
    });

    it("names missing fields without echoing the secret", () => {
        expect(() => parseRdsSecret('{"username":"u","host":"h"}', "arn:x")).to.throw(
            "lacks or mistypes password",
        );
        let message = "";
        try {
            parseRdsSecret("not json hunter2", "arn:x");
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).to.contain("is not JSON").and.not.to.contain("hunter2");
    });

    it("lets explicit settings win over the secret and requires a database from somewhere", () => {
        const secret = { username: "u", password: "p", host: "h", port: 5432, dbname: "d" };
        expect(mergeConnection({ database: "other", port: 6432 }, secret)).to.deep.equal({
            host: "h",
            port: 6432,
            user: "u",
            password: "p",
            database: "other",
        });
        expect(mergeConnection({}, secret).database).to.equal("d");
        expect(() => mergeConnection({}, undefined)).to.throw("`--dbname` / `PGDATABASE` is required");
    });

    it("reads a secret in its own region, not AWS_REGION's", () => {
        expect(
            regionOfArn("arn:aws:secretsmanager:us-east-1:111122223333:secret:rds/orders-AbCdEf"),
        ).to.equal("us-east-1");
        expect(regionOfArn("rds/orders")).to.equal(undefined);
    });
});

describe("read-back checks", () => {
    const until = new Date("2026-06-01T00:00:00Z");
    const good = {
        $metadata: {},
        ObjectLockMode: "COMPLIANCE" as const,
        ObjectLockRetainUntilDate: until,
        ServerSideEncryption: "aws:kms" as const,
        SSEKMSKeyId: KEY_ARN,
    };

    it("accepts a COMPLIANCE-locked object encrypted with the key, at second precision", () => {
        expect(
            lockProblems(good, { kmsKeyId: KEY_ARN, retainAtLeastUntil: new Date(until.getTime() + 999) }),
        ).to.deep.equal([]);
    });

    it("names each problem: governance mode, short retention, wrong key, no SSE-KMS", () => {
        const expectation = { kmsKeyId: KEY_ARN, retainAtLeastUntil: until };
        expect(lockProblems({ ...good, ObjectLockMode: "GOVERNANCE" }, expectation).join()).to.contain(
            "GOVERNANCE, not COMPLIANCE",
        );
        expect(lockProblems({ ...good, ObjectLockMode: undefined }, expectation).join()).to.contain("absent");
        expect(
            lockProblems(
                { ...good, ObjectLockRetainUntilDate: new Date(until.getTime() - 1000) },
                expectation,
            ).join(),
        ).to.contain("retained only until");
        expect(
            lockProblems(
                { ...good, SSEKMSKeyId: KEY_ARN.replace("1234abcd", "ffffffff") },
                expectation,
            ).join(),
        ).to.contain("encrypted with KMS key");
        expect(lockProblems({ ...good, ServerSideEncryption: "AES256" }, expectation).join()).to.contain(
            "AES256, not aws:kms",
        );
    });
});

describe("manifest comparisons", () => {
    it("reports missing, extra and different tables", () => {
        const expected = { '"public"."a"': 3, '"public"."b"': 0, '"public"."c"': 1 };
        const actual = { '"public"."a"': 2, '"public"."b"': 0, '"public"."d"': 5 };
        expect(rowCountDifferences(expected, actual)).to.deep.equal([
            '"public"."a": 2 rows, expected 3',
            '"public"."c": missing after restore (expected 1 rows)',
            '"public"."d": present after restore but not in the manifest',
        ]);
        expect(rowCountDifferences(expected, { ...expected })).to.deep.equal([]);
    });
});

describe("verify's remaining-retention rule", () => {
    const base = { bucket: "b", keyPrefix: "layer3", databases: ["d"], kmsKeyId: KEY_ARN, maxAgeHours: 26 };

    it("prefers the explicit minimum, else retention minus the RPO minus a day, else one day", () => {
        expect(requiredRemainingDays({ ...base, minRemainingDays: 10, retentionDays: 35 })).to.equal(10);
        expect(requiredRemainingDays({ ...base, retentionDays: 35 })).to.equal(32);
        expect(requiredRemainingDays(base)).to.equal(1);
        expect(requiredRemainingDays({ ...base, retentionDays: 1 })).to.equal(1);
    });
});
