import type { S3Client } from "@aws-sdk/client-s3";
import { parseVerifyConfig, VERIFY_SETTINGS, type VerifyConfig } from "../config";
import type { Logger } from "../log";
import { catalogDatabase, createS3Client, headObject, inspectDump, lockProblems } from "../s3";
import { defineCommand } from "./spec";

export interface DatabaseVerdict {
    database: string;
    ok: boolean;
    /** The newest dump with a manifest, by S3's clock, and the version checked. */
    key: string | null;
    versionId: string | null;
    ageHours: number | null;
    retainUntil: string | null;
    /** Every dump of the database whose S3 history or manifest shows tampering. */
    suspectKeys: string[];
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

/**
 * One database: every dump's S3 history is checked (a second version, a delete marker over a locked
 * dump, a key dated in the future, a squatted manifest each fail the database, naming the key); then the
 * newest dump with a manifest, by S3's LastModified, is checked in depth: its manifest read by version
 * id and compared with the stored version, its bytes streamed and hashed, its lock, key and age.
 */
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
        versionId: null,
        ageHours: null,
        retainUntil: null,
        suspectKeys: [],
        problems: [],
    };
    try {
        const entries = await catalogDatabase(s3, config.bucket, config.keyPrefix, database);
        const newest = entries.find((e) => e.manifestVersions.length > 0 && e.state !== "expired");
        for (const entry of entries) {
            if (entry === newest || entry.state !== "suspect") continue;
            verdict.suspectKeys.push(entry.key);
            verdict.problems.push(...entry.suspicions);
        }
        if (!newest) {
            verdict.problems.push(
                `no dump with a manifest under ${config.bucket}/${config.keyPrefix}/${database}/`,
            );
            return verdict;
        }
        verdict.key = newest.key;
        verdict.versionId = newest.original.versionId;
        // Hash only a dump whose history is clean: a suspect one fails anyway, and is not worth the read.
        const inspected = await inspectDump(s3, config.bucket, newest, {
            database,
            hash: newest.suspicions.length === 0,
        });
        if (inspected.state === "suspect") {
            verdict.suspectKeys.unshift(newest.key);
            verdict.problems.unshift(...inspected.suspicions);
        }
        const head = await headObject(s3, config.bucket, newest.key, newest.original.versionId);
        // Age from S3's own timestamp, never from the key or the manifest, which the writer chose.
        verdict.ageHours = Math.round(((at.getTime() - newest.storedAt.getTime()) / HOUR_MS) * 100) / 100;
        verdict.retainUntil = head.ObjectLockRetainUntilDate?.toISOString() ?? null;
        if (at.getTime() - newest.storedAt.getTime() > config.maxAgeHours * HOUR_MS) {
            verdict.problems.push(
                `newest dump ${newest.key} is ${verdict.ageHours} h old, older than the RPO of ${config.maxAgeHours} h`,
            );
        }
        const remainingDays = requiredRemainingDays(config);
        verdict.problems.push(
            ...lockProblems(head, {
                kmsKeyId: config.kmsKeyId,
                retainAtLeastUntil: new Date(at.getTime() + remainingDays * DAY_MS),
            }).map((problem) => `${newest.key}: ${problem}`),
        );
    } catch (error) {
        verdict.problems.push((error as Error).message);
    }
    verdict.ok = verdict.problems.length === 0;
    return verdict;
}

export const verifyCommand = defineCommand({
    name: "verify",
    description:
        "Check every dump's S3 history for tampering, and that each database's newest dump (by S3's " +
        "clock) is younger than the RPO, COMPLIANCE-locked long enough, encrypted with the expected key, " +
        "and matches its manifest (read by version id) in version, size and sha256.",
    settings: VERIFY_SETTINGS,
    parse: parseVerifyConfig,
    run: async (config, log) => {
        const report = await runVerify(config, log);
        return { output: report, ok: report.status === "ok" };
    },
});
