import type { S3Client } from "@aws-sdk/client-s3";
import { ESTATE_DIMENSION_VALUE } from "../../shared/audit";
import type { MetricPoint } from "../cloudwatch/metrics";
import {
    auditSwitchOptions,
    parseVerifyConfig,
    VERIFY_SETTINGS,
    type VerifyConfig,
    type VerifyTarget,
} from "../config";
import type { Logger } from "../log";
import { createS3Client } from "../s3";
import { listPrefixContents } from "../s3/discovery";
import type { Receipt } from "../s3/receipts";
import { type AuditTrail, receiptBase, recordChecks } from "./audit-trail";
import { defineCommand } from "./spec";
import { type DatabaseVerdict, verifyDatabase } from "./verify-database";

export type { DatabaseVerdict } from "./verify-database";

/** A database folder under an expected key prefix that nobody listed. */
export interface UnlistedDatabase {
    keyPrefix: string;
    database: string;
    /** `<bucket>/<keyPrefix>/<database>/` */
    where: string;
}

export interface VerifyReport {
    status: "ok" | "failed";
    checkedAt: string;
    databases: DatabaseVerdict[];
    /** Only with --expected-databases: what lies under its key prefixes that nobody listed. */
    unlistedDatabases: UnlistedDatabase[];
    strayKeys: string[];
    /** Problems of the estate as a whole (unlisted databases, stray keys, a prefix that could not be listed). */
    estateProblems: string[];
    audit?: AuditTrail;
}

/** Every database folder and loose key under the expected key prefixes that no target names. */
async function discoverUnlisted(
    s3: S3Client,
    bucket: string,
    targets: readonly VerifyTarget[],
    report: VerifyReport,
): Promise<void> {
    for (const keyPrefix of [...new Set(targets.map((t) => t.keyPrefix))].sort()) {
        try {
            const found = await listPrefixContents(s3, bucket, keyPrefix);
            const listed = new Set(targets.filter((t) => t.keyPrefix === keyPrefix).map((t) => t.database));
            for (const database of found.databases.filter((d) => !listed.has(d))) {
                const where = `${bucket}/${keyPrefix}/${database}/`;
                report.unlistedDatabases.push({ keyPrefix, database, where });
                report.estateProblems.push(
                    `unlisted database found: ${database} (${where}) holds objects, but no expected database ` +
                        "names it; add it to the expected databases (the auditor's config) or find out who writes there",
                );
            }
            for (const key of found.strayKeys) {
                report.strayKeys.push(key);
                report.estateProblems.push(
                    `${bucket}/${key} lies directly under the key prefix, outside every database folder: ` +
                        "nothing Strongbox writes lives there",
                );
            }
        } catch (error) {
            report.estateProblems.push((error as Error).message);
        }
    }
}

function metricsOf(report: VerifyReport, discover: boolean, at: Date): MetricPoint[] {
    const points: MetricPoint[] = [];
    for (const d of report.databases) {
        points.push({ metric: "verifySucceeded", database: d.database, value: d.ok ? 1 : 0, at });
        if (d.ageHours !== null)
            points.push({ metric: "newestDumpAgeHours", database: d.database, value: d.ageHours, at });
    }
    if (discover) {
        const ok = report.status === "ok" ? 1 : 0;
        points.push({ metric: "verifySucceeded", database: ESTATE_DIMENSION_VALUE, value: ok, at });
    }
    return points;
}

function receiptsOf(config: VerifyConfig, report: VerifyReport, at: Date): Receipt[] {
    const base = receiptBase(config.discover ? "verify --expected-databases" : "verify", config.bucket, at);
    const receipts: Receipt[] = report.databases.map((d) => {
        const { database, key, versionId, sha256, ok, problems, ...details } = d;
        return {
            ...base,
            kind: "verify",
            database,
            key,
            versionId,
            sha256,
            verdict: ok ? "ok" : "failed",
            problems,
            details,
        };
    });
    if (config.discover) {
        receipts.push({
            ...base,
            kind: "verify",
            database: ESTATE_DIMENSION_VALUE,
            key: null,
            versionId: null,
            sha256: null,
            verdict: report.status,
            problems: report.estateProblems,
            details: {
                databases: report.databases.map((d) => ({
                    database: d.database,
                    keyPrefix: d.keyPrefix,
                    ok: d.ok,
                })),
                unlistedDatabases: report.unlistedDatabases,
                strayKeys: report.strayKeys,
            },
        });
    }
    return receipts;
}

export async function runVerify(
    config: VerifyConfig,
    log: Logger,
    now: () => Date = () => new Date(),
): Promise<VerifyReport> {
    const s3 = createS3Client();
    try {
        const report: VerifyReport = {
            status: "failed",
            checkedAt: "",
            databases: [],
            unlistedDatabases: [],
            strayKeys: [],
            estateProblems: [],
        };
        for (const target of config.targets) {
            const verdict = await verifyDatabase(s3, config, target, now());
            const { database } = target;
            if (verdict.ok)
                log.info("verify-ok", `${database}: newest dump ${verdict.key} is good`, { ...verdict });
            else log.error("verify-failed", `${database}: ${verdict.problems.join("; ")}`, { ...verdict });
            report.databases.push(verdict);
        }
        if (config.discover) await discoverUnlisted(s3, config.bucket, config.targets, report);
        for (const problem of report.estateProblems) log.error("verify-estate-failed", problem);
        const at = now();
        report.checkedAt = at.toISOString();
        report.status =
            report.databases.every((d) => d.ok) && report.estateProblems.length === 0 ? "ok" : "failed";
        if (config.switches.receipts || config.switches.publishMetrics) {
            report.audit = await recordChecks(
                { s3, ...config, log },
                receiptsOf(config, report, at),
                metricsOf(report, config.discover, at),
            );
        }
        return report;
    } finally {
        s3.destroy();
    }
}

export const verifyCommand = defineCommand({
    name: "verify",
    description:
        "Check every dump's S3 history for tampering, and that each database's newest dump (by S3's " +
        "clock) is younger than the RPO, COMPLIANCE-locked long enough, encrypted with the expected key, " +
        "and matches its manifest (read by version id) in version, size and sha256. With " +
        "--expected-databases, also every database prefix nobody listed.",
    settings: VERIFY_SETTINGS,
    switches: auditSwitchOptions,
    parse: parseVerifyConfig,
    run: async (config, log) => {
        const report = await runVerify(config, log);
        const recorded = (report.audit?.problems.length ?? 0) === 0;
        return { output: report, ok: report.status === "ok" && recorded };
    },
});
