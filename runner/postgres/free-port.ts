import * as net from "node:net";

/**
 * Asks the kernel for an unused loopback TCP port. There is a small window between closing this probe and
 * the caller binding the port; callers that start servers retry on "address in use" instead of pretending
 * the race does not exist.
 */
export async function findFreePort(host = "127.0.0.1"): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.once("error", reject);
        server.listen(0, host, () => {
            const address = server.address();
            const port = typeof address === "object" && address !== null ? address.port : 0;
            server.close(() =>
                port > 0 ? resolve(port) : reject(new Error("could not read the probe port")),
            );
        });
    });
}
