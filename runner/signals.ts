import * as os from "node:os";
import type { Logger } from "./log";

/**
 * Runs `cleanup` when the process is asked to stop (SIGTERM: CodeBuild's timeout or a stopped build;
 * SIGINT: Ctrl-C), then exits with 128 + the signal's number, as a shell reports a process the signal
 * ended. Without this, Node would exit at once and leave what the cleanup removes (a running cluster, its
 * directory) behind. A second signal while the cleanup runs changes nothing; SIGKILL cannot be caught,
 * which is why every cluster directory also records its owner (postgres/cluster.ts). Returns the function
 * that removes the handlers again.
 */
export function cleanupOnSignals(cleanup: () => Promise<void>, log: Logger, what: string): () => void {
    let started = false;
    const handler = (signal: NodeJS.Signals) => {
        if (started) return;
        started = true;
        log.warn("interrupted", `${signal}: ${what} before exiting`, { signal });
        const code = 128 + (os.constants.signals[signal] ?? 15);
        void cleanup()
            .catch((error: unknown) => log.error("cleanup-failed", (error as Error).message))
            .finally(() => process.exit(code));
    };
    process.on("SIGTERM", handler);
    process.on("SIGINT", handler);
    return () => {
        process.off("SIGTERM", handler);
        process.off("SIGINT", handler);
    };
}
