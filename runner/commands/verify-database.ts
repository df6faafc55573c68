import type { S3Client } from "@aws-sdk/client-s3";
import type { VerifyTarget } from "../config/expected-databases";
import { catalogDatabase, headObject, inspectDump, lockProblems } from "../s3";
import { requiredLock } from "./verify-rules";

export interface DatabaseVerdict {
    database: string;
    keyPrefix: string;
    /** The RPO this database was held to. */
    rpoHours: number;
    ok: boolean;
    /** The newest dump with a manifest, by S3's clock, and the version checked. */
    key: string | null;
    versionId: string | null;
    /** The sha256 streamed from that version (null when it was not streamed: its history was already suspect). */
    sha256: string | null;
    /** S3's LastModified of that version. */
    storedAt: string | null;
    ageHours: number | null;
    retainUntil: string | null;
    /** The retain-until the rule demanded, and the rule (verify-rules.ts). */
    requiredRetainUntil: string | null;
    lockRule: string | null;
    /** Every dump of the database whose S3 history or manifest shows tampering. */
    suspectKeys: string[];
    /** Dumps newer than the one checked that have no manifest: runs that failed or were interrupted. */
    incompleteKeys: string[];
    problems: string[];
}

export interface VerifySettings {
    bucket: string;
    kmsKeyId: string;
    retentionDays?: number;
    minRemainingDays?: number;
}

const HOUR_MS = 60 * 60 * 1000;

function emptyVerdict(target: VerifyTarget): DatabaseVerdict {
    return {
        database: target.database,
        keyPrefix: target.keyPrefix,
        rpoHours: target.rpoHours,
        ok: false,
        key: null,
        versionId: null,
        sha256: null,
        storedAt: null,
        ageHours: null,
        retainUntil: null,
        requiredRetainUntil: null,
        lockRule: null,
        suspectKeys: [],
        incompleteKeys: [],
        problems: [],
    };
}

/**
 * One database: every dump's S3 history is checked (a second version, a delete marker over a locked
 * dump, a key dated in the future, a squatted manifest each fail the database, naming the key); then the
 * newest dump with a manifest, by S3's LastModified, is checked in depth: its manifest read by version
 * id and compared with the stored version, its bytes streamed and hashed (constant memory), its lock,
 * key and age.
 */
export async function verifyDatabase(
    s3: S3Client,
    settings: VerifySettings,
    target: VerifyTarget,
    at: Date,
): Promise<DatabaseVerdict> {
    const { database, keyPrefix } = target;
    const verdict = emptyVerdict(target);
    try {
        const entries = await catalogDatabase(s3, settings.bucket, keyPrefix, database);
        const newest = entries.find((e) => e.manifestVersions.length > 0 && e.state !== "expired");
        for (const entry of entries) {
            if (entry === newest || entry.state !== "suspect") continue;
            verdict.suspectKeys.push(entry.key);
            verdict.problems.push(...entry.suspicions);
        }
        const newer = newest ? entries.slice(0, entries.indexOf(newest)) : entries;
        verdict.incompleteKeys = newer.filter((e) => e.manifestVersions.length === 0).map((e) => e.key);
        if (!newest) {
            const where = `${settings.bucket}/${keyPrefix}/${database}/`;
            verdict.problems.push(
                entries.length === 0
                    ? `missing dump: nothing under ${where}; is the database's dump scheduled, and writing there?`
                    : `missing manifest: no dump under ${where} has a manifest (newest: ${entries[0].key}); ` +
                          "a dump without a manifest is a run that failed or was interrupted, not a backup",
            );
            return verdict;
        }
        verdict.key = newest.key;
        verdict.versionId = newest.original.versionId;
        verdict.storedAt = newest.storedAt.toISOString();
        // Hash only a dump whose history is clean: a suspect one fails anyway, and is not worth the read.
        const inspected = await inspectDump(s3, settings.bucket, newest, {
            database,
            hash: newest.suspicions.length === 0,
        });
        verdict.sha256 = inspected.streamedSha256 ?? null;
        if (inspected.state === "suspect") {
            verdict.suspectKeys.unshift(newest.key);
            verdict.problems.unshift(...inspected.suspicions);
        }
        const head = await headObject(s3, settings.bucket, newest.key, newest.original.versionId);
        // Age from S3's own timestamp, never from the key or the manifest, which the writer chose.
        const ageMs = at.getTime() - newest.storedAt.getTime();
        verdict.ageHours = Math.round((ageMs / HOUR_MS) * 100) / 100;
        verdict.retainUntil = head.ObjectLockRetainUntilDate?.toISOString() ?? null;
        if (ageMs > target.rpoHours * HOUR_MS) {
            verdict.problems.push(
                `stale backup: newest dump ${newest.key} is ${verdict.ageHours} h old, older than the RPO of ` +
                    `${target.rpoHours} h`,
            );
        }
        const rule = requiredLock({
            storedAt: newest.storedAt,
            now: at,
            retentionDays: settings.retentionDays,
            minRemainingDays: settings.minRemainingDays,
        });
        verdict.requiredRetainUntil = rule.until.toISOString();
        verdict.lockRule = rule.reason;
        verdict.problems.push(
            ...lockProblems(head, { kmsKeyId: settings.kmsKeyId, retainAtLeastUntil: rule.until }).map(
                (problem) => `${newest.key}: ${problem}`,
            ),
        );
    } catch (error) {
        verdict.problems.push((error as Error).message);
    }
    verdict.ok = verdict.problems.length === 0;
    return verdict;
}
