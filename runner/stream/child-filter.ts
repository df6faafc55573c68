/**
 * A child process as a stream stage: bytes written to the Duplex go to the child's stdin, the child's
 * stdout comes out of it, in order, with back-pressure both ways and a clear error when it fails.
 *
 * - Memory is bounded by the pipes: a write is acknowledged only once the child's stdin pipe takes
 *   it (so a slow child holds `pg_dump` back through `stream.pipeline`), and the child's stdout is
 *   paused while this stream's readable buffer is over its high-water mark (so a slow consumer, such
 *   as an upload, holds the child back, and the child in turn stops reading).
 * - The readable side ends only after the child exited 0 and its stdout ended; any other exit
 *   destroys the stream with an error that names the child and quotes the end of its stderr. A child
 *   that cannot be started (ENOENT, EACCES) is an error saying how to fix it.
 * - Destroying the stream (an abort, or `pipeline` failing elsewhere) kills the child, and the stream
 *   emits `close` only once the child has gone: no process outlives the pipeline that owned it.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { Duplex } from "node:stream";

export interface ChildFilterOptions {
    /** What messages call the child, e.g. `zstd`. */
    readonly name: string;
    /** The executable: a path, or a name looked up on PATH. */
    readonly file: string;
    readonly args: readonly string[];
    /** The child's environment. Default: this process's. */
    readonly env?: NodeJS.ProcessEnv;
    /** What a failed start adds to its message: the fix (install it, or which setting names it). */
    readonly missingHint?: string;
}

/** Bytes of the child's stderr kept for the error message (its last words matter, not its life story). */
const STDERR_TAIL_BYTES = 8 * 1024;

interface Exit {
    code: number | null;
    signal: NodeJS.Signals | null;
}

export class ChildFilter extends Duplex {
    readonly child: ChildProcessWithoutNullStreams;
    private readonly opts: ChildFilterOptions;
    private stderrTail = "";
    private exit: Exit | undefined;
    /** A write callback waiting for the child's stdin to drain. */
    private heldWrite: ((error?: Error | null) => void) | undefined;
    private startError: Error | undefined;
    /** Input the child never took: a child that then exits 0 has still lost data, which is an error. */
    private inputLost = false;

    constructor(opts: ChildFilterOptions) {
        super();
        this.opts = opts;
        this.child = spawn(opts.file, [...opts.args], {
            env: opts.env ?? process.env,
            stdio: ["pipe", "pipe", "pipe"],
        });
        const { child } = this;
        child.once("error", (error: NodeJS.ErrnoException) => this.onStartError(error));
        child.stderr.setEncoding("utf8").on("data", (text: string) => {
            this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_BYTES);
        });
        child.stdout.on("data", (chunk: Buffer) => {
            if (this.destroyed) return;
            if (!this.push(chunk)) child.stdout.pause();
        });
        // EPIPE when the child stops reading (it failed, or it is done): its exit says why, below.
        child.stdin.on("error", () => {
            this.inputLost = true;
            this.releaseWrite();
        });
        child.stdin.on("drain", () => this.releaseWrite());
        // `close` comes after the child exited and its stdio streams ended, so stderr is complete.
        child.once("close", (code, signal) => this.onClose({ code, signal }));
    }

    override _write(
        chunk: Buffer,
        _encoding: BufferEncoding,
        callback: (error?: Error | null) => void,
    ): void {
        const stdin = this.child.stdin;
        if (stdin.destroyed || this.exit !== undefined) {
            // The child is gone or going; its exit status (or the start error) decides the outcome.
            this.inputLost = true;
            callback(this.exit?.code === 0 ? this.exitedEarly() : undefined);
            return;
        }
        if (stdin.write(chunk)) callback();
        else this.heldWrite = callback;
    }

    override _final(callback: (error?: Error | null) => void): void {
        this.child.stdin.end();
        callback();
    }

    override _read(): void {
        this.child.stdout.resume();
    }

    override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
        this.releaseWrite();
        const { child } = this;
        if (this.exit !== undefined || child.pid === undefined) {
            callback(error);
            return;
        }
        child.once("close", () => callback(error));
        child.kill("SIGTERM");
    }

    /** The child's pid, for tests that check it is gone. */
    get pid(): number | undefined {
        return this.child.pid;
    }

    private exitedEarly(): Error {
        return new Error(`${this.opts.name} exited before reading all its input`);
    }

    private releaseWrite(): void {
        const callback = this.heldWrite;
        this.heldWrite = undefined;
        callback?.();
    }

    private onStartError(error: NodeJS.ErrnoException): void {
        const how =
            error.code === "ENOENT"
                ? `\`${this.opts.file}\` was not found`
                : `\`${this.opts.file}\` could not be started (${error.code ?? error.message})`;
        const hint = this.opts.missingHint ? `: ${this.opts.missingHint}` : "";
        this.startError = new Error(`${this.opts.name}: ${how}${hint}`);
        this.destroy(this.startError);
    }

    private onClose(exit: Exit): void {
        this.exit = exit;
        this.releaseWrite();
        if (this.destroyed) return;
        if (this.startError) return;
        if (exit.code === 0) {
            if (this.inputLost) this.destroy(this.exitedEarly());
            else this.push(null);
            return;
        }
        const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
        this.destroy(new Error(`${this.opts.name} ${how}: ${this.stderrTail.trim() || "(no stderr)"}`));
    }
}
