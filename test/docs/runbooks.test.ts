/**
 * The runbooks keep one shape (when to use, prerequisites, numbered steps with commands, how to verify,
 * what not to do), the index lists each, and the auditor's runbook has exactly one section per alarm and per
 * notification the BackupAuditor declares, named as in its code (checked once that component is in the tree:
 * it is built alongside these documents).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { Heading, MarkdownDoc, parseMarkdown, readRepoFile, REPO_ROOT } from "./helpers/markdown";

const DIR = "docs/runbooks";
const SECTIONS = ["When to use", "Prerequisites", "Steps", "Verify", "Do not"];
/** The runbooks issue 12 asks for. */
const REQUIRED = [
    "restore-database.md",
    "backup-failed.md",
    "auditor-alarmed.md",
    "break-glass-restore.md",
    "kms-key.md",
    "add-database.md",
    "add-source-account.md",
];

const runbooks = (): string[] =>
    fs
        .readdirSync(path.join(REPO_ROOT, DIR))
        .filter((f) => f.endsWith(".md") && f !== "README.md")
        .sort();
const read = (file: string): { text: string; doc: MarkdownDoc } => {
    const text = readRepoFile(`${DIR}/${file}`);
    return { text, doc: parseMarkdown(text) };
};

/** The lines from a heading to the next heading of its level or above. */
function sectionLines(
    doc: MarkdownDoc,
    heading: Heading,
    text: string,
): { from: number; to: number; body: string } {
    const next = doc.headings.find((h) => h.line > heading.line && h.level <= heading.level);
    const to = next === undefined ? Number.MAX_SAFE_INTEGER : next.line;
    const body = text
        .split("\n")
        .slice(heading.line, to - 1)
        .join("\n");
    return { from: heading.line, to, body };
}

/** The `###` headings under a `##` heading, as their inline-code text. */
function subsections(doc: MarkdownDoc, text: string, under: string): string[] {
    const parent = doc.headings.find((h) => h.level === 2 && h.text === under);
    expect(parent, `a "## ${under}" section`).to.not.equal(undefined);
    const { to } = sectionLines(doc, parent!, text);
    return doc.headings
        .filter((h) => h.level === 3 && h.line > parent!.line && h.line < to)
        .map((h) => h.text.replace(/^`|`$/g, ""));
}

/** A module of the BackupAuditor, when its component is in the tree. */
function auditorModule<T>(relative: string): T | undefined {
    const file = path.join(REPO_ROOT, "components/backup-auditor", relative);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return fs.existsSync(file) ? (require(file) as T) : undefined;
}

describe("runbooks (docs/runbooks/)", () => {
    it("has every runbook the operator experience needs, each listed in the index", () => {
        expect(runbooks()).to.include.members(REQUIRED);
        const index = parseMarkdown(readRepoFile(`${DIR}/README.md`)).links.map(
            (l) => l.target.split("#")[0],
        );
        for (const file of runbooks()) expect(index, `${DIR}/README.md links ${file}`).to.include(file);
    });

    for (const file of REQUIRED) {
        it(`${file}: when to use, prerequisites, numbered steps with commands, verify, do not`, () => {
            const { text, doc } = read(file);
            expect(doc.headings[0]?.text, "title").to.match(/^Runbook: /);
            const level2 = doc.headings.filter((h) => h.level === 2).map((h) => h.text);
            const order = SECTIONS.map((s) => level2.indexOf(s));
            expect(
                order,
                `sections ${SECTIONS.join(", ")} in this order (got ${level2.join(", ")})`,
            ).to.satisfy((o: number[]) => o.every((i, k) => i >= 0 && (k === 0 || i > o[k - 1])));
            const steps = doc.headings.find((h) => h.level === 2 && h.text === "Steps")!;
            const { from, to, body } = sectionLines(doc, steps, text);
            expect(body, "numbered steps").to.match(/^\s*1\. /m);
            expect(body, "at least a second step").to.match(/^\s*2\. /m);
            expect(
                doc.codeBlocks.some((b) => b.line > from && b.line < to),
                "a command block in the steps",
            ).to.equal(true);
            const doNot = sectionLines(
                doc,
                doc.headings.find((h) => h.text === "Do not")!,
                text,
            ).body;
            expect(doNot, "what not to do, as a list").to.match(/^- Do not /m);
        });
    }

    it("restore-database.md covers the dump path (--at, --key/--version-id) and the snapshot path's exact call", () => {
        const { text, doc } = read("restore-database.md");
        expect(doc.headings.map((h) => h.anchor)).to.include.members(["dump-path", "snapshot-path"]);
        const code = doc.codeBlocks.map((b) => b.text).join("\n");
        expect(code).to.match(/strongbox restore --dbname \S+ --at \S+ --target-db \S+/);
        expect(code).to.match(/strongbox restore [^\n]*\\\n\s*--key \S+ --version-id \S+/);
        for (const flag of ["--recovery-point-arn", "--iam-role-arn", "--resource-type", "--metadata"]) {
            expect(code).to.match(new RegExp(`aws backup start-restore-job[\\s\\S]*?${flag}`), flag);
        }
        expect(text).to.contain("get-recovery-point-restore-metadata");
    });

    it("auditor-alarmed.md has one section per alarm the BackupAuditor declares, named as in its code", function () {
        const specs = auditorModule<{ auditAlarms: (a: object) => Array<{ key: string }> }>(
            "alarms/specs.ts",
        );
        const expected = auditorModule<{ expectedDatabases: (a: object) => object[] }>("expected.ts");
        if (specs === undefined || expected === undefined) return this.skip();
        const database = "appdb";
        const alarms = specs.auditAlarms({
            expected: expected.expectedDatabases({
                writers: [{ keyPrefix: "layer3", databases: [database] }],
            }),
            verifyMissingAfterHours: 36,
            canaryMissingAfterHours: 36,
            drillMissingAfterDays: 7,
            receiptsMissingAfterDays: 2,
            bucketName: "bucket",
            receiptsFilterId: "receipts",
        });
        const keys = alarms.map((a) => a.key.replace(new RegExp(`-${database}$`), "-<database>"));
        const { text, doc } = read("auditor-alarmed.md");
        expect(subsections(doc, text, "Alarms")).to.have.members(keys);
        for (const h of doc.headings.filter((x) => x.level === 3)) {
            const { body } = sectionLines(doc, h, text);
            for (const part of ["**What it means.**", "**First.**", "**Fixed when.**"])
                expect(body, `${h.text}: ${part}`).to.contain(part);
        }
    });

    it("auditor-alarmed.md has one section per notification rule (tamper categories, audit job failures)", function () {
        const patterns = path.join(REPO_ROOT, "components/backup-auditor/tamper/patterns.ts");
        if (!fs.existsSync(patterns)) return this.skip();
        // The categories are a type; its string literals are the rules' name suffixes (`<prefix>-tamper-<category>`).
        const type = /export type TamperCategory =([^;]+);/.exec(fs.readFileSync(patterns, "utf8"));
        expect(type, "TamperCategory in tamper/patterns.ts").to.not.equal(null);
        const categories = [...type![1].matchAll(/"([\w-]+)"/g)].map((m) => `tamper-${m[1]}`);
        const { text, doc } = read("auditor-alarmed.md");
        expect(subsections(doc, text, "Notifications")).to.have.members([
            ...categories,
            "audit-job-failures",
        ]);
    });
});
