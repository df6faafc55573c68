import type { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import type { ChildProcess } from "node:child_process";
import * as path from "node:path";
import {
    startMotoServer,
    startPostgresCluster,
    type MotoServer,
    type PostgresCluster,
} from "../../../devtools";
import {
    allVersionKeys,
    createKmsKey,
    createLockedBucket,
    createPlainBucket,
    s3For,
    unfinishedUploads,
} from "../helpers/aws-fixtures";
import { FakePgDumps } from "../helpers/fake-pg-dump";
import { isCreateMultipartUpload, isUploadPart, startS3FaultProxy } from "../helpers/s3-fault-proxy";
import { seedVariedDatabase } from "../helpers/pg-fixtures";
import { runCli, type CliResult } from "../helpers/run-cli";

/** The shortest retention the runner accepts (shared/limits.ts MIN_RETENTION_DAYS). */
const RETENTION_DAYS = 30;

/**
 * Every failure must end the same way: non-zero exit, a message on stderr that says what failed, no
 * object (and no manifest) under the database's prefix, and no unfinished multipart upload.
 */
describe("strongbox dump failures leave nothing that looks like a backup", function () {
    this.timeout(300_000);
    let pg: PostgresCluster | undefined;
    let moto: MotoServer | undefined;
    let fakes: FakePgDumps | undefined;
    let s3: S3Client;
    let kmsArn: string;
    let realPgDump: string;

    before(async () => {
        pg = await startPostgresCluster();
        moto = await startMotoServer();
        fakes = await FakePgDumps.create();
        s3 = s3For(moto);
        kmsArn = (await createKmsKey(moto)).arn;
        realPgDump = path.join(pg.bindir, "pg_dump");
        await seedVariedDatabase(pg, "shop", { bigRows: 1, bigRowBytes: 1024 * 1024 });
    });

    after(async () => {
        s3?.destroy();
        await fakes?.cleanup();
        await moto?.stop();
        await pg?.stop();
    });

    function dump(
        bucket: string,
        extra: Record<string, string> = {},
        server: MotoServer = moto!,
        hooks = {},
    ) {
        return runCli(
            ["dump"],
            {
                ...pg!.env,
                ...server.env,
                PGDATABASE: "shop",
                BACKUP_BUCKET: bucket,
                BACKUP_KMS_KEY_ID: kmsArn,
                BACKUP_RETENTION_DAYS: String(RETENTION_DAYS),
                PG_DUMP_PATH: realPgDump,
                ...extra,
            },
            hooks,
        );
    }

    async function expectNothingStored(bucket: string, result: CliResult): Promise<void> {
        expect(result.code, result.stderr).to.not.equal(0);
        expect(result.stdout.trim(), "no success summary on stdout").to.equal("");
        expect(await allVersionKeys(s3, bucket), "no object and no manifest in the bucket").to.deep.equal([]);
        expect(await unfinishedUploads(s3, bucket), "no unfinished multipart upload").to.equal(0);
    }

    it("a database that does not exist: exit 1, names the database and what to check", async () => {
        const bucket = await createLockedBucket(s3, RETENTION_DAYS);
        const result = await dump(bucket, { PGDATABASE: "no_such_db" });
        await expectNothingStored(bucket, result);
        expect(result.code).to.equal(1);
        expect(result.stderr).to.contain("no_such_db").and.to.contain("could not connect");
    });

    it("pg_dump killed mid-stream after parts were uploaded: upload aborted", async () => {
        const bucket = await createLockedBucket(s3, RETENTION_DAYS);
        // Real dump output, then 20 MB of incompressible bytes so at least two 8 MiB parts reach S3,
        // then the process kills itself as the OOM killer would.
        const killed = await fakes!.passingVersion(
            "pg_dump_killed",
            realPgDump,
            `'${realPgDump}' "$@" | head -c 1000000\nhead -c 20000000 /dev/urandom\nkill -9 $$`,
        );
        const result = await dump(bucket, { PG_DUMP_PATH: killed });
        await expectNothingStored(bucket, result);
        expect(result.logs.filter((l) => l.event === "part-uploaded").length).to.be.at.least(2);
        expect(result.stderr).to.contain("pg_dump was killed by SIGKILL");
    });

    it("a pg_dump that exits non-zero: upload aborted, its stderr in the message", async () => {
        const bucket = await createLockedBucket(s3, RETENTION_DAYS);
        const failing = await fakes!.passingVersion(
            "pg_dump_fails",
            realPgDump,
            `'${realPgDump}' "$@" | head -c 500000\necho "pg_dump: error: simulated failure" >&2\nexit 1`,
        );
        const result = await dump(bucket, { PG_DUMP_PATH: failing });
        await expectNothingStored(bucket, result);
        expect(result.stderr).to.contain("pg_dump exited with code 1").and.to.contain("simulated failure");
    });

    it("a bucket without Object Lock: refused before any upload", async () => {
        const bucket = await createPlainBucket(s3);
        const result = await dump(bucket);
        await expectNothingStored(bucket, result);
        expect(result.stderr).to.contain(`bucket ${bucket} does not have Object Lock enabled`);
    });

    it("a pg_dump older than the server: refused before any upload, says which client to install", async () => {
        const bucket = await createLockedBucket(s3, RETENTION_DAYS);
        const old = await fakes!.write(
            "pg_dump_14",
            `if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) 14.0"; exit 0; fi\nexec '${realPgDump}' "$@"`,
        );
        const result = await dump(bucket, { PG_DUMP_PATH: old });
        await expectNothingStored(bucket, result);
        expect(result.stderr).to.contain("pg_dump 14").and.to.contain("older than the PostgreSQL 15 server");
        expect(result.stderr).to.contain("postgresql-client-15");
    });

    it("an alias as the KMS key: configuration error (exit 2) naming the variable", async () => {
        const bucket = await createLockedBucket(s3, RETENTION_DAYS);
        const result = await dump(bucket, { BACKUP_KMS_KEY_ID: "alias/backup" });
        await expectNothingStored(bucket, result);
        expect(result.code).to.equal(2);
        expect(result.stderr).to.contain("`--kms-key-id` / `BACKUP_KMS_KEY_ID` is an alias");
    });

    it("transient S3 errors (503 SlowDown on UploadPart) are retried and the dump succeeds", async () => {
        const bucket = await createLockedBucket(s3, RETENTION_DAYS);
        let injected = 0;
        const proxy = await startS3FaultProxy(moto!.endpoint, (req) => {
            if (!isUploadPart(req) || injected >= 3) return undefined;
            injected++;
            return {
                kind: "fail",
                status: 503,
                code: "SlowDown",
                message: "Please reduce your request rate.",
            };
        });
        try {
            const result = await dump(bucket, { AWS_ENDPOINT_URL: proxy.endpoint });
            expect(result.code, result.stderr).to.equal(0);
            expect(injected).to.equal(3);
            const summary = JSON.parse(result.stdout) as { key: string; parts: number };
            const partRequests = proxy.requests.filter(
                (r) => r.startsWith("PUT") && r.includes("partNumber="),
            );
            expect(partRequests.length, "each failed part was sent again").to.equal(summary.parts + 3);
            expect(await allVersionKeys(s3, bucket)).to.include(summary.key);
        } finally {
            await proxy.stop();
        }
    });

    it("S3 reporting a different KMS key than requested: refused and aborted before any data", async () => {
        // moto accepts any well-formed key id and echoes it back, so a wrong key cannot happen there (AWS
        // would fail with KMS.NotFoundException or AccessDenied, which takes the S3-error path). The
        // proxy makes CreateMultipartUpload report another key, as a bucket forcing its own key would.
        const bucket = await createLockedBucket(s3, RETENTION_DAYS);
        const otherKey = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000";
        const proxy = await startS3FaultProxy(moto!.endpoint, (req) =>
            isCreateMultipartUpload(req)
                ? {
                      kind: "rewriteHeader",
                      name: "x-amz-server-side-encryption-aws-kms-key-id",
                      value: otherKey,
                  }
                : undefined,
        );
        try {
            const result = await dump(bucket, { AWS_ENDPOINT_URL: proxy.endpoint });
            await expectNothingStored(bucket, result);
            expect(result.stderr).to.contain(`S3 would encrypt the dump with aws:kms ${otherKey}`);
            expect(proxy.requests.some((r) => r.includes("partNumber="))).to.equal(false);
        } finally {
            await proxy.stop();
        }
    });

    it("SIGTERM (a CodeBuild timeout) mid-upload: pg_dump stopped, upload aborted, exit 1", async () => {
        const bucket = await createLockedBucket(s3, RETENTION_DAYS);
        const endless = await fakes!.passingVersion("pg_dump_forever", realPgDump, "exec cat /dev/urandom");
        let signalled = false;
        const result = await dump(bucket, { PG_DUMP_PATH: endless }, moto!, {
            onLog: (record: Record<string, unknown>, child: ChildProcess) => {
                if (record.event === "part-uploaded" && !signalled) signalled = child.kill("SIGTERM");
            },
        });
        expect(signalled).to.equal(true);
        await expectNothingStored(bucket, result);
        expect(result.code).to.equal(1);
        expect(result.stderr).to.contain("interrupted by SIGTERM");
    });

    it("a dump that comes back locked wrongly: exit 1, nothing deleted (writers cannot), no manifest", async () => {
        // moto leaves multipart uploads unlocked, so the proxy makes HeadObject report what a bucket whose
        // default retention is GOVERNANCE would give on AWS. The runner must not "fix" it, and must not try
        // to delete the object: the bucket policy denies writers s3:DeleteObject.
        const bucket = await createLockedBucket(s3, RETENTION_DAYS);
        const proxy = await startS3FaultProxy(moto!.endpoint, (req) =>
            req.method === "HEAD" && !(req.url ?? "").includes(".manifest.json")
                ? { kind: "rewriteHeader", name: "x-amz-object-lock-mode", value: "GOVERNANCE" }
                : undefined,
        );
        try {
            const result = await dump(bucket, { AWS_ENDPOINT_URL: proxy.endpoint });
            expect(result.code, result.stderr).to.equal(1);
            expect(result.stderr).to.contain("failed the read-back: Object Lock mode is GOVERNANCE");
            expect(result.stderr).to.contain("stays in the bucket without a manifest");
            expect(proxy.requests.filter((r) => r.startsWith("DELETE"))).to.deep.equal([]);
            const keys = await allVersionKeys(s3, bucket);
            expect(keys, "the dump stays, without a manifest").to.have.length(1);
            expect(keys[0]).to.match(/\.sql\.gz$/);
        } finally {
            await proxy.stop();
        }
    });
});
