/**
 * The audit jobs under Pulumi mocks: the three projects and what they run and are told, the schedules, and the
 * two roles' IAM (read-only on dumps, writes only under the receipts and canary prefixes).
 */
import { expect } from "chai";
import { parse } from "yaml";
import { AUDIT_ENV, CANARY_PREFIX, METRICS_NAMESPACE, RECEIPTS_PREFIX } from "../../../shared/audit";
import { expectedDatabases, expectedDatabasesJson } from "../../../components/backup-auditor/expected";
import { AUDIT_JOB_COMMANDS } from "../../../components/backup-auditor/jobs/buildspec";
import { RUNNER_BUNDLE_KEY } from "../../../components/common/job/artifacts";
import { RecordedResource } from "../../harness/offline-mocks";
import { auditorArgs, BUCKET_ARN, declareAuditor, doc, HOME, KEY_ARN, named, ofType } from "./fixtures";

type Statement = {
    Sid: string;
    Action: string | string[];
    Resource?: string | string[];
    NotResource?: unknown;
    Condition?: unknown;
};
const list = (v: string | string[] | undefined) => (v === undefined ? [] : typeof v === "string" ? [v] : v);
const statements = (r: RecordedResource) => doc<{ Statement: Statement[] }>(r).Statement;
const allows = (r: RecordedResource, action: string) =>
    statements(r).filter((s) =>
        list(s.Action).some((a) => a === action || (a.endsWith("*") && action.startsWith(a.slice(0, -1)))),
    );

