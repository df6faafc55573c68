import type { Client } from "pg";
import { quoteIdent } from "./identifiers";

/**
 * A restore never writes into the database it is named for. It restores into a new database under a
 * temporary name, and only once the stream matched the manifest and the row counts agree does that
 * database get the target's name. A stream cannot break this: psql commits whatever reached it when the
 * runner dies (end of input under --single-transaction), and pg_dump's plain output commits large
 * objects in transactions of its own, but either way it lands in the temporary database, never in the
 * target. The temporary database carries a marker in its comment so that the next run for the same
 * target can recognise and remove a leftover without touching anything else.
 */

export type TemporaryPurpose = "restore" | "drill";

export interface TemporaryMarker {
    purpose: TemporaryPurpose;
    /** restore: the database the result will be named; drill: the database whose dump is drilled. */
    target: string;
    key: string;
    versionId: string;
    startedAt: string;
    /** Set just before the rename: the data was complete and checked. */
    verified?: boolean;
}

/** Every temporary database's name starts with this, and its comment with MARKER_PREFIX. */
export const TEMPORARY_NAME_PREFIX = "strongbox_";
const MARKER_PREFIX = "strongbox-temporary ";

/** Unique per run, says what it is, and fits PostgreSQL's 63-byte identifiers. */
export function temporaryDatabaseName(purpose: TemporaryPurpose, target: string, at: Date): string {
    const stamp = at
        .toISOString()
        .replace(/[-:TZ.]/g, "")
        .slice(0, 14);
    const safe = target
        .toLowerCase()
        .replace(/[^a-z0-9_]/g, "_")
        .slice(0, 24);
    const unique = Math.random().toString(36).slice(2, 6).padEnd(4, "0");
    return `${TEMPORARY_NAME_PREFIX}${purpose}_${safe}_${stamp}_${unique}`;
}

export function markerComment(marker: TemporaryMarker): string {
    return `${MARKER_PREFIX}${JSON.stringify(marker)}`;
}

export function parseMarker(comment: string | null | undefined): TemporaryMarker | undefined {
    if (!comment?.startsWith(MARKER_PREFIX)) return undefined;
    try {
        const marker = JSON.parse(comment.slice(MARKER_PREFIX.length)) as Partial<TemporaryMarker>;
        if ((marker.purpose !== "restore" && marker.purpose !== "drill") || typeof marker.target !== "string")
            return undefined;
        return marker as TemporaryMarker;
    } catch {
        return undefined;
    }
}

async function setMarker(admin: Client, name: string, marker: TemporaryMarker): Promise<void> {
    await admin.query(
        `COMMENT ON DATABASE ${quoteIdent(name)} IS ${admin.escapeLiteral(markerComment(marker))}`,
    );
}

export async function createTemporaryDatabase(
    admin: Client,
    name: string,
    marker: TemporaryMarker,
): Promise<void> {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    await setMarker(admin, name, marker);
}

export async function markVerified(admin: Client, name: string, marker: TemporaryMarker): Promise<void> {
    await setMarker(admin, name, { ...marker, verified: true });
}

/** Databases left by interrupted runs for this purpose and target: both the name and the marker must say so. */
export async function temporaryLeftovers(
    admin: Client,
    purpose: TemporaryPurpose,
    target: string,
): Promise<Array<{ name: string; marker: TemporaryMarker }>> {
    const result = await admin.query<{ name: string; comment: string | null }>(
        `SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment FROM pg_database
         WHERE starts_with(datname, $1) ORDER BY datname`,
        [TEMPORARY_NAME_PREFIX],
    );
    return result.rows.flatMap(({ name, comment }) => {
        const marker = parseMarker(comment);
        return marker && marker.purpose === purpose && marker.target === target ? [{ name, marker }] : [];
    });
}

/**
 * One run per purpose and target at a time, so a run never removes the temporary database of another that
 * is still restoring. A session-level advisory lock: the server releases it when the holder's connection
 * ends, however the runner ended. Advisory locks are per database, so every run takes it in the
 * maintenance database.
 */
export async function lockTarget(admin: Client, purpose: TemporaryPurpose, target: string): Promise<void> {
    const result = await admin.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_lock(hashtext('strongbox'), hashtext($1)) AS locked",
        [`${purpose}:${target}`],
    );
    if (!result.rows[0].locked) {
        throw new Error(
            `another strongbox ${purpose} for ${target} is running on this server; wait for it to finish`,
        );
    }
}

/**
 * Gives the temporary database the target's name and drops its marker in one transaction (PostgreSQL
 * allows both in a transaction block), so no state exists where the target carries a leftover's marker.
 */
export async function promoteTemporary(admin: Client, name: string, target: string): Promise<void> {
    await admin.query("BEGIN");
    try {
        await admin.query(`ALTER DATABASE ${quoteIdent(name)} RENAME TO ${quoteIdent(target)}`);
        await admin.query(`COMMENT ON DATABASE ${quoteIdent(target)} IS NULL`);
        await admin.query("COMMIT");
    } catch (error) {
        await admin.query("ROLLBACK").catch(() => undefined);
        throw error;
    }
}
