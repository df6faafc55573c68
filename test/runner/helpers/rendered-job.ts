/**
 * The CodeBuild job as the PgDumpRunner declares it, rendered under Pulumi mocks: the buildspec from the
 * project's `source.buildspec`, the project's environment variables, and each schedule's per-database
 * overrides, so a test can run the job's phases with exactly what a scheduled build would get.
 */
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import type { PgDumpDatabase, PgDumpTarget } from "../../../components/pg-dump-runner";
import { installMocks, promiseOf, settle } from "../../harness/offline-mocks";
import { only } from "./job-phases";

export interface Buildspec {
    phases: { install: { commands: string[] }; build: { commands: string[] } };
}

export interface RenderedJob {
    buildspec: Buildspec;
    /** The project's variables (values unknown under mocks, such as the bundle's version, left out). */
    projectEnv: Record<string, string>;
    /** Each database's StartBuild overrides, by database name. */
    overrides: Record<string, Record<string, string>>;
}

export async function renderRunnerJob(
    where: { accountId: string; region: string },
    databases: PgDumpDatabase[],
    target: PgDumpTarget,
): Promise<RenderedJob> {
    const recorded = await installMocks(where);
    const { PgDumpRunner } = await import("../../../components/pg-dump-runner");
    const runner = new PgDumpRunner("buildspec", {
        namePrefix: "strongbox-test",
        accountId: where.accountId,
        region: where.region,
        runnerRoleName: "strongbox-pgdump-runner-test",
        databases,
        network: {
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: ["subnet-0123456789abcdef0"],
            databaseSecurityGroupId: "sg-0123456789abcdef0",
        },
        target,
        runnerBundle: new pulumi.asset.AssetArchive({}),
    });
    await promiseOf(runner.projectName);
    await settle();
    const project = only(recorded, "aws:codebuild/project:Project").inputs as {
        source: { buildspec: string };
        environment: { environmentVariables: Array<{ name: string; value?: string }> };
    };
    const overrides: Record<string, Record<string, string>> = {};
    for (const schedule of recorded.filter((r) => r.type === "aws:scheduler/schedule:Schedule")) {
        const input = JSON.parse((schedule.inputs.target as { input: string }).input) as {
            EnvironmentVariablesOverride: Array<{ Name: string; Value: string }>;
        };
        const vars = Object.fromEntries(input.EnvironmentVariablesOverride.map((v) => [v.Name, v.Value]));
        overrides[vars.PGDATABASE] = vars;
    }
    return {
        buildspec: parse(project.source.buildspec) as Buildspec,
        projectEnv: Object.fromEntries(
            project.environment.environmentVariables
                .filter((v) => v.value !== undefined)
                .map((v) => [v.name, v.value!]),
        ),
        overrides,
    };
}