describe("BackupAuditor jobs", () => {
    let rs: RecordedResource[];
    before(async () => {
        rs = await declareAuditor();
    });
    const project = (job: string) => named(rs, "aws:codebuild/project:Project", `audit-${job}`);
    const env = (job: string) =>
        Object.fromEntries(
            (
                project(job).inputs.environment as {
                    environmentVariables: Array<{ name: string; value: string }>;
                }
            ).environmentVariables.map((v) => [v.name, v.value]),
        );
    const spec = (job: string) =>
        parse((project(job).inputs.source as { buildspec: string }).buildspec) as {
            phases: { install: { commands: string[] }; build: { commands: string[] } };
        };

    it("runs each job's command line from the pinned bundle, without a VPC", () => {
        for (const job of ["verify", "drill", "canary"] as const) {
            expect(spec(job).phases.build.commands.at(-1)).to.equal(AUDIT_JOB_COMMANDS[job]);
            expect(spec(job).phases.install.commands.join("\n")).to.contain(
                '--version-id "${RUNNER_BUNDLE_VERSION}"',
            );
            expect(project(job).inputs.vpcConfig).to.equal(undefined);
        }
        // The version id is computed by S3 (undefined under the mocks); the key and bucket are the stack's own.
        expect(env("verify")).to.include({ RUNNER_BUNDLE_KEY, RUNNER_BUNDLE_REGION: HOME });
        expect(Object.keys(env("verify"))).to.include("RUNNER_BUNDLE_VERSION");
    });

    it("gives only the drill a PostgreSQL server of the dump's major version, without Debian's own cluster", () => {
        const drill = spec("drill").phases.install.commands;
        const at = (text: string) => drill.findIndex((c) => c.includes(text));
        // postgresql-common first, its createcluster.conf edited, then the server: the package's own cluster is
        // never created, so the drill's is the only one in the build.
        expect(at("--no-install-recommends postgresql-common")).to.be.greaterThan(-1);
        expect(at("--no-install-recommends postgresql-common")).to.be.lessThan(at("create_main_cluster"));
        expect(at("create_main_cluster")).to.be.lessThan(at('"postgresql-${PG_MAJOR_VERSION}"'));
        expect(drill[at("create_main_cluster")]).to.contain("/etc/postgresql-common/createcluster.conf");
        // The runner finds initdb and pg_ctl of the dump's major itself (/usr/lib/postgresql/<major>/bin).
        expect(spec("drill").phases.build.commands).to.deep.equal([AUDIT_JOB_COMMANDS.drill]);
        for (const job of ["verify", "canary"])
            expect(spec(job).phases.install.commands.join("\n")).to.not.contain("postgresql-");
        expect(named(rs, "aws:codebuild/project:Project", "audit-drill").inputs.environment).to.include({
            computeType: "BUILD_GENERAL1_MEDIUM",
        });
    });

    it("tells every job the bucket, its key and its retention, verify the whole estate with each database's RPO", () => {
        const expected = expectedDatabases(auditorArgs());
        const e = env("verify");
        expect(JSON.parse(e[AUDIT_ENV.expectedDatabases])).to.deep.equal([
            { database: "appdb", keyPrefix: "layer3", rpoHours: 30 },
            { database: "billing", keyPrefix: "layer3", rpoHours: 48 },
            { database: "ledger", keyPrefix: "layer3-payments", rpoHours: 30 },
        ]);
        expect(e[AUDIT_ENV.expectedDatabases]).to.equal(expectedDatabasesJson(expected));
        for (const job of ["verify", "drill", "canary"])
            expect(env(job), job).to.include({
                AWS_REGION: HOME,
                BACKUP_BUCKET: "acme-strongbox-test-pg-backups",
                BACKUP_KMS_KEY_ID: KEY_ARN,
                BACKUP_RETENTION_DAYS: "35",
            });
        // Each job is told what it uses: the estate only verify, the drill's defaults only the drill.
        expect(env("drill")).to.include({ [AUDIT_ENV.rtoSeconds]: "1800", PG_MAJOR_VERSION: "15" });
        for (const job of ["drill", "canary"])
            expect(env(job)).to.not.have.property(AUDIT_ENV.expectedDatabases);
        for (const job of ["verify", "canary"]) expect(env(job)).to.not.have.property(AUDIT_ENV.rtoSeconds);
    });

    it("schedules verify and the canary once, and a drill per drilled database with its own overrides", () => {
        const schedules = ofType(rs, "aws:scheduler/schedule:Schedule");
        expect(schedules.map((s) => s.inputs.name).sort()).to.deep.equal([
            "canary-all",
            "drill-layer3-appdb",
            "drill-layer3-billing",
            "verify-all",
        ]);
        expect(
            named(rs, "aws:scheduler/schedule:Schedule", "audit-verify-schedule").inputs.scheduleExpression,
        ).to.equal("cron(15 4 * * ? *)");
        const billing = named(rs, "aws:scheduler/schedule:Schedule", "audit-drill-layer3-billing");
        const input = JSON.parse((billing.inputs.target as { input: string }).input) as {
            ProjectName: string;
            EnvironmentVariablesOverride: Array<{ Name: string; Value: string }>;
        };
        expect(input.ProjectName).to.equal("strongbox-test-audit-drill");
        expect(
            Object.fromEntries(input.EnvironmentVariablesOverride.map((v) => [v.Name, v.Value])),
        ).to.deep.equal({
            PGDATABASE: "billing",
            BACKUP_KEY_PREFIX: "layer3",
            [AUDIT_ENV.rtoSeconds]: "1800",
            PG_MAJOR_VERSION: "16",
        });
        const scheduler = statements(named(rs, "aws:iam/rolePolicy:RolePolicy", "audit-scheduler-policy"));
        expect(scheduler).to.have.length(1);
        expect(list(scheduler[0].Resource)).to.have.length(3);
    });

    it("lets only the verify and drill projects assume the auditor, and only the canary project the canary", () => {
        const trust = (r: string) =>
            JSON.stringify(doc(named(rs, "aws:iam/role:Role", `audit-${r}-role`), "assumeRolePolicy"));
        expect(trust("auditor"))
            .to.contain("project/strongbox-test-audit-verify")
            .and.contain("project/strongbox-test-audit-drill");
        expect(trust("auditor")).to.not.contain("audit-canary");
        expect(trust("canary"))
            .to.contain("project/strongbox-test-audit-canary")
            .and.not.contain("audit-verify");
        expect(named(rs, "aws:iam/role:Role", "audit-auditor-role").inputs.name).to.equal(
            "strongbox-test-auditor",
        );
        expect(named(rs, "aws:iam/role:Role", "audit-canary-role").inputs.name).to.equal(
            "strongbox-test-canary",
        );
    });

    it("gives the auditor read-only access to the dump prefixes and writes and locks only under the receipts prefix", () => {
        const auditor = named(rs, "aws:iam/rolePolicy:RolePolicy", "audit-auditor-policy");
        const grants = statements(auditor).flatMap((s) => list(s.Action));
        for (const forbidden of ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectLegalHold"])
            expect(grants, forbidden).to.not.include(forbidden);
        expect(
            grants.filter((a) => String(a).includes("*")),
            "no action by wildcard",
        ).to.deep.equal([]);
        // The lock each receipt is written with: an upload with lock headers needs s3:PutObjectRetention.
        for (const action of ["s3:PutObject", "s3:PutObjectRetention"])
            expect(
                allows(auditor, action).flatMap((s) => list(s.Resource)),
                action,
            ).to.deep.equal([`${BUCKET_ARN}/${RECEIPTS_PREFIX}/*`]);
        expect(allows(auditor, "s3:GetObjectVersion").flatMap((s) => list(s.Resource))).to.have.members([
            `${BUCKET_ARN}/layer3/*`,
            `${BUCKET_ARN}/layer3-payments/*`,
            `${BUCKET_ARN}/${RECEIPTS_PREFIX}/*`,
            `${named(rs, "aws:s3/bucket:Bucket", "audit-artifacts").state.arn as string}/${RUNNER_BUNDLE_KEY}`,
        ]);
        const listing = allows(auditor, "s3:ListBucketVersions");
        expect(listing).to.have.length(1);
        expect(listing[0].Condition).to.deep.equal({
            StringLike: { "s3:prefix": ["layer3/*", "layer3-payments/*"] },
        });
    });

    it("confines both roles' metrics to the namespace and their key use to S3", () => {
        for (const role of ["auditor", "canary"]) {
            const p = named(rs, "aws:iam/rolePolicy:RolePolicy", `audit-${role}-policy`);
            expect(allows(p, "cloudwatch:PutMetricData")[0].Condition).to.deep.equal({
                StringEquals: { "cloudwatch:namespace": METRICS_NAMESPACE },
            });
            for (const s of allows(p, "kms:Decrypt"))
                expect(s.Condition).to.deep.equal({
                    StringEquals: { "kms:ViaService": `s3.${HOME}.amazonaws.com` },
                });
        }
    });

    it("gives the canary its two destructive grants under the canary prefix alone", () => {
        const canary = named(rs, "aws:iam/rolePolicy:RolePolicy", "audit-canary-policy");
        for (const action of ["s3:DeleteObjectVersion", "s3:PutObjectRetention"])
            expect(
                allows(canary, action).flatMap((s) => list(s.Resource)),
                action,
            ).to.deep.equal([`${BUCKET_ARN}/${CANARY_PREFIX}/*`]);
        expect(allows(canary, "s3:PutObject").flatMap((s) => list(s.Resource))).to.deep.equal([
            `${BUCKET_ARN}/${CANARY_PREFIX}/*`,
            `${BUCKET_ARN}/${RECEIPTS_PREFIX}/*`,
        ]);
        expect(statements(canary).flatMap((s) => list(s.Action))).to.not.include("s3:DeleteObject");
        expect(JSON.stringify(statements(canary))).to.not.contain(`${BUCKET_ARN}/layer3`);
    });

    it("grants neither role anything by wildcard, and metrics nowhere but the namespace", () => {
        for (const role of ["auditor", "canary"]) {
            const p = named(rs, "aws:iam/rolePolicy:RolePolicy", `audit-${role}-policy`);
            for (const s of statements(p)) {
                for (const a of list(s.Action)) expect(a, `${role} ${s.Sid}`).to.not.contain("*");
                expect(s.NotResource, `${role} ${s.Sid}`).to.equal(undefined);
                // Only PutMetricData, which has no resource-level permission, names every resource.
                if (list(s.Resource).includes("*"))
                    expect(list(s.Action)).to.deep.equal(["cloudwatch:PutMetricData"]);
            }
            expect(allows(p, "cloudwatch:PutMetricData"), role).to.have.length(1);
        }
    });
});
