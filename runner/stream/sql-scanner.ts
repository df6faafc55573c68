/**
 * Just enough of PostgreSQL's lexical rules to know, at the start of each line of a plain dump, whether
 * that line starts a new top-level statement: quotes ('...', E'...', "..."), dollar quotes ($$...$$,
 * $tag$...$tag$), comments (-- and nested block comments) and statement ends (;). The ownership filter drops whole
 * statements only there, so text inside a function body or a string literal that looks like
 * `ALTER ... OWNER TO ...;` is never touched. COPY data is not SQL and is tracked by the filter itself.
 */
export interface ScanState {
    /** Inside a literal or comment: `'`, `E'`, `"`, a dollar tag such as `$$` or `$body$`, or `/*`. */
    open: string | null;
    /** Nesting depth while `open` is `/*`. */
    commentDepth: number;
    /** In a `--` comment (ends at the end of the line). */
    lineComment: boolean;
    /** At top level with nothing but whitespace and comments since the last `;` (or the start). */
    statementStart: boolean;
    /** The previous character seen, to tell `E'` and `$tag$` from identifiers. */
    previous: string;
}

export const initialScanState = (): ScanState => ({
    open: null,
    commentDepth: 0,
    lineComment: false,
    statementStart: true,
    previous: "\n",
});

const IDENTIFIER_CHAR = /[A-Za-z0-9_$\x80-\xff]/;
const DOLLAR_TAG = /^\$(?:[A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*)?\$/;

/** True at top level at the start of a statement: where the filter may drop a line. */
export const atStatementStart = (state: ScanState) =>
    state.open === null && !state.lineComment && state.statementStart;

/** Advances `state` over `text` (any piece of the dump, newlines included). Mutates and returns it. */
export function scan(state: ScanState, text: string): ScanState {
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (c === "\n") state.lineComment = false;
        if (state.lineComment) {
            i++;
            continue;
        }
        if (state.open === "'" || state.open === "E'") {
            if (c === "\\" && state.open === "E'") i++;
            else if (c === "'") {
                if (text[i + 1] === "'") i++;
                else state.open = null;
            }
        } else if (state.open === '"') {
            if (c === '"') {
                if (text[i + 1] === '"') i++;
                else state.open = null;
            }
        } else if (state.open === "/*") {
            if (c === "/" && text[i + 1] === "*") {
                state.commentDepth++;
                i++;
            } else if (c === "*" && text[i + 1] === "/") {
                i++;
                if (--state.commentDepth === 0) state.open = null;
            }
        } else if (state.open !== null) {
            if (c === "$" && text.startsWith(state.open, i)) {
                i += state.open.length - 1;
                state.open = null;
            }
        } else {
            i = topLevel(state, text, i);
        }
        state.previous = text[i] ?? state.previous;
        i++;
    }
    return state;
}

/** One character at top level; returns the index of the last character it consumed. */
function topLevel(state: ScanState, text: string, i: number): number {
    const c = text[i];
    const next = text[i + 1];
    if (c === "-" && next === "-") {
        state.lineComment = true;
        return i + 1;
    }
    if (c === "/" && next === "*") {
        state.open = "/*";
        state.commentDepth = 1;
        return i + 1;
    }
    if (/\s/.test(c)) return i;
    if (c === ";") {
        state.statementStart = true;
        return i;
    }
    state.statementStart = false;
    if (c === "'")
        state.open = /[Ee]/.test(state.previous) && !IDENTIFIER_CHAR.test(text[i - 2] ?? "") ? "E'" : "'";
    else if (c === '"') state.open = '"';
    else if (c === "$" && !IDENTIFIER_CHAR.test(state.previous)) {
        const tag = DOLLAR_TAG.exec(text.slice(i, i + 64))?.[0];
        if (tag) {
            state.open = tag;
            return i + tag.length - 1;
        }
    }
    return i;
}
