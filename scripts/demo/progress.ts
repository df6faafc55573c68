/** Where the demo's step lines go: stdout for people, stderr when stdout carries the JSON report. */
export interface ProgressOptions {
    readonly stream: NodeJS.WritableStream;
    /** Draw progress bars (only on a terminal: a bar in a CI log is a wall of carriage returns). */
    readonly bars: boolean;
    readonly now?: () => number;
}

const BAR_WIDTH = 30;

/**
 * A line when each step starts and one when it ends, each with the time since the demo started, so a
 * step that hangs shows which one; and, on a terminal, a progress bar that the next line replaces.
 */
export class Progress {
    private readonly now: () => number;
    private readonly startedAt: number;
    private barShown = false;

    constructor(private readonly options: ProgressOptions) {
        this.now = options.now ?? Date.now;
        this.startedAt = this.now();
    }

    /** Seconds since the demo started. */
    elapsed(): number {
        return (this.now() - this.startedAt) / 1000;
    }

    private line(text: string): void {
        this.clearBar();
        this.options.stream.write(`[${this.elapsed().toFixed(1).padStart(6)} s] ${text}\n`);
    }

    /** Runs one step between its two lines; `summary` says what it achieved, the end line how long it took. */
    async step<T>(title: string, body: () => Promise<T>, summary?: (result: T) => string): Promise<T> {
        this.line(`${title} ...`);
        const startedAt = this.now();
        try {
            const result = await body();
            const seconds = ((this.now() - startedAt) / 1000).toFixed(1);
            this.line(`  done in ${seconds} s${summary ? `: ${summary(result)}` : ""}`);
            return result;
        } catch (error) {
            this.line(`  FAILED: ${(error as Error).message}`);
            throw error;
        }
    }

    note(text: string): void {
        this.line(`  ${text}`);
    }

    /** A bar at `fraction` (0..1) with `text` beside it; drawn only on a terminal, replaced by the next line. */
    bar(fraction: number, text: string): void {
        if (!this.options.bars) return;
        const filled = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH);
        const percent = `${Math.floor(Math.min(1, fraction) * 100)}`.padStart(3);
        this.options.stream.write(
            `\r           [${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${percent}% ${text}\x1b[K`,
        );
        this.barShown = true;
    }

    private clearBar(): void {
        if (!this.barShown) return;
        this.options.stream.write("\r\x1b[K");
        this.barShown = false;
    }
}
