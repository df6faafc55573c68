/**
 * What the documents tell an operator to type must exist: every `strongbox <command> --flag` in README.md and
 * docs/ is a command and flag of the CLI, every `npm run <script>` a script of package.json, every relative
 * link a file and every anchor a heading; and the README's architecture diagram names every component and
 * both stacks.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { buildProgram } from "../../runner/cli";
import { documentationFiles, parseMarkdown, readRepoFile, REPO_ROOT } from "./helpers/markdown";

interface Invocation {
    readonly file: string;
    readonly line: number;
    readonly command: string;
    readonly flags: readonly string[];
}

/** `strongbox <command> …` in shell text: the command and the flags up to the next `|`, `&&` or `;`. */
export function strongboxInvocations(text: string, file: string, firstLine: number): Invocation[] {
    const found: Invocation[] = [];
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
        let logical = lines[i];
        const start = i;
        while (logical.endsWith("\\") && i + 1 < lines.length)
            logical = `${logical.slice(0, -1)} ${lines[++i]}`;
        const code = logical.replace(/#.*$/, "");
        for (const m of code.matchAll(/(?:^|[\s(])strongbox\s+([a-z][a-z-]*)([^|;&]*)/g)) {
            const flags = [...m[2].matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((f) => f[1]);
            found.push({ file, line: firstLine + start + 1, command: m[1], flags });
        }
    }
    return found;
}

function documentedInvocations(): Invocation[] {
    return documentationFiles().flatMap((file) => {
        const text = readRepoFile(file);
        const doc = parseMarkdown(text);
        const blocks = doc.codeBlocks
            .filter((b) => ["", "bash", "sh", "shell"].includes(b.lang))
            .flatMap((b) => strongboxInvocations(b.text, file, b.line));
        // Inline code outside the fences; a span may wrap onto the next line of its paragraph.
        const lines = text.split("\n");
        const fenced = new Set(
            doc.codeBlocks.flatMap((b) =>
                [...Array(b.text.split("\n").length + 2).keys()].map((k) => b.line + k),
            ),
        );
        const prose = lines.map((line, i) => (fenced.has(i + 1) ? "" : line)).join("\n");
        const inline = [...prose.matchAll(/`(strongbox [^`]+)`/g)].flatMap((m) =>
            strongboxInvocations(
                m[1].replace(/\n/g, " "),
                file,
                prose.slice(0, m.index).split("\n").length - 1,
            ),
        );
        return [...blocks, ...inline];
    });
}

function cliFlags(): Map<string, Set<string>> {
    const program = buildProgram(async () => undefined);
    return new Map(
        program.commands.map((c) => [
            c.name(),
            new Set(["--help", ...c.options.map((o) => o.long!).filter(Boolean)]),
        ]),
    );
}

describe("commands, links and the diagram in the documentation", () => {
    it("uses only commands and flags the strongbox CLI has", () => {
        const cli = cliFlags();
        const invocations = documentedInvocations();
        expect(invocations.length, "the documents show strongbox commands").to.be.greaterThan(20);
        const problems: string[] = [];
        for (const inv of invocations) {
            const flags = cli.get(inv.command);
            if (flags === undefined) {
                problems.push(
                    `${inv.file}:${inv.line}: \`strongbox ${inv.command}\` is not a command (${[...cli.keys()].join(", ")})`,
                );
                continue;
            }
            for (const flag of inv.flags) {
                if (!flags.has(flag))
                    problems.push(`${inv.file}:${inv.line}: \`strongbox ${inv.command}\` has no ${flag}`);
            }
        }
        expect(problems, `\n  ${problems.join("\n  ")}\n`).to.deep.equal([]);
    });

    it("uses only npm scripts package.json has", () => {
        const scripts = (JSON.parse(readRepoFile("package.json")) as { scripts: Record<string, string> })
            .scripts;
        const problems = documentationFiles().flatMap((file) =>
            readRepoFile(file)
                .split("\n")
                .flatMap((line, i) =>
                    [...line.matchAll(/npm run ([\w:-]+)/g)]
                        .map((m) => m[1])
                        .filter((s) => !(s in scripts))
                        .map((s) => `${file}:${i + 1}: npm run ${s} is not a script of package.json`),
                ),
        );
        expect(problems).to.deep.equal([]);
    });

    it("links only to files that exist and headings that exist", () => {
        const problems: string[] = [];
        for (const file of documentationFiles()) {
            for (const link of parseMarkdown(readRepoFile(file)).links) {
                if (/^[a-z]+:/i.test(link.target)) continue;
                const [target, anchor] = link.target.split("#");
                const resolved = target === "" ? file : path.normalize(path.join(path.dirname(file), target));
                if (!fs.existsSync(path.join(REPO_ROOT, resolved))) {
                    problems.push(`${file}:${link.line}: ${link.target}: no such file`);
                    continue;
                }
                if (anchor === undefined || !resolved.endsWith(".md")) continue;
                const anchors = parseMarkdown(readRepoFile(resolved)).headings.map((h) => h.anchor);
                if (!anchors.includes(anchor))
                    problems.push(
                        `${file}:${link.line}: ${link.target}: no heading #${anchor} in ${resolved}`,
                    );
            }
        }
        expect(problems, `\n  ${problems.join("\n  ")}\n`).to.deep.equal([]);
    });

    it("draws every component and both stacks in the README's Mermaid diagram", () => {
        const diagram = parseMarkdown(readRepoFile("README.md")).codeBlocks.find((b) => b.lang === "mermaid");
        expect(diagram, "a ```mermaid block in README.md").to.not.equal(undefined);
        const components = fs
            .readdirSync(path.join(REPO_ROOT, "components"))
            .map((dir) => path.join(REPO_ROOT, "components", dir, "index.ts"))
            .filter((f) => fs.existsSync(f))
            .flatMap((f) =>
                [
                    ...fs
                        .readFileSync(f, "utf8")
                        .matchAll(/export class (\w+) extends pulumi\.ComponentResource/g),
                ].map((m) => m[1]),
            );
        expect(components).to.include.members([
            "ImmutableBackupBucket",
            "CrossAccountVault",
            "PgDumpRunner",
            "SnapshotCopyPlan",
        ]);
        for (const name of [...components, "prod-backup", "prod-source"])
            expect(diagram!.text, name).to.contain(name);
    });
});
