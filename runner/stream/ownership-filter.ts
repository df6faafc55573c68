import { Transform, type TransformCallback } from "node:stream";
import { atStatementStart, initialScanState, scan, type ScanState } from "./sql-scanner";

/** What `restore --no-owner` / `--no-privileges` leave out of a plain dump on its way to psql. */
export interface OwnershipSkips {
    /** `ALTER <object> ... OWNER TO <role>;`: the restoring user owns everything instead (pg_restore --no-owner). */
    readonly owner: boolean;
    /** `GRANT`, `REVOKE` and `ALTER DEFAULT PRIVILEGES` (pg_restore --no-privileges). */
    readonly privileges: boolean;
}

/** The statements pg_dump writes on one line of their own; only whole top-level statements ever match. */
const OWNER_STATEMENT = /^ALTER [A-Z ]+ .+ OWNER TO .+;$/;
const PRIVILEGE_STATEMENT = /^(?:GRANT|REVOKE|ALTER DEFAULT PRIVILEGES) .+;$/;
const COPY_FROM_STDIN = /^COPY .+ FROM stdin;$/;
const END_OF_COPY = "\\.";

/** Lines longer than this are never dropped (no ownership statement is), so they stream without being held. */
const MAX_HELD_LINE = 1024 * 1024;

export interface FilterCounts {
    ownerStatements: number;
    privilegeStatements: number;
}

/**
 * Drops ownership and privilege statements from a plain pg_dump stream, for a target server that lacks
 * the dumped roles: pg_dump names them in `OWNER TO` and `GRANT` without creating them, and psql stops at
 * the first such statement. Only lines that begin a top-level statement (sql-scanner.ts) and are that
 * whole statement are dropped; COPY data, string literals and function bodies pass byte for byte. Works on
 * bytes read as latin1, so a dump in any server encoding passes unchanged. Row data is never filtered,
 * so the row counts still compare with the manifest's.
 */
export class OwnershipFilter extends Transform {
    readonly counts: FilterCounts = { ownerStatements: 0, privilegeStatements: 0 };
    private readonly state: ScanState = initialScanState();
    private inCopy = false;
    /** The start of the current line, held until it is complete or too long to be a statement we drop. */
    private held = "";
    /** The current line was too long to hold and is streaming through. */
    private streaming = false;

    constructor(private readonly skips: OwnershipSkips) {
        super();
    }

    override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
        const text = chunk.toString("latin1");
        let from = 0;
        for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", from)) {
            this.endLine(text.slice(from, newline));
            from = newline + 1;
        }
        this.partial(text.slice(from));
        callback();
    }

    override _flush(callback: TransformCallback): void {
        if (this.held !== "" || this.streaming) this.endLine("", false);
        callback();
    }

    private output(text: string): void {
        if (text.length > 0) this.push(Buffer.from(text, "latin1"));
    }

    /** Text of the current line that is not yet its end. */
    private partial(text: string): void {
        if (text === "") return;
        if (this.streaming) return this.pass(text);
        this.held += text;
        if (this.held.length <= MAX_HELD_LINE) return;
        this.streaming = true;
        const held = this.held;
        this.held = "";
        this.pass(held);
    }

    private pass(text: string): void {
        if (!this.inCopy) scan(this.state, text);
        this.output(text);
    }

    /** The rest of the current line (without its newline), then the newline unless the stream ended. */
    private endLine(rest: string, newline = true): void {
        const end = newline ? "\n" : "";
        if (this.streaming) {
            this.streaming = false;
            return this.pass(rest + end);
        }
        const line = this.held + rest;
        this.held = "";
        if (this.inCopy) {
            if (line === END_OF_COPY) this.inCopy = false;
            return this.output(line + end);
        }
        const startsStatement = atStatementStart(this.state);
        if (startsStatement && this.dropped(line)) return;
        scan(this.state, line + end);
        this.output(line + end);
        if (startsStatement && COPY_FROM_STDIN.test(line) && atStatementStart(this.state)) this.inCopy = true;
    }

    /** Drops `line` when it is one whole statement of a kind being skipped. */
    private dropped(line: string): boolean {
        const owner = this.skips.owner && OWNER_STATEMENT.test(line);
        const privilege = this.skips.privileges && PRIVILEGE_STATEMENT.test(line);
        if (!owner && !privilege) return false;
        const after = scan({ ...this.state }, `${line}\n`);
        if (!atStatementStart(after)) return false;
        Object.assign(this.state, after);
        if (owner) this.counts.ownerStatements++;
        else this.counts.privilegeStatements++;
        return true;
    }
}
