/** The CodeBuild job as pure data: buildspec, project environment, per-database overrides. */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import {
    databaseOverrides,
    JOB_NODE_MAJOR,
    projectEnvironment,
    renderBuildspec,
    ZSTD_INSTALL_COMMAND,
} from "../../../components/pg-dump-runner/buildspec";
import { SECRET_APPDB, SOURCE_REGION } from "./fixtures";

describe("the job's TLS to the database", () => {
    const env = projectEnvironment({
        bucketName: "b",
        bucketRegion: "ap-southeast-4",
        kmsKeyArn: "arn:aws:kms:ap-southeast-4:111111111111:key/k",
        retentionDays: 35,
        keyPrefix: "layer3",
        bundleBucket: "artifacts",
        bundleRegion: SOURCE_REGION,
        bundleKey: "runner/strongbox-runner.zip",
        bundleVersion: "v1",
        defaultPgMajorVersion: 16,
    });
    const byName = Object.fromEntries(env.map((v) => [v.name, v.value]));

    it("downloads the RDS global CA bundle in the install phase, to the file PGSSLROOTCERT names", () => {
        const spec = parse(renderBuildspec()) as { phases: { install: { commands: string[] } } };
        expect(spec.phases.install.commands).to.include(
            "curl -fsSL --create-dirs -o /usr/local/share/strongbox/rds-global-bundle.pem " +
                "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
        );
        expect(byName.PGSSLROOTCERT).to.equal("/usr/local/share/strongbox/rds-global-bundle.pem");
    });

    it("makes pg_dump and the runner verify the server's certificate and host name", () => {
        expect(byName.PGSSLMODE).to.equal("verify-full");
    });

    it("sends the same per-database overrides as before: TLS is set once, for the whole project", () => {
        const names = databaseOverrides({
            name: "appdb",
            endpoint: "db-1.example.internal",
            port: 5432,
            secretArn: SECRET_APPDB,
            pgMajorVersion: 16,
        }).map((v) => v.name);
        expect(names).to.deep.equal(["PGHOST", "PGPORT", "PGDATABASE", "DB_SECRET_ARN", "PG_MAJOR_VERSION"]);
    });
});

describe("the job's start", () => {
    const spec = parse(renderBuildspec()) as {
        phases: { install: { "runtime-versions": Record<string, unknown>; commands: string[] } };
    };

    it(`runs on Node ${JOB_NODE_MAJOR}, a runtime aws/codebuild/standard:7.0 offers`, () => {
        // AWS's "Available runtimes" (CodeBuild user guide) lists nodejs 18, 20, 22 and 24 for standard:7.0.
        expect([18, 20, 22, 24]).to.include(JOB_NODE_MAJOR);
        expect(spec.phases.install["runtime-versions"]).to.deep.equal({ nodejs: JOB_NODE_MAJOR });
    });

    it("installs no npm package and runs the uploaded bundle's single file", () => {
        expect(spec.phases.install.commands.filter((c) => /\bnpm\b|\bnpx\b/.test(c))).to.deep.equal([]);
        expect(spec.phases.install.commands).to.include(
            `printf '#!/bin/sh\\nexec node /opt/strongbox/strongbox.js "$@"\\n' > /usr/local/bin/strongbox`,
        );
    });
});

describe("the job's zstd", () => {
    const commands = (parse(renderBuildspec()) as { phases: { install: { commands: string[] } } }).phases
        .install.commands;

    /** Runs the install command with an `apt-get` on PATH that only records its arguments. */
    function install(env: Record<string, string>): string[] {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strongbox-apt-"));
        try {
            const log = path.join(dir, "calls");
            fs.writeFileSync(path.join(dir, "apt-get"), `#!/bin/sh\necho "$*" >> ${log}\n`, { mode: 0o755 });
            const result = spawnSync("bash", ["-c", ZSTD_INSTALL_COMMAND], {
                env: { PATH: `${dir}:/usr/bin:/bin`, ...env },
                encoding: "utf8",
            });
            expect(result.status, result.stderr).to.equal(0);
            return fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }

    it("installs zstd in the install phase, after the PostgreSQL client", () => {
        const at = commands.indexOf(ZSTD_INSTALL_COMMAND);
        expect(at).to.be.greaterThan(commands.findIndex((c) => c.includes("postgresql-client-")));
    });

    it("installs it only in a build whose overrides ask for zstd, from Ubuntu's archive alone", () => {
        expect(install({ BACKUP_COMPRESSION: "zstd" })).to.deep.equal([
            "update -o Dir::Etc::sourcelist=sources.list -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0",
            "install -y --no-install-recommends zstd",
        ]);
        expect(install({ BACKUP_COMPRESSION: "gzip" })).to.deep.equal([]);
        expect(install({})).to.deep.equal([]);
    });

    it("sends the compression only for a database that configures one", () => {
        const db = { name: "appdb", endpoint: "h", port: 5432, secretArn: SECRET_APPDB, pgMajorVersion: 16 };
        const named = (c?: { algorithm: string; level?: number }) =>
            Object.fromEntries(databaseOverrides({ ...db, compression: c }).map((v) => [v.name, v.value]));
        expect(named()).to.not.have.any.keys("BACKUP_COMPRESSION", "BACKUP_COMPRESSION_LEVEL");
        expect(named({ algorithm: "zstd" })).to.include({ BACKUP_COMPRESSION: "zstd" });
        expect(named({ algorithm: "zstd" })).to.not.have.any.keys("BACKUP_COMPRESSION_LEVEL");
        expect(named({ algorithm: "gzip", level: 9 })).to.include({
            BACKUP_COMPRESSION: "gzip",
            BACKUP_COMPRESSION_LEVEL: "9",
        });
    });
});
