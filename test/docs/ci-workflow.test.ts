/**
 * The GitHub Actions workflow the repository's users deploy with cannot run here, so its shape is checked:
 * it parses; pull requests preview both stacks with the policy pack and pushes to main deploy both, the
 * backup stack first, each only after `npm ci` and `npm test` passed; every AWS credential comes from OIDC
 * (a role to assume, no access keys, `id-token: write` only where a role is assumed), one role per account
 * in that stack's region; and the README names every variable and secret it reads.
 */
import { expect } from "chai";
import { parse } from "yaml";
import { parseMarkdown, readRepoFile } from "./helpers/markdown";

const WORKFLOW = ".github/workflows/strongbox.yml";
const STACKS = ["prod-backup", "prod-source"] as const;

interface Step {
    readonly uses?: string;
    readonly run?: string;
    readonly with?: Record<string, unknown>;
}
interface Job {
    readonly if?: string;
    readonly needs?: string | string[];
    readonly environment?: string | { name: string };
    readonly permissions?: Record<string, string>;
    readonly concurrency?: { group: string; "cancel-in-progress": boolean };
    readonly env?: Record<string, string>;
    readonly steps: Step[];
}
interface Workflow {
    readonly on: Record<string, unknown>;
    readonly permissions?: Record<string, string>;
    readonly jobs: Record<string, Job>;
}

const workflow = (): Workflow => parse(readRepoFile(WORKFLOW)) as Workflow;
const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : [job.needs].flat());

/** Every job `name` waits for, directly or through others. */
function upstream(jobs: Record<string, Job>, name: string): Set<string> {
    const found = new Set<string>();
    const visit = (n: string): void => {
        for (const need of needsOf(jobs[n])) {
            if (!found.has(need)) {
                found.add(need);
                visit(need);
            }
        }
    };
    visit(name);
    return found;
}

/** Each `pulumi <command>` step: its job, stack, step index and command line. */
function pulumiSteps(w: Workflow, command: "preview" | "up") {
    return Object.entries(w.jobs).flatMap(([job, j]) =>
        j.steps.flatMap((step, index) => {
            const line = step.run?.split("\n").find((l) => new RegExp(`^\\s*pulumi ${command}\\b`).test(l));
            if (line === undefined) return [];
            const stack = STACKS.find((s) => new RegExp(`--stack\\s+\\S*\\b${s}\\b`).test(line));
            return [{ job, stack, index, line }];
        }),
    );
}

/** The credentials step in force at `index` of a job: the last configure-aws-credentials before it. */
function credentialsBefore(j: Job, index: number): Step | undefined {
    return j.steps
        .slice(0, index)
        .reverse()
        .find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
}

const stackRegion = (stack: string): string =>
    (parse(readRepoFile(`Pulumi.${stack}.yaml`)) as { config: Record<string, string> }).config["aws:region"];

