import type { S3Client } from "@aws-sdk/client-s3";
import { parseVerifyConfig, VERIFY_SETTINGS, type VerifyConfig } from "../config";
import type { Logger } from "../log";
import { createS3Client, headObject, lockProblems, newestBackup, readManifest } from "../s3";
import { sha256OfObject } from "../stream";
import { defineCommand } from "./spec";

export interface DatabaseVerdict {
    database: string;
    ok: boolean;
    key: string | null;
    ageHours: number | null;
    retainUntil: string | null;
    problems: string[];
}

export interface VerifyReport {
    status: "ok" | "failed";
    checkedAt: string;
    databases: DatabaseVerdict[];
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * How much lock a dump must still have. Explicit `--min-remaining-days` wins; otherwise a dump at the
 * edge of the RPO must still hold the configured retention minus its age (one day of slack for clock
 * and rounding); without either, one day.
 */
export function requiredRemainingDays(config: VerifyConfig): number {
    if (config.minRemainingDays !== undefined) return config.minRemainingDays;
    if (config.retentionDays !== undefined) {
        return Math.max(1, config.retentionDays - Math.ceil(config.maxAgeHours / 24) - 1);
    }
    return 1;
}

export async function runVerify(
    config: VerifyConfig,
    log: Logger,
    now: () => Date = () => new Date(),
): Promise<VerifyReport> {
    const s3 = createS3Client();
    try {
        const databases: DatabaseVerdict[] = [];
        for (const database of config.databases) {
            const verdict = await verifyDatabase(s3, config, database, now());
            if (verdict.ok)
                log.info("verify-ok", `${database}: newest dump ${verdict.key} is good`, { ...verdict });
            else log.error("verify-failed", `${database}: ${verdict.problems.join("; ")}`, { ...verdict });
            databases.push(verdict);
        }
        return {
            status: databases.every((d) => d.ok) ? "ok" : "failed",
            checkedAt: now().toISOString(),
            databases,
        };
    } finally {
        s3.destroy();
    }
}

async function verifyDatabase(
    s3: S3Client,
    config: VerifyConfig,
    database: string,
    at: Date,
): Promise<DatabaseVerdict> {
    const verdict: DatabaseVerdict = {
        database,
        ok: false,
        key: null,
        ageHours: null,
        retainUntil: null,
        problems: [],
    };
    try {
        const newest = await newestBackup(s3, config.bucket, config.keyPrefix, database);
        if (!newest) {
            verdict.problems.push(
                `no dump with a manifest under ${config.bucket}/${config.keyPrefix}/${database}/`,
            );
            return verdict;
        }
        verdict.key = newest.key;
        const manifest = await readManifest(s3, config.bucket, newest.key);
        const head = await headObject(s3, config.bucket, newest.key, manifest.versionId ?? undefined);
        // Age from S3's own timestamp, not from the manifest, which the runner wrote itself.
        const storedAt = head.LastModified ?? newest.at;
        verdict.ageHours = Math.round(((at.getTime() - storedAt.getTime()) / HOUR_MS) * 100) / 100;
        verdict.retainUntil = head.ObjectLockRetainUntilDate?.toISOString() ?? null;
        if (at.getTime() - storedAt.getTime() > config.maxAgeHours * HOUR_MS) {
            verdict.problems.push(
                `newest dump is ${verdict.ageHours} h old, older than the RPO of ${config.maxAgeHours} h`,
            );
        }
        const remainingDays = requiredRemainingDays(config);
        verdict.problems.push(
            ...lockProblems(head, {
                kmsKeyId: config.kmsKeyId,
                retainAtLeastUntil: new Date(at.getTime() + remainingDays * DAY_MS),
            }),
        );
        if (head.ContentLength !== undefined && head.ContentLength !== manifest.compressedBytes) {
            verdict.problems.push(
                `size ${head.ContentLength} differs from the manifest's ${manifest.compressedBytes}`,
            );
        }
        const sha256 = await sha256OfObject(s3, config.bucket, newest.key, manifest.versionId);
        if (sha256 !== manifest.sha256) {
            verdict.problems.push(`sha256 ${sha256} differs from the manifest's ${manifest.sha256}`);
        }
    } catch (error) {
        verdict.problems.push((error as Error).message);
    }
    verdict.ok = verdict.problems.length === 0;
    return verdict;
}

export const verifyCommand = defineCommand({
    name: "verify",
    description:
        "Check that each database's newest dump is younger than the RPO, COMPLIANCE-locked long enough, " +
        "encrypted with the expected key, and that its sha256 matches the manifest.",
    settings: VERIFY_SETTINGS,
    parse: parseVerifyConfig,
    run: async (config, log) => {
        const report = await runVerify(config, log);
        return { output: report, ok: report.status === "ok" };
    },
});
