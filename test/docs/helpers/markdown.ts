/**
 * Just enough of Markdown to check documents against the code: headings (with GitHub's anchors), pipe
 * tables, fenced code blocks and links, each with the line it starts on. Everything inside a fenced
 * block is code, never a heading, table or link.
 */
import * as fs from "fs";
import * as path from "path";

/** The repository's root, where README.md is. */
export const REPO_ROOT = path.resolve(__dirname, "../../..");

export function readRepoFile(relativePath: string): string {
    return fs.readFileSync(path.join(REPO_ROOT, relativePath), "utf8");
}

/** Every Markdown file of the documentation: README.md and docs/ (recursively), as repository paths. */
export function documentationFiles(): string[] {
    const found: string[] = ["README.md"];
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
            const rel = `${dir}/${entry.name}`;
            if (entry.isDirectory()) walk(rel);
            else if (entry.name.endsWith(".md")) found.push(rel);
        }
    };
    walk("docs");
    return found.sort();
}

export interface Heading {
    readonly level: number;
    readonly text: string;
    /** The anchor GitHub gives it, with `-1`, `-2`... for repeats. */
    readonly anchor: string;
    readonly line: number;
}

export interface CodeBlock {
    readonly lang: string;
    readonly text: string;
    readonly line: number;
}

export interface Table {
    /** The headings the table sits under, outermost first. */
    readonly headings: readonly Heading[];
    readonly header: readonly string[];
    readonly rows: ReadonlyArray<{ readonly cells: readonly string[]; readonly line: number }>;
    readonly line: number;
}

export interface Link {
    readonly target: string;
    readonly line: number;
}

export interface MarkdownDoc {
    readonly headings: readonly Heading[];
    readonly tables: readonly Table[];
    readonly codeBlocks: readonly CodeBlock[];
    readonly links: readonly Link[];
}

/**
 * GitHub's heading anchors: lower case, everything but letters, digits, spaces, `-` and `_` dropped, spaces
 * made `-` (so inline code keeps its text and loses its backticks).
 */
export function githubSlug(text: string): string {
    return text
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
}

/** Splits a table row on its unescaped pipes; `\|` stays a pipe inside a cell. */
function tableCells(line: string): string[] {
    const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
    return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

const FENCE = /^\s*(```+|~~~+)\s*([\w-]*)/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

export function parseMarkdown(text: string): MarkdownDoc {
    const lines = text.split("\n");
    const headings: Heading[] = [];
    const tables: Table[] = [];
    const codeBlocks: CodeBlock[] = [];
    const links: Link[] = [];
    const seen = new Map<string, number>();
    const open: Heading[] = [];
    let fence: { marker: string; lang: string; line: number; body: string[] } | undefined;

    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        const fenceMatch = FENCE.exec(line);
        if (fence !== undefined) {
            if (fenceMatch !== null && fenceMatch[1].startsWith(fence.marker) && fenceMatch[2] === "") {
                codeBlocks.push({ lang: fence.lang, text: fence.body.join("\n"), line: fence.line });
                fence = undefined;
            } else {
                fence.body.push(line);
            }
            continue;
        }
        if (fenceMatch !== null) {
            fence = { marker: fenceMatch[1], lang: fenceMatch[2], line: i + 1, body: [] };
            continue;
        }
        const heading = HEADING.exec(line);
        if (heading !== null) {
            const base = githubSlug(heading[2]);
            const repeats = seen.get(base) ?? 0;
            seen.set(base, repeats + 1);
            const h = {
                level: heading[1].length,
                text: heading[2],
                anchor: repeats === 0 ? base : `${base}-${repeats}`,
                line: i + 1,
            };
            headings.push(h);
            while (open.length > 0 && open[open.length - 1].level >= h.level) open.pop();
            open.push(h);
            continue;
        }
        if (line.trim().startsWith("|") && i + 1 < lines.length && SEPARATOR.test(lines[i + 1])) {
            const rows: Array<{ cells: string[]; line: number }> = [];
            let j = i + 2;
            for (; j < lines.length && lines[j].trim().startsWith("|"); j++) {
                rows.push({ cells: tableCells(lines[j]), line: j + 1 });
            }
            tables.push({ headings: [...open], header: tableCells(line), rows, line: i + 1 });
            for (let k = i; k < j; k++) links.push(...linksIn(lines[k], k + 1));
            i = j - 1;
            continue;
        }
        links.push(...linksIn(line, i + 1));
    }
    return { headings, tables, codeBlocks, links };
}

/** `[text](target)` links of one line, outside inline code. */
function linksIn(line: string, lineNumber: number): Link[] {
    const withoutCode = line.replace(/`[^`]*`/g, "");
    return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => ({ target: m[1], line: lineNumber }));
}

/** The inline-code spans of a text, in order. */
export function inlineCode(text: string): string[] {
    return [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}