describe(`the CI workflow for users (${WORKFLOW})`, () => {
    it("runs on pull requests and on pushes to main", () => {
        const w = workflow();
        expect(w.on).to.have.property("pull_request");
        expect((w.on.push as { branches: string[] }).branches).to.deep.equal(["main"]);
    });

    it("runs npm ci, then npm test, in a job every preview and deploy waits for", () => {
        const w = workflow();
        const testJobs = Object.entries(w.jobs).filter(([, j]) =>
            j.steps.some((s) => s.run?.trim() === "npm test"),
        );
        expect(testJobs, "a job whose step runs exactly `npm test`").to.have.length(1);
        const [testJob, j] = testJobs[0];
        const at = (cmd: string) => j.steps.findIndex((s) => s.run?.trim() === cmd);
        expect(at("npm ci")).to.be.within(0, at("npm test") - 1);
        for (const { job } of [...pulumiSteps(w, "preview"), ...pulumiSteps(w, "up")]) {
            expect([...upstream(w.jobs, job)], `${job} must wait for ${testJob}`).to.include(testJob);
        }
    });

    it("previews both stacks with the policy pack on pull requests, prod-backup first", () => {
        const w = workflow();
        const previews = pulumiSteps(w, "preview");
        expect(previews.map((p) => p.stack)).to.have.members([...STACKS]);
        for (const p of previews) {
            expect(p.line, p.job).to.match(/--policy-pack \.\/policy-pack\b/);
            expect(w.jobs[p.job].if, p.job).to.equal("github.event_name == 'pull_request'");
        }
        const backup = previews.find((p) => p.stack === "prod-backup")!;
        const source = previews.find((p) => p.stack === "prod-source")!;
        expect([...upstream(w.jobs, source.job)], "prod-source's preview waits for prod-backup's").to.include(
            backup.job,
        );
    });

    it("deploys both stacks on a push to main, prod-source only after prod-backup succeeded, one at a time", () => {
        const w = workflow();
        const ups = pulumiSteps(w, "up");
        expect(ups.map((u) => u.stack)).to.have.members([...STACKS]);
        for (const u of ups) {
            const j = w.jobs[u.job];
            expect(u.line, u.job).to.match(/--policy-pack \.\/policy-pack\b/);
            expect(u.line, u.job).to.match(/--yes\b/);
            expect(j.if, u.job).to.equal("github.event_name == 'push' && github.ref == 'refs/heads/main'");
            // The deploy role trusts the environment's OIDC subject (README), so each deploy job names its stack's.
            expect(j.environment, u.job).to.equal(u.stack);
            expect(
                j.concurrency?.["cancel-in-progress"],
                `${u.job} must never be cancelled half-way`,
            ).to.equal(false);
        }
        const backup = ups.find((u) => u.stack === "prod-backup")!;
        const source = ups.find((u) => u.stack === "prod-source")!;
        expect([...upstream(w.jobs, source.job)]).to.include(backup.job);
    });

    it("takes AWS credentials only from OIDC, one role per account, in each stack's region", () => {
        const w = workflow();
        const text = readRepoFile(WORKFLOW);
        expect(text).to.not.match(
            /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/,
        );
        expect(w.permissions?.["id-token"], "no id-token for every job").to.equal(undefined);
        const roles = new Map<string, Set<string>>();
        for (const step of [...pulumiSteps(w, "preview"), ...pulumiSteps(w, "up")]) {
            const j = w.jobs[step.job];
            const credentials = credentialsBefore(j, step.index);
            expect(credentials, `${step.job} assumes a role before pulumi runs`).to.not.equal(undefined);
            expect(credentials!.with?.["role-to-assume"], step.job).to.match(/^\$\{\{ vars\.\w+ \}\}$/);
            expect(credentials!.with?.["aws-region"], step.job).to.equal(stackRegion(step.stack!));
            expect(j.permissions?.["id-token"], `${step.job} needs id-token: write`).to.equal("write");
            expect(j.env?.PULUMI_ACCESS_TOKEN, step.job).to.equal("${{ secrets.PULUMI_ACCESS_TOKEN }}");
            const role = String(credentials!.with!["role-to-assume"]);
            roles.set(step.stack!, (roles.get(step.stack!) ?? new Set()).add(role));
        }
        const [backupRoles, sourceRoles] = STACKS.map((s) => roles.get(s)!);
        for (const role of backupRoles)
            expect(sourceRoles.has(role), `${role} serves both accounts`).to.equal(false);
        for (const [job, j] of Object.entries(w.jobs)) {
            const assumes = j.steps.some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
            if (!assumes) expect(j.permissions?.["id-token"], `${job} assumes no role`).to.equal(undefined);
        }
    });

    it("has every variable and secret it reads documented in the README", () => {
        const text = readRepoFile(WORKFLOW);
        const readme = readRepoFile("README.md");
        const names = [...text.matchAll(/\$\{\{\s*(?:vars|secrets)\.(\w+)\s*\}\}/g)].map((m) => m[1]);
        expect(names).to.include.members(["PULUMI_ACCESS_TOKEN", "PULUMI_ORG"]);
        for (const name of new Set(names)) expect(readme, name).to.contain(`\`${name}\``);
        const environments = Object.values(workflow().jobs).flatMap((j) =>
            j.environment === undefined ? [] : [String(j.environment)],
        );
        for (const env of environments) expect(readme).to.contain(`:environment:${env}\``);
        expect(parseMarkdown(readme).headings.map((h) => h.anchor)).to.include(
            "ci-for-your-repository-githubworkflowsstrongboxyml",
        );
    });
});
