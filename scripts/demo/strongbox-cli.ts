import * as fs from "node:fs";
import * as path from "node:path";
import type { Children } from "./children";

/** The CLI as CodeBuild runs it: the one-file bundle `npm run build` makes. */
export const BUNDLE = path.resolve(__dirname, "../../dist/bundle/strongbox.js");

export type LogRecord = Record<string, unknown> & { event?: string; message?: string };

export interface CliRun<T> {
    code: number | null;
    /** The one JSON line the command printed on stdout. */
    output: T;
    logs: LogRecord[];
}

/**
 * Runs `strongbox <args>` in a child process with the demo's environment, JSON logs on stderr (so progress
 * can be read as it comes) and progress records five times a second. A run that printed no result (a
 * refused configuration, a crash) is an error carrying the command's own last message.
 */
export class StrongboxCli {
    constructor(
        private readonly children: Children,
        private readonly env: NodeJS.ProcessEnv,
    ) {
        if (!fs.existsSync(BUNDLE)) {
            throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (\`npm run demo\` does)`);
        }
    }

    async run<T>(args: readonly string[], onLog?: (record: LogRecord) => void): Promise<CliRun<T>> {
        const logs: LogRecord[] = [];
        const result = await this.children.run(
            process.execPath,
            [BUNDLE, ...args, "--log-format", "json", "--progress-every", "0.2"],
            {
                env: this.env,
                onStderrLine: (line) => {
                    try {
                        const record = JSON.parse(line) as LogRecord;
                        logs.push(record);
                        onLog?.(record);
                    } catch {
                        // Not a log record; kept in the child's stderr.
                    }
                },
            },
        );
        const last = result.stdout.trim().split("\n").pop() ?? "";
        if (last === "" || (result.code !== 0 && result.code !== 1)) {
            // Its own words: the error it logged, else its last record, else the end of what it wrote.
            const said =
                [...logs].reverse().find((l) => l.level === "error")?.message ??
                logs[logs.length - 1]?.message ??
                (result.stderr.trim().slice(-500) || "no output");
            const how = result.signal ? `was stopped by ${result.signal}` : `exited with ${result.code}`;
            throw new Error(`strongbox ${args[0]} ${how}: ${said}`);
        }
        return { code: result.code, output: JSON.parse(last) as T, logs };
    }
}
