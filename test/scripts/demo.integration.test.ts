import { expect } from "chai";
import * as fs from "node:fs";
import { readStackRawConfig } from "../../scripts/preview-offline";
import type { DemoReport } from "../../scripts/demo/report";
import { type DemoRun, startDemo } from "./helpers/demo-run";

/** A line per step, with the seconds since the demo started. */
const STEP_LINE = /^\[\s*\d+\.\d s\] /;

/** What the backup stack's own config parser reads from Pulumi.prod-backup.yaml: the demo must match it. */
function stackBucket() {
    const { raw, region } = readStackRawConfig("prod-backup");
    const backup = raw.backup as {
        bucket: { name: string; retentionDays: number; keyPrefix: string };
        writers: Array<{ databases: string[] }>;
    };
    return { ...backup.bucket, region, databases: backup.writers[0].databases.slice(0, 2) };
}

/** Leaves nothing of a failed run behind: its processes (by pid, all started by this run) and TMPDIR. */
function reap(run: DemoRun): void {
    for (const { pid } of run.marked()) {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            // Already gone.
        }
    }
    run.cleanup();
}

describe("npm run demo", function () {
    this.timeout(240_000);

    it("shows dumps stored and locked, verify passing, the drills restoring, a deletion refused and a forgery reported, then stops everything", async () => {
        let seenRunning: Array<{ pid: number; command: string }> = [];
        const run = startDemo(["--scale", "1", "--json"], (line) => {
            // While the first dump runs: PostgreSQL and moto_server are up, so the marker must find them.
            if (/strongbox dump --dbname/.test(line) && seenRunning.length === 0) seenRunning = run.marked();
        });
        try {
            const { code, stdout } = await run.finished;
            const report = JSON.parse(stdout) as DemoReport;
            expect(code, run.stderrLines.join("\n")).to.equal(0);
            expect(report.status, report.problems.join("; ")).to.equal("ok");

            const stack = stackBucket();
            expect(report.bucket).to.include({
                name: stack.name,
                region: stack.region,
                keyPrefix: stack.keyPrefix,
            });
            expect(report.bucket.objectLock).to.match(new RegExp(`^COMPLIANCE, ${stack.retentionDays} days`));
            expect(report.databases.map((d) => d.database)).to.deep.equal(stack.databases);
            for (const d of report.databases) {
                expect(d.key, d.database).to.match(new RegExp(`^${stack.keyPrefix}/${d.database}/`));
                expect(d.sha256).to.match(/^[0-9a-f]{64}$/);
                expect(d.compressedBytes).to.be.greaterThan(0).and.lessThan(d.uncompressedBytes!);
                expect(d.lockMode).to.equal("COMPLIANCE");
                expect(Date.parse(d.retainUntil!)).to.be.greaterThan(
                    Date.now() + (stack.retentionDays - 1) * 86_400_000,
                );
                expect(d.verify).to.equal("ok");
                expect(d.drill).to.equal("ok");
                expect(d.restoreSeconds).to.be.greaterThan(0);
                expect(d.tablesCompared).to.be.at.least(6);
            }
            expect(report.databases.map((d) => d.compression)).to.deep.equal(["gzip -6", "zstd -3"]);
            expect(report.deleteAttempt).to.include({ refused: true, stillThere: true });
            expect(report.forgery?.reportedByVerify).to.equal(true);
            expect(report.forgery?.problems.join(" ")).to.contain("a key dated in the future");
            // Two verify, two drill, and the failed verify of the forgery: evidence of the attack too.
            expect(report.receipts).to.equal(5);

            const steps = run.stderrLines.filter((l) => STEP_LINE.test(l));
            for (const step of [
                "strongbox dump --dbname",
                "strongbox verify",
                "strongbox drill",
                "stopping moto_server",
            ]) {
                expect(
                    steps.some((l) => l.includes(step)),
                    step,
                ).to.equal(true);
            }
            expect(seenRunning.map((p) => p.command).join("\n"))
                .to.match(/postgres/)
                .and.to.match(/moto_server/);
            expect(run.marked(), "no process of the run is left").to.deep.equal([]);
            expect(fs.readdirSync(run.tmpdir), "nothing is left in TMPDIR").to.deep.equal([]);
        } finally {
            reap(run);
        }
    });

    it("stops everything it started when interrupted with Ctrl-C while the drills run, and exits 130", async () => {
        let interruptedAt = "";
        const run = startDemo(["--scale", "1"], () => undefined);
        try {
            // Ctrl-C at a terminal signals the whole foreground process group: the demo and its children.
            const watcher = setInterval(() => {
                const drills = fs.readdirSync(run.tmpdir).filter((n) => n.startsWith("strongbox-drill-"));
                if (drills.length === 0 || interruptedAt !== "") return;
                interruptedAt = drills.join(", ");
                process.kill(-run.child.pid!, "SIGINT");
            }, 100);
            const { code, stdout } = await run.finished;
            clearInterval(watcher);
            expect(interruptedAt, "the drills' clusters appeared and the run was interrupted").not.to.equal(
                "",
            );
            expect(run.marked(), "no process of the run is left").to.deep.equal([]);
            expect(fs.readdirSync(run.tmpdir), "no cluster directory is left").to.deep.equal([]);
            expect(code).to.equal(130);
            expect(stdout).to.contain("SIGINT: stopping everything the demo started");
            expect(stdout).to.match(/stopping PostgreSQL \.\.\.\n.*done in .* removed/);
        } finally {
            reap(run);
        }
    });
});
