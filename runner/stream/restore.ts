import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type DbConnection, startPsql } from "../postgres";
import { createDumpDecompressor } from "./compression";
import { type DumpFormat, FormatGate } from "./format";
import { type FilterCounts, OwnershipFilter, type OwnershipSkips } from "./ownership-filter";
import { Sha256Counter } from "./sha256";

export interface RestoreResult {
    sha256: string;
    compressedBytes: number;
    seconds: number;
    /** The statements `tools.skips` left out; undefined when nothing was to be skipped. */
    skipped?: FilterCounts;
}

/** What the manifest says the stored object is; the restore commits only if the streamed bytes agree. */
export interface ExpectedObject {
    sha256: string;
    compressedBytes?: number;
}

/** The executables a restore runs. */
export interface RestoreTools {
    readonly psqlPath: string;
    /** The `zstd` executable, for zstd dumps. Default `zstd` on PATH. */
    readonly zstdPath?: string;
    /** Ownership and privilege statements to leave out (restore --no-owner / --no-privileges). Default none. */
    readonly skips?: OwnershipSkips;
}

/**
 * S3 object version -> format check -> gunzip or zstd -d (as `format`, from the manifest, says) ->
 * `psql --single-transaction` into `database`, stopping at the first SQL error, while hashing the
 * compressed bytes. An object whose first bytes are not `format`'s is refused before psql gets a byte. psql commits when its stdin reaches EOF, so stdin stays open
 * until the whole object has been read and matched `expected`; on a mismatch or a stream error psql is
 * killed before it sees EOF. That transaction is not what keeps a restore atomic, though: a runner that
 * dies closes psql's stdin (an EOF, so a COMMIT of what arrived), and pg_dump's plain output commits large
 * objects in its own BEGIN/COMMIT. So callers always restore into a temporary database and rename it
 * only after this returned (see postgres/temporary-database.ts). Nothing touches disk and memory stays
 * bounded (backpressure all the way). Without `expected` (an operator's `--key` with no manifest) the
 * restore commits unchecked.
 */
export async function restoreObject(
    s3: S3Client,
    source: { bucket: string; key: string; versionId?: string | null },
    connection: DbConnection,
    database: string,
    tools: RestoreTools,
    format: DumpFormat,
    expected?: ExpectedObject,
): Promise<RestoreResult> {
    const started = Date.now();
    const name = `${source.bucket}/${source.key}${source.versionId ? ` (version ${source.versionId})` : ""}`;
    const response = await s3.send(
        new GetObjectCommand({
            Bucket: source.bucket,
            Key: source.key,
            VersionId: source.versionId ?? undefined,
        }),
    );
    if (!(response.Body instanceof Readable)) throw new Error(`S3 returned no body for ${name}`);
    // Hashes the compressed bytes, which are what the manifest's sha256 and size describe.
    const hasher = new Sha256Counter();
    const psql = startPsql(tools.psqlPath, connection, database);
    const stdin = psql.child.stdin;
    const psqlOutcome = psql.finished.then(
        () => undefined,
        (error: unknown) => error as Error,
    );
    // pipeline() destroys every stream it owns on an error, and destroying psql's stdin is an EOF, i.e. a
    // COMMIT of whatever arrived so far. So the pipeline ends in this gate, which forwards to stdin with
    // backpressure but never ends or destroys it: only the code below decides between EOF and a kill.
    const gate = new Writable({
        write(chunk: Buffer, _encoding, callback) {
            if (stdin.destroyed || !stdin.writable) return callback(new Error("psql stopped reading"));
            if (stdin.write(chunk)) return callback();
            const settle = (error?: Error) => {
                stdin.off("drain", onDrain);
                stdin.off("close", onClose);
                callback(error);
            };
            const onDrain = () => settle();
            const onClose = () => settle(new Error("psql stopped reading"));
            stdin.once("drain", onDrain);
            stdin.once("close", onClose);
        },
    });

    // Between the decompressor and psql: it sees SQL, and the sha256 is still of the stored bytes.
    const filter =
        tools.skips?.owner || tools.skips?.privileges ? new OwnershipFilter(tools.skips) : undefined;
    let streamError: Error | undefined;
    try {
        await pipeline(
            response.Body,
            hasher,
            new FormatGate(name, format),
            createDumpDecompressor(format.compression, tools.zstdPath),
            ...(filter ? [filter] : []),
            gate,
        );
    } catch (error) {
        streamError = error as Error;
    }
    const sha256 = hasher.digest();
    const compressedBytes = hasher.bytes;
    const mismatch =
        streamError === undefined && expected !== undefined
            ? mismatchOf(expected, sha256, compressedBytes)
            : undefined;
    if (streamError !== undefined || mismatch !== undefined) {
        psql.kill();
        const psqlError = await psqlOutcome;
        // A psql that stopped by itself (an SQL error) has an exit code; one our SIGTERM ended has a signal.
        const exitedOnItsOwn = psql.child.signalCode === null;
        if (mismatch !== undefined) {
            // psql may also have failed by now (the wrong bytes can be bad SQL); the mismatch is the cause.
            const alsoPsql =
                exitedOnItsOwn && psqlError ? ` (psql had also failed: ${psqlError.message})` : "";
            throw new Error(`${name} does not match its manifest: ${mismatch}${alsoPsql}`);
        }
        // When psql stops at an SQL error the pipe breaks too; psql's own message is the one that helps.
        const failure = exitedOnItsOwn && psqlError ? psqlError : streamError!;
        throw new Error(`restoring ${name} failed: ${failure.message}`);
    }
    // Everything arrived and matched: EOF lets psql COMMIT.
    stdin.end();
    const psqlError = await psqlOutcome;
    if (psqlError) throw new Error(`restoring ${name} failed: ${psqlError.message}`);
    return { sha256, compressedBytes, seconds: (Date.now() - started) / 1000, skipped: filter?.counts };
}

function mismatchOf(expected: ExpectedObject, sha256: string, compressedBytes: number): string | undefined {
    const problems: string[] = [];
    if (sha256 !== expected.sha256) problems.push(`expected sha256 ${expected.sha256}, got ${sha256}`);
    if (expected.compressedBytes !== undefined && compressedBytes !== expected.compressedBytes)
        problems.push(`expected ${expected.compressedBytes} bytes, got ${compressedBytes}`);
    return problems.length > 0 ? problems.join("; ") : undefined;
}
