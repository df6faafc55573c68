import type { S3Client } from "@aws-sdk/client-s3";
import type { DrillReport, ListedDump, VerifyReport } from "../../runner/commands";
import type { ListedReceipt } from "../../runner/s3/receipt-catalog";
import type { BucketPlan } from "./bucket-plan";
import type { Progress } from "./progress";
import { plantForgedDump, tryToDeleteVersion } from "./protections";
import { type DatabaseResult, type DemoReport, problemsOf } from "./report";
import type { StrongboxCli } from "./strongbox-cli";

/**
 * After the dumps: verify both (with receipts), drill both into throwaway clusters, read each dump's lock
 * back through `list`, then the two attacks (delete a version, plant a forgery) and verify once more.
 */
export async function checkAndAttack(
    cli: StrongboxCli,
    run: {
        plan: BucketPlan;
        s3: S3Client;
        kmsKeyArn: string;
        results: DatabaseResult[];
        bucket: DemoReport["bucket"];
    },
    progress: Progress,
): Promise<Omit<DemoReport, "stopped">> {
    const { plan, s3, results } = run;
    const names = results.map((r) => r.database);
    const verify = await progress.step(
        `strongbox verify --databases ${names.join(",")} --receipts`,
        () => cli.run<VerifyReport>(["verify", "--databases", names.join(","), "--receipts"]),
        (r) => r.output.databases.map((d) => `${d.database} ${d.ok ? "ok" : "FAILED"}`).join(", "),
    );
    for (const verdict of verify.output.databases) {
        const result = results.find((r) => r.database === verdict.database)!;
        result.verify = verdict.ok ? "ok" : "failed";
        result.verifyProblems = verdict.problems;
    }
    // At once, as the auditor's scheduled drills run: each in a throwaway PostgreSQL of its own.
    const drills = await progress.step(
        `strongbox drill --ephemeral --receipts for ${names.join(" and ")} at once`,
        () =>
            Promise.all(
                names.map((name) =>
                    cli.run<DrillReport>(["drill", "--dbname", name, "--ephemeral", "--receipts"]),
                ),
            ),
        (runs) =>
            runs
                .map(
                    ({ output: d }) =>
                        `${d.database} ${d.status}, restored in ${d.restoreSeconds?.toFixed(1) ?? "-"} s into ` +
                        `PostgreSQL ${d.cluster?.postgresMajor ?? "?"} on port ${d.cluster?.port ?? "?"} (since removed)`,
                )
                .join("; "),
    );
    for (const { output: drill } of drills) {
        Object.assign(
            results.find((r) => r.database === drill.database)!,
            {
                drill: drill.status,
                restoreSeconds: drill.restoreSeconds,
                tablesCompared: drill.tablesCompared,
                drillProblems: drill.problems,
            },
        );
    }
    const listed = await cli.run<ListedDump[]>(["list", "--all", "--json"]);
    for (const result of results) {
        const dump = listed.output.find((d) => d.key === result.key);
        Object.assign(result, { lockMode: dump?.lockMode ?? null, retainUntil: dump?.retainUntil ?? null });
    }
    const first = results[0];
    const deleteAttempt = await progress.step(
        `deleting ${first.database}'s dump version outright, as an admin of the backup account would try`,
        () => tryToDeleteVersion(s3, plan.bucketName, first.key!, first.versionId!),
        (a) => (a.refused ? `refused (${a.answer})` : "NOT REFUSED"),
    );
    const victim = results[results.length - 1];
    const forged = await progress.step(
        `a compromised writer plants a newer ${victim.database} dump, key dated days ahead, manifest matching`,
        () =>
            plantForgedDump(s3, {
                bucket: plan.bucketName,
                kmsKeyArn: run.kmsKeyArn,
                keyPrefix: plan.keyPrefix,
                database: victim.database,
                realDumpKey: victim.key!,
            }),
        (f) => f.key,
    );
    const caught = await progress.step(
        `strongbox verify --databases ${victim.database} --receipts`,
        () => cli.run<VerifyReport>(["verify", "--databases", victim.database, "--receipts"]),
        (r) =>
            r.code === 1 ? "FAILED, as it must: the forgery is reported" : "passed: the forgery was NOT seen",
    );
    const problems = caught.output.databases.flatMap((d) => d.problems);
    const receipts = await cli.run<ListedReceipt[]>(["report", "--json"]);
    const report = {
        stack: plan.stack,
        bucket: run.bucket,
        databases: results,
        deleteAttempt,
        forgery: {
            database: victim.database,
            key: forged.key,
            reportedByVerify: caught.code === 1 && problems.some((p) => p.includes(forged.key)),
            problems: problems.filter((p) => p.includes(forged.key)),
        },
        receipts: receipts.output.length,
        seconds: progress.elapsed(),
    };
    const found = problemsOf({ ...report, stopped: [] });
    return { ...report, status: found.length === 0 ? "ok" : "failed", problems: found };
}
