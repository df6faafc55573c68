/** PgDumpRunner with zstd databases: what the schedules send and what the network allows. */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, promiseOf, RecordedResource, settle } from "../../harness/offline-mocks";
import type { PgDumpRunnerArgs } from "../../../components/pg-dump-runner";
import {
    BACKUP_OUTPUTS,
    byType,
    one,
    secretArn,
    SOURCE_ACCOUNT,
    SOURCE_REGION,
    STUB_BUNDLE,
} from "./fixtures";

function args(overrides: Partial<PgDumpRunnerArgs>): PgDumpRunnerArgs {
    return {
        namePrefix: "strongbox-prod",
        accountId: SOURCE_ACCOUNT,
        region: SOURCE_REGION,
        runnerRoleName: "strongbox-pgdump-runner-prod",
        databases: ["appdb", "billing", "ledger"].map((name, i) => ({
            name,
            endpoint: `${name}.cluster-abc.us-east-1.rds.amazonaws.com`,
            secretArn: secretArn(i),
        })),
        network: {
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: ["subnet-0123456789abcdef0"],
            databaseSecurityGroupId: "sg-0123456789abcdef0",
        },
        target: {
            bucketName: pulumi.output(BACKUP_OUTPUTS.bucketName),
            bucketArn: pulumi.output(BACKUP_OUTPUTS.bucketArn),
            bucketRegion: pulumi.output(BACKUP_OUTPUTS.bucketRegion),
            kmsKeyArn: pulumi.output(BACKUP_OUTPUTS.kmsKeyArn),
            keyPrefix: pulumi.output(BACKUP_OUTPUTS.keyPrefix),
            retentionDays: pulumi.output(BACKUP_OUTPUTS.retentionDays),
        },
        runnerBundle: STUB_BUNDLE,
        ...overrides,
    };
}

async function declare(name: string, overrides: Partial<PgDumpRunnerArgs>): Promise<RecordedResource[]> {
    const recorded = await installMocks({ accountId: SOURCE_ACCOUNT, region: SOURCE_REGION });
    const { PgDumpRunner } = await import("../../../components/pg-dump-runner");
    await promiseOf(new PgDumpRunner(name, args(overrides)).projectName);
    await settle();
    return recorded.filter((r) => r.name.startsWith(`${name}-`) || r.name === name);
}

function overridesOf(recorded: RecordedResource[], schedule: string): Record<string, string> {
    const input = one(recorded, "aws:scheduler/schedule:Schedule", schedule).inputs.target as {
        input: string;
    };
    const vars = (
        JSON.parse(input.input) as { EnvironmentVariablesOverride: Array<{ Name: string; Value: string }> }
    ).EnvironmentVariablesOverride;
    return Object.fromEntries(vars.map((v) => [v.Name, v.Value]));
}

const httpRules = (recorded: RecordedResource[]) =>
    byType(recorded, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter(
        (r) => r.inputs.fromPort === 80,
    );

describe("PgDumpRunner compression", () => {
    it("sends each database its own compression, or the runner's, and allows HTTP (for apt) to the HTTPS destinations", async () => {
        const recorded = await declare("zrunner", {
            compression: { algorithm: "zstd" },
            httpsEgressCidrBlocks: ["10.0.0.0/16", "10.1.0.0/16"],
            databases: args({}).databases.map((db) =>
                db.name === "billing" ? { ...db, compression: { algorithm: "gzip", level: 9 } } : db,
            ),
        });
        expect(overridesOf(recorded, "zrunner-schedule-appdb")).to.include({ BACKUP_COMPRESSION: "zstd" });
        expect(overridesOf(recorded, "zrunner-schedule-appdb")).to.not.have.any.keys(
            "BACKUP_COMPRESSION_LEVEL",
        );
        expect(overridesOf(recorded, "zrunner-schedule-billing")).to.include({
            BACKUP_COMPRESSION: "gzip",
            BACKUP_COMPRESSION_LEVEL: "9",
        });
        expect(httpRules(recorded).map((r) => [r.name, r.inputs.cidrIpv4, r.inputs.toPort])).to.deep.equal([
            ["zrunner-egress-http", "10.0.0.0/16", 80],
            ["zrunner-egress-http-1", "10.1.0.0/16", 80],
        ]);
        for (const rule of httpRules(recorded)) expect(rule.inputs.ipProtocol).to.equal("tcp");
    });

    it("adds the HTTP rule for a single zstd database too", async () => {
        const recorded = await declare("onez", {
            databases: args({}).databases.map((db, i) =>
                i === 2 ? { ...db, compression: { algorithm: "zstd", level: 5 } } : db,
            ),
        });
        expect(overridesOf(recorded, "onez-schedule-ledger")).to.include({
            BACKUP_COMPRESSION: "zstd",
            BACKUP_COMPRESSION_LEVEL: "5",
        });
        expect(overridesOf(recorded, "onez-schedule-appdb")).to.not.have.any.keys("BACKUP_COMPRESSION");
        expect(httpRules(recorded).map((r) => r.inputs.cidrIpv4)).to.deep.equal(["0.0.0.0/0"]);
    });

    it("allows no HTTP when no database uses zstd, even with gzip configured", async () => {
        const recorded = await declare("gz", { compression: { algorithm: "gzip", level: 1 } });
        expect(httpRules(recorded)).to.deep.equal([]);
        expect(overridesOf(recorded, "gz-schedule-appdb")).to.include({
            BACKUP_COMPRESSION: "gzip",
            BACKUP_COMPRESSION_LEVEL: "1",
        });
    });
});
