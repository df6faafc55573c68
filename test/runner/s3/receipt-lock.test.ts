/**
 * A receipt written with its own COMPLIANCE lock (`receiptRetentionDays`), against a stand-in S3 that stores what
 * the write asked for, as S3 does, with its own clock (LastModified). The real write against moto is in
 * receipt-retention.integration.test.ts; what AWS authorizes is in test/policy-meaning.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import type { Logger } from "../../../runner/log";
import { type Receipt, retainUntilAfter, writeReceipt } from "../../../runner/s3/receipts";

const KEY_ARN = "arn:aws:kms:ap-southeast-4:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The runner's clock. */
const NOW = new Date("2026-11-24T06:00:00.250Z");

const receipt: Receipt = {
    formatVersion: 1,
    kind: "verify",
    database: "appdb",
    checkedAt: NOW.toISOString(),
    command: "strongbox verify",
    runnerVersion: "test",
    bucket: "b",
    key: null,
    versionId: null,
    sha256: null,
    verdict: "ok",
    problems: [],
};

interface Options {
    /** S3's clock minus the runner's. */
    s3Ahead?: number;
    /** S3 drops lock headers (what a bucket without Object Lock, or an emulator, might do). */
    ignoresLock?: boolean;
    /** What the bucket's default retention gives a version written without lock headers. */
    defaultDays?: number;
    putFails?: Error;
}

/** PutObject stores the lock it was sent (or the default); HeadObject reports it with S3's LastModified. */
function fakeS3(o: Options = {}) {
    const sent: Array<{ name: string; input: Record<string, unknown> }> = [];
    let stored: { mode?: string; until?: Date; at: Date } | undefined;
    const client = {
        send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
            const name = command.constructor.name.replace(/Command$/, "");
            sent.push({ name, input: command.input });
            if (name === "PutObject") {
                if (o.putFails) throw o.putFails;
                const at = new Date(NOW.getTime() + (o.s3Ahead ?? 0));
                const until = command.input.ObjectLockRetainUntilDate as Date | undefined;
                stored =
                    until !== undefined && !o.ignoresLock
                        ? { mode: command.input.ObjectLockMode as string, until, at }
                        : o.defaultDays !== undefined
                          ? { mode: "COMPLIANCE", until: new Date(at.getTime() + o.defaultDays * DAY_MS), at }
                          : { at };
                return { VersionId: "r1" };
            }
            if (name === "HeadObject")
                return {
                    ServerSideEncryption: "aws:kms",
                    SSEKMSKeyId: KEY_ARN,
                    ObjectLockMode: stored?.mode,
                    ObjectLockRetainUntilDate: stored?.until,
                    LastModified: new Date(Math.floor(stored!.at.getTime() / 1000) * 1000),
                };
            return {};
        },
    };
    return { client: client as unknown as S3Client, sent };
}

function recordingLog(): Logger & { events: string[] } {
    const events: string[] = [];
    const record = (event: string) => void events.push(event);
    return { events, info: record, warn: record, error: record, progress: () => {}, endProgress: () => {} };
}

const target = (receiptRetentionDays?: number) => ({
    bucket: "b",
    kmsKeyId: KEY_ARN,
    retentionDays: 30,
    receiptRetentionDays,
});

async function failure(promise: Promise<unknown>): Promise<string> {
    try {
        await promise;
    } catch (error) {
        return (error as Error).message;
    }
    throw new Error("expected a rejection");
}

describe("a receipt with its own COMPLIANCE lock (writeReceipt)", () => {
    it("sends the lock with the write, until the write + receiptRetentionDays, and reads it back", async () => {
        const s3 = fakeS3();
        const log = recordingLog();
        const written = await writeReceipt(s3.client, target(400), receipt, log, () => NOW);
        // A minute short of 400 days, to the second: S3's count of the days remaining is then 400 however it rounds.
        const until = new Date(Math.floor((NOW.getTime() + 400 * DAY_MS - 60_000) / 1000) * 1000);
        expect(s3.sent.map((c) => c.name)).to.deep.equal(["PutObject", "HeadObject"]);
        expect(s3.sent[0].input).to.deep.include({
            ObjectLockMode: "COMPLIANCE",
            ObjectLockRetainUntilDate: until,
            // S3 requires a checksum (or Content-MD5) of an upload that carries a retention period.
            ChecksumAlgorithm: "SHA256",
            IfNoneMatch: "*",
            SSEKMSKeyId: KEY_ARN,
        });
        expect(written.retainUntil).to.equal(until.toISOString());
        expect(log.events).to.deep.equal(["receipt-written"]);
    });

    it("sends no lock headers without the setting: the bucket's default retention locks it, as before", async () => {
        const s3 = fakeS3({ defaultDays: 30 });
        const written = await writeReceipt(s3.client, target(), receipt, recordingLog(), () => NOW);
        expect(s3.sent[0].input).to.not.have.any.keys("ObjectLockMode", "ObjectLockRetainUntilDate");
        expect(new Date(written.retainUntil).getTime()).to.equal(NOW.getTime() + 30 * DAY_MS);
    });

    it("fails, and locks nothing itself, when S3 stored the receipt without the lock it was sent", async () => {
        const s3 = fakeS3({ ignoresLock: true });
        const message = await failure(
            writeReceipt(s3.client, target(400), receipt, recordingLog(), () => NOW),
        );
        expect(message).to.contain("came back unlocked although it was written with a COMPLIANCE lock until");
        expect(s3.sent.map((c) => c.name)).to.not.include("PutObjectRetention");
    });

    it("fails when the runner's clock is behind S3's: the lock it chose would be short by as much", async () => {
        const s3 = fakeS3({ s3Ahead: HOUR_MS });
        const message = await failure(
            writeReceipt(s3.client, target(400), receipt, recordingLog(), () => NOW),
        );
        expect(message).to.contain("retained only until");
        expect(message).to.contain("the runner's clock is behind S3's");
        // Within the clock slack it is no failure.
        const close = fakeS3({ s3Ahead: 60_000 });
        await writeReceipt(close.client, target(400), receipt, recordingLog(), () => NOW);
    });

    it("locks longer, never shorter, when the runner's clock is ahead (the bucket policy caps it at its maximum)", async () => {
        const s3 = fakeS3({ s3Ahead: -DAY_MS });
        const written = await writeReceipt(s3.client, target(400), receipt, recordingLog(), () => NOW);
        expect(written.retainUntil).to.equal(retainUntilAfter(NOW, 400).toISOString());
    });

    it("names s3:PutObjectRetention when the write is refused", async () => {
        const denied = Object.assign(new Error("Access Denied"), { name: "AccessDenied" });
        const s3 = fakeS3({ putFails: denied });
        const message = await failure(
            writeReceipt(s3.client, target(400), receipt, recordingLog(), () => NOW),
        );
        expect(message).to.contain(
            "s3:PutObjectRetention there (the receipt carries a 400-day COMPLIANCE lock)",
        );
    });
});
