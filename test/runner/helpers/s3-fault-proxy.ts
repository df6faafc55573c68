import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxyRule {
    /** Decides per request; return undefined to pass it through unchanged. */
    (req: http.IncomingMessage, index: number): ProxyAction | undefined;
}

export type ProxyAction =
    | { kind: "fail"; status: number; code: string; message: string }
    | { kind: "rewriteHeader"; name: string; value: string };

/**
 * A tiny HTTP proxy in front of moto that injects what moto cannot produce on its own: transient
 * 5xx errors and responses that differ from the request (as a misconfigured bucket or key would).
 */
export async function startS3FaultProxy(
    upstream: string,
    rule: ProxyRule,
): Promise<{ endpoint: string; requests: string[]; stop(): Promise<void> }> {
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
                res.writeHead(upstreamRes.statusCode ?? 502, headers);
                upstreamRes.pipe(res);
            },
        );
        forward.once("error", () => res.destroy());
        req.pipe(forward);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        endpoint: `http://127.0.0.1:${port}`,
        requests,
        stop: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

export const isUploadPart = (req: http.IncomingMessage) =>
    req.method === "PUT" && /[?&]partNumber=/.test(req.url ?? "");
export const isCreateMultipartUpload = (req: http.IncomingMessage) =>
    req.method === "POST" && /[?&]uploads(=|&|$)/.test(req.url ?? "");
