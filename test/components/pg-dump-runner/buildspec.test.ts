/** The CodeBuild job as pure data: buildspec, project environment, per-database overrides. */
import { expect } from "chai";
import { parse } from "yaml";
import {
    databaseOverrides,
    JOB_NODE_MAJOR,
    projectEnvironment,
    renderBuildspec,
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
