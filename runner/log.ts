import { formatBytes } from "./byte-size";

export type LogFields = Record<string, string | number | boolean | null | undefined | object>;

export interface Logger {
    info(event: string, message: string, fields?: LogFields): void;
    warn(event: string, message: string, fields?: LogFields): void;
    error(event: string, message: string, fields?: LogFields): void;
    /** Throttled progress; on a TTY a single rewritten line, otherwise a JSON line every few seconds. */
    progress(fields: { uncompressedBytes: number; compressedBytes: number; parts: number }): void;
    /** Ends a TTY progress line so the next message starts on a fresh line. */
    endProgress(): void;
}

/**
 * Logs go to stderr only: stdout carries exactly one JSON summary line that callers parse. On a TTY
 * people read prose; elsewhere (CodeBuild, CloudWatch) each line is a JSON object that log queries can
 * filter by `event`. Callers never pass secrets here.
 */
export function createLogger(
    options: {
        json?: boolean;
        stream?: NodeJS.WriteStream;
        now?: () => number;
        /** Least time between two progress records. Default 500 ms on a TTY, 5 s otherwise (CloudWatch). */
        progressIntervalMs?: number;
    } = {},
): Logger {
    const stream = options.stream ?? process.stderr;
    const json = options.json ?? !stream.isTTY;
    const now = options.now ?? Date.now;
    const startedAt = now();
    let lastProgressAt = 0;
    let progressShown = false;

    const write = (level: string, event: string, message: string, fields: LogFields = {}) => {
        endProgress();
        if (json) {
            stream.write(
                `${JSON.stringify({ time: new Date(now()).toISOString(), level, event, message, ...fields })}\n`,
            );
        } else {
            stream.write(`strongbox ${level === "info" ? "" : `${level}: `}${message}\n`);
        }
    };
    const endProgress = () => {
        if (progressShown && !json) stream.write("\n");
        progressShown = false;
    };

    return {
        info: (event, message, fields) => write("info", event, message, fields),
        warn: (event, message, fields) => write("warn", event, message, fields),
        error: (event, message, fields) => write("error", event, message, fields),
        endProgress,
        progress: ({ uncompressedBytes, compressedBytes, parts }) => {
            const at = now();
            if (at - lastProgressAt < (options.progressIntervalMs ?? (json ? 5000 : 500))) return;
            lastProgressAt = at;
            const seconds = Math.max(0.001, (at - startedAt) / 1000);
            const rate = uncompressedBytes / seconds;
            if (json) {
                stream.write(
                    `${JSON.stringify({
                        time: new Date(at).toISOString(),
                        level: "info",
                        event: "progress",
                        uncompressedBytes,
                        compressedBytes,
                        parts,
                        bytesPerSecond: Math.round(rate),
                    })}\n`,
                );
            } else {
                progressShown = true;
                stream.write(
                    `\r${formatBytes(uncompressedBytes)} dumped, ${formatBytes(compressedBytes)} uploaded ` +
                        `in ${parts} parts, ${formatBytes(rate)}/s   `,
                );
            }
        },
    };
}
