import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { type MotoServer, startMotoServer } from "../../../devtools";
import { CANARY_PREFIX, RECEIPTS_PREFIX } from "../../../shared/audit";
import {
    allVersionKeys,
    createKmsKey,
    createLockedBucket,
    createVersionedBucket,
    s3For,
} from "../helpers/aws-fixtures";
import { runCli } from "../helpers/run-cli";
import { type ProxyRule, type S3FaultProxy, startS3FaultProxy } from "../helpers/s3-fault-proxy";

interface Attempt {
    attempt: string;
    result: string;
    message: string;
}
interface CanaryOutput {
    verdict: string;
    key: string;
    versionId: string;
    lockMode: string | null;
    attempts: Attempt[];
    problems: string[];
}

/** The refusal AWS gives for a COMPLIANCE-locked version, to a delete of that version or a shorter retention. */
const OBJECT_LOCK_REFUSAL = "Access Denied because object protected by object lock.";

const isVersionDelete = (method?: string, url?: string) =>
    method === "DELETE" && /[?&]versionId=/.test(url ?? "");
const isRetention = (method?: string, url?: string) =>
    method === "PUT" && /[?&]retention(=|&|$)/.test(url ?? "");

/**
 * What AWS answers and moto does not: moto refuses to delete a COMPLIANCE-locked version but words it
 * "Access Denied" (the proxy gives moto's own refusal AWS's wording), and moto lets COMPLIANCE retention be
 * shortened, which AWS refuses (the proxy answers that request as AWS does, without forwarding it).
 */
const asAws: ProxyRule = (req) => {
    if (isVersionDelete(req.method, req.url)) {
        return {
            kind: "rewriteRefusal",
            whenStatus: 403,
            code: "AccessDenied",
            message: OBJECT_LOCK_REFUSAL,
        };
    }
    if (isRetention(req.method, req.url)) {
        return { kind: "fail", status: 403, code: "AccessDenied", message: OBJECT_LOCK_REFUSAL };
    }
    return undefined;
};

describe("strongbox canary against moto", function () {
    this.timeout(120_000);
    let moto: MotoServer | undefined;
    let s3: S3Client;
    let kmsArn: string;
    const proxies: S3FaultProxy[] = [];

    before(async () => {
        moto = await startMotoServer();
        s3 = s3For(moto);
        kmsArn = (await createKmsKey(moto)).arn;
    });
    after(async () => {
        for (const proxy of proxies) await proxy.stop();
        s3?.destroy();
        await moto?.stop();
    });

    async function canary(bucket: string, rule?: ProxyRule, extra: string[] = []) {
        let endpoint = moto!.endpoint;
        let proxy: S3FaultProxy | undefined;
        if (rule) {
            proxy = await startS3FaultProxy(moto!.endpoint, rule);
            proxies.push(proxy);
            endpoint = proxy.endpoint;
        }
        const result = await runCli(["canary", ...extra], {
            ...moto!.env,
            AWS_ENDPOINT_URL: endpoint,
            BACKUP_BUCKET: bucket,
            BACKUP_KMS_KEY_ID: kmsArn,
            BACKUP_RETENTION_DAYS: "30",
        });
        return { result, output: JSON.parse(result.stdout) as CanaryOutput, requests: proxy?.requests ?? [] };
    }

    it("reports denied against a locked bucket: both attempts refused by Object Lock, exit 0", async () => {
        const bucket = await createLockedBucket(s3, 30);
        const { result, output } = await canary(bucket, asAws);
        expect(result.code, result.stderr).to.equal(0);
        expect(output.verdict).to.equal("denied");
        expect(output.lockMode).to.equal("COMPLIANCE");
        expect(output.attempts.map((a) => [a.attempt, a.result])).to.deep.equal([
            ["delete-version", "refused-by-object-lock"],
            ["shorten-retention", "refused-by-object-lock"],
        ]);
        expect(output.problems).to.deep.equal([]);
        const head = await s3.send(
            new HeadObjectCommand({ Bucket: bucket, Key: output.key, VersionId: output.versionId }),
        );
        expect(head.ObjectLockMode, "the canary version is still there, locked").to.equal("COMPLIANCE");
    });

    it("raises the alarm against a bucket whose lock is missing: the version is deleted, exit 1", async () => {
        const bucket = await createVersionedBucket(s3);
        const { result, output } = await canary(bucket);
        expect(result.code).to.equal(1);
        expect(output.verdict).to.equal("alarm");
        expect(output.attempts[0]).to.include({ attempt: "delete-version", result: "succeeded" });
        expect(output.problems.join(" "))
            .to.contain("Object Lock mode is absent")
            .and.contain("S3 ACCEPTED it");
        expect(result.logs.some((l) => l.event === "canary-alarm")).to.equal(true);
        expect(await allVersionKeys(s3, bucket), "the canary's version is gone").not.to.include(output.key);
    });

    it("raises the alarm when the retention can be shortened (moto itself allows it; AWS refuses)", async () => {
        // No proxy: moto accepts the shorter COMPLIANCE retention, as a lock that does not hold would.
        const bucket = await createLockedBucket(s3, 30);
        const { result, output } = await canary(bucket, (req) =>
            isVersionDelete(req.method, req.url)
                ? {
                      kind: "rewriteRefusal",
                      whenStatus: 403,
                      code: "AccessDenied",
                      message: OBJECT_LOCK_REFUSAL,
                  }
                : undefined,
        );
        expect(result.code).to.equal(1);
        expect(output.verdict).to.equal("alarm");
        expect(output.attempts[1]).to.include({ attempt: "shorten-retention", result: "succeeded" });
    });

    it("proves nothing, and says so, when a policy refuses the attempts instead of the lock", async () => {
        const bucket = await createLockedBucket(s3, 30);
        const policyRefusal =
            "User: arn:aws:sts::111122223333:assumed-role/strongbox-auditor/job is not authorized to perform: " +
            "s3:DeleteObjectVersion because no identity-based policy allows the s3:DeleteObjectVersion action";
        const { result, output } = await canary(bucket, (req) =>
            isVersionDelete(req.method, req.url) || isRetention(req.method, req.url)
                ? { kind: "fail", status: 403, code: "AccessDenied", message: policyRefusal }
                : undefined,
        );
        expect(result.code).to.equal(1);
        expect(output.verdict).to.equal("inconclusive");
        expect(output.attempts.map((a) => a.result)).to.deep.equal([
            "refused-by-policy",
            "refused-by-policy",
        ]);
        expect(output.problems.join(" ")).to.contain("proves nothing about the lock");
    });

    it("touches nothing outside the canary prefix, and writes only its receipt beside it", async () => {
        const bucket = await createLockedBucket(s3, 30);
        const { result, requests } = await canary(bucket, asAws, ["--receipts"]);
        expect(result.code, result.stderr).to.equal(0);
        const writes = requests.filter((r) => !r.startsWith("GET ") && !r.startsWith("HEAD "));
        expect(writes.length).to.be.greaterThan(2);
        for (const request of writes) {
            const path = request.split(" ")[1].split("?")[0];
            const key = decodeURIComponent(path.slice(`/${bucket}/`.length));
            const mutatesLock = /^DELETE /.test(request) || /[?&]retention/.test(request);
            expect(
                key.startsWith(`${CANARY_PREFIX}/`) ||
                    (!mutatesLock && key.startsWith(`${RECEIPTS_PREFIX}/canary/`)),
                request,
            ).to.equal(true);
        }
    });
});
