import type { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import type { Logger } from "../../../runner/log";
import type { Manifest } from "../../../runner/manifest";
import { CLOCK_SLACK_MS, confirmLocked, putManifest, type WrittenVersion } from "../../../runner/s3";

const KEY_ARN = "arn:aws:kms:ap-southeast-4:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const DAY_MS = 86_400_000;
const WRITTEN_AT = new Date("2026-03-01T01:30:00.400Z");
const DUE = WRITTEN_AT.getTime() + 30 * DAY_MS;

interface Head {
    ObjectLockMode?: string;
    ObjectLockRetainUntilDate?: Date;
}

/** HeadObject answers from `heads` in turn; PutObjectRetention and PutObject can be made to fail. */
function fakeS3(heads: Head[], options: { retentionFails?: Error; putFails?: unknown } = {}) {
    const sent: Array<{ name: string; input: Record<string, unknown> }> = [];
    const client = {
        send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
            const name = command.constructor.name.replace(/Command$/, "");
            sent.push({ name, input: command.input });
            if (name === "HeadObject") {
                return { ServerSideEncryption: "aws:kms", SSEKMSKeyId: KEY_ARN, ...heads.shift() };
            }
            if (name === "PutObjectRetention" && options.retentionFails) throw options.retentionFails;
            if (name === "PutObject" && options.putFails) throw options.putFails;
            return name === "PutObject" ? { VersionId: "m1" } : {};
        },
    };
    return { client: client as unknown as S3Client, sent };
}

function recordingLog(): Logger & { events: string[] } {
    const events: string[] = [];
    const record = (event: string) => void events.push(event);
    return { events, info: record, warn: record, error: record, progress: () => {}, endProgress: () => {} };
}

const written: WrittenVersion = {
    bucket: "b",
    key: "layer3/db/2026/03/01/db_20260301T013000Z.sql.gz",
    versionId: "v1",
    what: "the dump",
    kmsKeyId: KEY_ARN,
    writtenAt: WRITTEN_AT,
    retentionDays: 30,
};

async function failure(promise: Promise<unknown>): Promise<string> {
    try {
        await promise;
    } catch (error) {
        return (error as Error).message;
    }
    throw new Error("expected a rejection");
}

describe("the read-back of a written version (confirmLocked)", () => {
    it("accepts the bucket's default COMPLIANCE retention and sets nothing itself", async () => {
        const until = new Date(DUE + 1000);
        const s3 = fakeS3([{ ObjectLockMode: "COMPLIANCE", ObjectLockRetainUntilDate: until }]);
        const log = recordingLog();
        expect(await confirmLocked(s3.client, written, log)).to.equal(until);
        expect(s3.sent.map((c) => c.name)).to.deep.equal(["HeadObject"]);
        expect(s3.sent[0].input).to.include({ Key: written.key, VersionId: "v1" });
        expect(log.events).to.deep.equal([]);
    });

    it("allows the documented clock slack, and not a second more", async () => {
        const inside = new Date(Math.floor((DUE - CLOCK_SLACK_MS) / 1000) * 1000 + 1000);
        const ok = fakeS3([{ ObjectLockMode: "COMPLIANCE", ObjectLockRetainUntilDate: inside }]);
        await confirmLocked(ok.client, written, recordingLog());
        const outside = new Date(DUE - CLOCK_SLACK_MS - 1000);
        const short = fakeS3([{ ObjectLockMode: "COMPLIANCE", ObjectLockRetainUntilDate: outside }]);
        expect(await failure(confirmLocked(short.client, written, recordingLog()))).to.contain(
            "retained only until",
        );
    });

    it("locks an unlocked version itself (the emulator case), says so, and reads it back again", async () => {
        const retainUntil = new Date(Math.ceil(DUE / 1000) * 1000);
        const s3 = fakeS3([{}, { ObjectLockMode: "COMPLIANCE", ObjectLockRetainUntilDate: retainUntil }]);
        const log = recordingLog();
        expect(await confirmLocked(s3.client, written, log)).to.deep.equal(retainUntil);
        expect(s3.sent.map((c) => c.name)).to.deep.equal(["HeadObject", "PutObjectRetention", "HeadObject"]);
        expect(s3.sent[1].input).to.deep.include({
            VersionId: "v1",
            Retention: { Mode: "COMPLIANCE", RetainUntilDate: retainUntil },
        });
        expect(log.events).to.deep.equal(["retention-set-explicitly"]);
    });

    it("when locking is denied (AWS: no default retention), fails and says the dump stays, never deletes", async () => {
        const denied = Object.assign(new Error("Access Denied"), { name: "AccessDenied" });
        const s3 = fakeS3([{}], { retentionFails: denied });
        const message = await failure(confirmLocked(s3.client, written, recordingLog()));
        expect(message).to.contain(`the dump b/${written.key} (version v1) is not locked`);
        expect(message)
            .to.contain("Access Denied")
            .and.to.contain("default COMPLIANCE retention of at least 30");
        expect(message).to.contain("stays in the bucket without a manifest");
        expect(s3.sent.some((c) => c.name.startsWith("Delete"))).to.equal(false);
    });

    it("never 'fixes' a wrong lock: GOVERNANCE fails without PutObjectRetention or a delete", async () => {
        const s3 = fakeS3([{ ObjectLockMode: "GOVERNANCE", ObjectLockRetainUntilDate: new Date(DUE) }]);
        const message = await failure(confirmLocked(s3.client, written, recordingLog()));
        expect(message)
            .to.contain("GOVERNANCE, not COMPLIANCE")
            .and.to.contain("list` shows it as incomplete");
        expect(s3.sent.map((c) => c.name)).to.deep.equal(["HeadObject"]);
    });
});

describe("putManifest", () => {
    const manifest = { formatVersion: 1 } as unknown as Manifest;
    const target = { bucket: "b", key: `${written.key}.manifest.json`, kmsKeyId: KEY_ARN };

    it("writes only a new key (If-None-Match: *), with the key and no lock headers", async () => {
        const s3 = fakeS3([]);
        expect(await putManifest(s3.client, target, manifest)).to.equal("m1");
        expect(s3.sent[0].input).to.include({ IfNoneMatch: "*", SSEKMSKeyId: KEY_ARN });
        expect(s3.sent[0].input).not.to.have.any.keys("ObjectLockMode", "ObjectLockRetainUntilDate");
    });

    it("a 412 says the manifest already exists and nothing was replaced", async () => {
        const refused = Object.assign(new Error("precondition"), {
            name: "PreconditionFailed",
            $metadata: { httpStatusCode: 412 },
        });
        const s3 = fakeS3([], { putFails: refused });
        expect(await failure(putManifest(s3.client, target, manifest))).to.contain(
            `the manifest b/${target.key} already exists: a second dump in the same second, or an attempt to ` +
                "overwrite; nothing was replaced",
        );
    });
});
