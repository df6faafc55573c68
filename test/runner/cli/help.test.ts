import { expect } from "chai";
import { RETRY_WINDOW_MS, SURVIVED_OUTAGE_MS } from "../../../runner/aws-retry";
import { buildProgram } from "../../../runner/cli";
import { SETTINGS } from "../../../runner/config";

/** Every setting a command reads must be documented in its --help, with its environment variable. */
describe("strongbox --help", () => {
    const expected: Record<string, Array<keyof typeof SETTINGS>> = {
        dump: [
            "host",
            "port",
            "user",
            "database",
            "secretArn",
            "bucket",
            "kmsKeyId",
            "retentionDays",
            "keyPrefix",
        ],
        verify: [
            "bucket",
            "keyPrefix",
            "databases",
            "expectedDatabases",
            "kmsKeyId",
            "maxAgeHours",
            "minRemainingDays",
            "retentionDays",
        ],
        drill: [
            "host",
            "port",
            "user",
            "database",
            "secretArn",
            "bucket",
            "keyPrefix",
            "key",
            "versionId",
            "maintenanceDb",
            "pgBindir",
            "rtoSeconds",
            "kmsKeyId",
            "retentionDays",
        ],
        canary: ["bucket", "kmsKeyId", "retentionDays"],
        report: ["bucket", "limit"],
        list: ["bucket", "keyPrefix", "database", "limit"],
        restore: ["host", "database", "bucket", "targetDb", "key", "versionId"],
    };

    for (const [name, settings] of Object.entries(expected)) {
        it(`documents every flag and variable of \`${name}\``, () => {
            const command = buildProgram().commands.find((c) => c.name() === name);
            expect(command, name).to.not.equal(undefined);
            const help = command!.helpInformation().replace(/\s+/g, " ");
            for (const setting of settings) {
                expect(help)
                    .to.contain(SETTINGS[setting].flag)
                    .and.to.contain(`env ${SETTINGS[setting].env}`);
            }
            expect(help).not.to.match(/--password/);
        });
    }

    it("offers the auditor's switches where they apply, and report's filters", () => {
        const helpOf = (name: string) =>
            buildProgram()
                .commands.find((c) => c.name() === name)!
                .helpInformation()
                .replace(/\s+/g, " ");
        for (const name of ["verify", "drill", "canary"]) {
            expect(helpOf(name), name).to.contain("--publish-metrics").and.to.contain("--receipts");
        }
        expect(helpOf("drill")).to.contain("--ephemeral");
        for (const flag of ["--dbname", "--kind", "--since", "--until", "--json"]) {
            expect(helpOf("report")).to.contain(flag);
        }
    });

    it("explains the environment, output and exit codes at the top level", () => {
        let text = "";
        const program = buildProgram().configureOutput({ writeOut: (s) => (text += s) });
        program.outputHelp();
        text = text.replace(/\s+/g, " ");
        for (const word of [
            "PGPASSWORD",
            "AWS_ENDPOINT_URL",
            "AWS_REGION",
            "one JSON line on stdout",
            "Exit codes",
            // The retry promise comes from the strategy's own numbers, so --help cannot drift from it.
            `retried for up to ${RETRY_WINDOW_MS / 1000} s per request`,
            `up to ${SURVIVED_OUTAGE_MS / 1000} s of trouble is ridden out`,
        ]) {
            expect(text).to.contain(word);
        }
    });
});
