import type { Progress } from "./progress";

/**
 * What the demo started, to stop in reverse order: registered as soon as each thing exists (a cluster's
 * directory before its server starts), so that a Ctrl-C or a failure at any point stops exactly what is
 * there. Running it twice (the failure path and a signal at once) stops everything once.
 */
export class Teardown {
    private readonly steps: Array<{ what: string; stop: () => Promise<string> }> = [];
    private running: Promise<string[]> | undefined;

    /** `stop` says what it stopped, for the report. */
    add(what: string, stop: () => Promise<string>): void {
        this.steps.push({ what, stop });
    }

    run(progress: Progress): Promise<string[]> {
        return (this.running ??= (async () => {
            const stopped: string[] = [];
            for (const { what, stop } of [...this.steps].reverse()) {
                // One failing stop must not leave the others running.
                await progress
                    .step(`stopping ${what}`, stop, (s) => s)
                    .then(
                        (s) => stopped.push(s),
                        (error: unknown) =>
                            stopped.push(`${what}: COULD NOT STOP (${(error as Error).message})`),
                    );
            }
            return stopped;
        })());
    }
}
