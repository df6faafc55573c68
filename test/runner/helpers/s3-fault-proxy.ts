import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxyRule {
    /** Decides per request; return undefined to pass it through unchanged. */
    (req: http.IncomingMessage, index: number): ProxyAction | undefined;
}

export type ProxyAction =
    | { kind: "fail"; status: number; code: string; message: string }
    | { kind: "rewriteHeader"; name: string; value: string }
    /** Forwards; when moto answers with `whenStatus`, replaces its error document with this one. */
    | { kind: "rewriteRefusal"; whenStatus: number; code: string; message: string }
    /** Forwards the first `afterBytes` of the response body, then stops (the connection stays open). */
    | { kind: "stallBody"; afterBytes: number; onStall: () => void };

/**
 * A tiny HTTP proxy in front of moto that injects what moto cannot produce on its own: transient
 * 5xx errors and responses that differ from the request (as a misconfigured bucket or key would).
 */
export interface S3FaultProxy {
    endpoint: string;
    requests: string[];
    /**
     * S3 goes away: the proxy stops listening and drops every open connection, so clients get
     * ECONNREFUSED (or a reset mid-request), then listens again on the same port after `ms`.
     * Resolves when it is back.
     */
    outage(ms: number): Promise<{ startedAt: number; endedAt: number }>;
    stop(): Promise<void>;
}

export async function startS3FaultProxy(upstream: string, rule: ProxyRule): Promise<S3FaultProxy> {
    const target = new URL(upstream);
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        const index = requests.push(`${req.method} ${req.url}`) - 1;
        const action = rule(req, index);
        if (action?.kind === "fail") {
            req.resume();
            req.once("end", () => {
                res.writeHead(action.status, { "Content-Type": "application/xml" });
                res.end(
                    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${action.code}</Code>` +
                        `<Message>${action.message}</Message></Error>`,
                );
            });
            return;
        }
        const forward = http.request(
            {
                host: target.hostname,
                port: target.port,
                method: req.method,
                path: req.url,
                headers: req.headers,
            },
            (upstreamRes) => {
                const headers = { ...upstreamRes.headers };
                if (action?.kind === "rewriteHeader") headers[action.name] = action.value;
                if (action?.kind === "rewriteRefusal" && upstreamRes.statusCode === action.whenStatus) {
                    upstreamRes.resume();
                    const body =
                        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${action.code}</Code>` +
                        `<Message>${action.message}</Message></Error>`;
                    res.writeHead(action.whenStatus, { "Content-Type": "application/xml" });
                    return void res.end(body);
                }
                res.writeHead(upstreamRes.statusCode ?? 502, headers);
                if (action?.kind !== "stallBody") return void upstreamRes.pipe(res);
                let left = action.afterBytes;
                upstreamRes.on("data", (chunk: Buffer) => {
                    if (left <= 0) return;
                    res.write(chunk.subarray(0, left));
                    left -= chunk.length;
                    if (left <= 0) {
                        upstreamRes.pause();
                        action.onStall();
                    }
                });
            },
        );
        forward.once("error", () => res.destroy());
        req.pipe(forward);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const close = () =>
        new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        });
    return {
        endpoint: `http://127.0.0.1:${port}`,
        requests,
        outage: async (ms) => {
            const startedAt = Date.now();
            await close();
            await new Promise((resolve) => setTimeout(resolve, ms - (Date.now() - startedAt)));
            await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
            return { startedAt, endedAt: Date.now() };
        },
        stop: () => (server.listening ? close() : Promise.resolve()),
    };
}

export const isUploadPart = (req: http.IncomingMessage) =>
    req.method === "PUT" && /[?&]partNumber=/.test(req.url ?? "");
export const isCreateMultipartUpload = (req: http.IncomingMessage) =>
    req.method === "POST" && /[?&]uploads(=|&|$)/.test(req.url ?? "");
