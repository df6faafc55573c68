import { expect } from "chai";
import * as fs from "node:fs";
import * as net from "node:net";
import { Client } from "pg";
import { createPostgresCluster, startMotoServer, startPostgresCluster } from "../../devtools";
import { processExists } from "../../runner/postgres";

async function portAnswers(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        socket.once("connect", () => {
            socket.destroy();
            resolve(true);
        });
        socket.once("error", () => resolve(false));
    });
}

describe("dev tooling", function () {
    this.timeout(120_000);

    it("starts a PostgreSQL 15 cluster with extra settings and a password, and removes it on stop", async () => {
        const cluster = await startPostgresCluster({ password: "pw", settings: { work_mem: "8MB" } });
        try {
            const client = new Client({ ...cluster, database: "postgres" });
            await client.connect();
            const workMem = await client.query<{ work_mem: string }>("SHOW work_mem");
            const version = await client.query<{ server_version_num: string }>("SHOW server_version_num");
            await client.end();
            expect(workMem.rows[0].work_mem).to.equal("8MB");
            expect(Number(version.rows[0].server_version_num)).to.be.at.least(150000);
            expect(cluster.env).to.include({
                PGHOST: "127.0.0.1",
                PGPORT: String(cluster.port),
                PGPASSWORD: "pw",
            });

            const wrong = new Client({ ...cluster, password: "not-the-password", database: "postgres" });
            let refused: unknown;
            await wrong.connect().catch((error: unknown) => (refused = error));
            expect(String(refused), "password auth is really enforced").to.contain(
                "password authentication failed",
            );
        } finally {
            await cluster.stop();
        }
        expect(fs.existsSync(cluster.dataDir)).to.equal(false);
        expect(await portAnswers(cluster.port)).to.equal(false);
        await cluster.stop(); // twice is harmless
    });

    it("starts moto_server on a free port and kills it on stop", async () => {
        const moto = await startMotoServer();
        try {
            const response = await fetch(`${moto.endpoint}/moto-api/`);
            expect(response.status).to.equal(200);
            await response.arrayBuffer();
        } finally {
            await moto.stop();
        }
        expect(await portAnswers(moto.port)).to.equal(false);
    });

    it("stops moto_server when its start is aborted, and rejects saying so", async () => {
        const controller = new AbortController();
        const starting = startMotoServer({ signal: controller.signal });
        // Long enough for the process to exist, far too short for moto to answer HTTP yet.
        await new Promise((resolve) => setTimeout(resolve, 50));
        controller.abort();
        let message = "";
        await starting.catch((error: Error) => (message = error.message));
        expect(message).to.equal("moto_server was stopped while it started: the start was aborted");
        const started = await startMotoServer({ signal: new AbortController().signal });
        expect(started.pid).to.be.a("number");
        await started.stop();
        expect(processExists(started.pid!)).to.equal(false);
    });

    it("gives a cluster handle whose stop works while the cluster still starts, in a directory of its prefix", async () => {
        const handle = await createPostgresCluster({ directoryPrefix: "strongbox-handle-test-" });
        expect(handle.baseDir).to.match(/\/strongbox-handle-test-[^/]+$/);
        const starting = handle.start().catch((error: Error) => error);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await handle.stop();
        await starting;
        expect(fs.existsSync(handle.baseDir)).to.equal(false);
    });

    it("says how to install moto when the binary is missing", async () => {
        let message = "";
        try {
            await startMotoServer({ command: "/nonexistent/moto_server" });
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).to.contain("was not found").and.to.contain("pip install 'moto[server]'");
    });
});
