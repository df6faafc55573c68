import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { type MotoServer, startMotoServer } from "../../../devtools";
import { AUDIT_ENV, RECEIPTS_PREFIX } from "../../../shared/audit";
import { createKmsKey, createLockedBucket, s3For } from "../helpers/aws-fixtures";
import { runCli } from "../helpers/run-cli";

interface Written {
    key: string;
    versionId: string;
    retainUntil: string;
}

const DAY_MS = 86_400_000;
/** A database with no dump: verify fails it, and its receipt (the evidence of the failure) is written all the same. */
const ESTATE = JSON.stringify([{ database: "nodump", rpoHours: 1 }]);

/**
 * Receipts with their own COMPLIANCE lock (`--receipt-retention-days`, the auditor's receiptRetentionDays) against
 * moto. moto evaluates no bucket policy or IAM: that an upload with lock headers needs s3:PutObjectRetention, and
 * that the auditor holds it on the receipts prefix only, is the policy-meaning table's (test/policy-meaning).
 */
describe("receipts locked for receiptRetentionDays, against moto", function () {
    this.timeout(120_000);
    let moto: MotoServer | undefined;
    let s3: S3Client;
    let env: Record<string, string>;

    const lockOf = async (w: Written) => {
        const head = await s3.send(
            new HeadObjectCommand({ Bucket: env.BACKUP_BUCKET, Key: w.key, VersionId: w.versionId }),
        );
        return { mode: head.ObjectLockMode, until: head.ObjectLockRetainUntilDate!.getTime() };
    };
    const verify = async (extraArgs: string[], extraEnv: Record<string, string> = {}) => {
        const started = Date.now();
        const result = await runCli(["verify", "--expected-databases", ESTATE, "--receipts", ...extraArgs], {
            ...env,
            ...extraEnv,
        });
        expect(result.code, result.stderr).to.equal(1);
        const receipts = (JSON.parse(result.stdout) as { audit: { receipts: Written[]; problems: string[] } })
            .audit;
        expect(receipts.problems).to.deep.equal([]);
        return { receipts: receipts.receipts, started, ended: Date.now(), logs: result.logs };
    };

    before(async () => {
        moto = await startMotoServer();
        s3 = s3For(moto);
        const kmsArn = (await createKmsKey(moto)).arn;
        const bucket = await createLockedBucket(s3, 30);
        env = { ...moto.env, BACKUP_BUCKET: bucket, BACKUP_KMS_KEY_ID: kmsArn, BACKUP_RETENTION_DAYS: "30" };
    });

    after(async () => {
        s3?.destroy();
        await moto?.stop();
    });

    it("writes each receipt COMPLIANCE-locked until the write + N days, sent with the write", async () => {
        const run = await verify(["--receipt-retention-days", "400"]);
        expect(run.receipts.map((r) => r.key.split("/")[0])).to.deep.equal([
            RECEIPTS_PREFIX,
            RECEIPTS_PREFIX,
        ]);
        for (const receipt of run.receipts) {
            const lock = await lockOf(receipt);
            expect(lock.mode, receipt.key).to.equal("COMPLIANCE");
            // A minute short of N days, to the second (RECEIPT_LOCK_MARGIN_MS: S3 counts the days remaining).
            expect(lock.until).to.be.within(run.started + 400 * DAY_MS - 61_000, run.ended + 400 * DAY_MS);
            expect(new Date(receipt.retainUntil).getTime()).to.equal(lock.until);
        }
        // The lock came with the write: nothing had to be set afterwards (the emulator fallback never ran).
        expect(run.logs.map((l) => l.event)).to.not.include("retention-set-explicitly");
    });

    it("takes N from the environment variable the auditor's jobs set", async () => {
        const run = await verify([], { [AUDIT_ENV.receiptRetentionDays]: "365" });
        const lock = await lockOf(run.receipts[0]);
        expect(lock.until).to.be.within(run.started + 365 * DAY_MS - 61_000, run.ended + 365 * DAY_MS);
    });

    it("keeps today's behaviour without the setting: the bucket's default retention locks the receipt", async () => {
        const run = await verify([]);
        const lock = await lockOf(run.receipts[0]);
        expect(lock.mode).to.equal("COMPLIANCE");
        expect(lock.until).to.be.within(run.started + 30 * DAY_MS - 5000, run.ended + 30 * DAY_MS + 5000);
    });

    it("leaves the canary's receipts at the bucket's default, even with the variable set", async () => {
        // The canary's role may change no lock outside its prefix, so the canary does not read the setting.
        const result = await runCli(["canary", "--receipts"], {
            ...env,
            [AUDIT_ENV.receiptRetentionDays]: "400",
        });
        const [receipt] = (JSON.parse(result.stdout) as { audit: { receipts: Written[] } }).audit.receipts;
        const lock = await lockOf(receipt);
        expect(lock.until).to.be.below(Date.now() + 31 * DAY_MS);
    });

    it("refuses a receipt lock shorter than the bucket's retention before writing anything", async () => {
        const result = await runCli(
            ["verify", "--expected-databases", ESTATE, "--receipts", "--receipt-retention-days", "34"],
            { ...env, BACKUP_RETENTION_DAYS: "35" },
        );
        expect(result.code).to.equal(2);
        expect(result.stderr).to.contain(
            "`--receipt-retention-days` / `BACKUP_RECEIPT_RETENTION_DAYS` (34) must be at least `--retention-days`",
        );
    });
});
