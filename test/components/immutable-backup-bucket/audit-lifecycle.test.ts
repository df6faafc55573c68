/**
 * The lifecycle rules with and without the BackupAuditor, under the mocks: receipts must outlive the dumps
 * (a year of proofs), and nothing may expire while it is locked. Each rule is judged by which keys its filter
 * selects, as S3 does (a prefix filter selects keys that start with it; an empty filter selects every key).
 */
import { expect } from "chai";
import { BACKUP_AUDITOR_DEFAULTS } from "../../../components/backup-auditor/args";
import type { ImmutableBackupBucketArgs } from "../../../components/immutable-backup-bucket/args";
import { immutableBackupBucketProblems } from "../../../components/immutable-backup-bucket/validate";
import { describeProblem } from "../../../components/common/checks";
import { receiptKey } from "../../../shared/audit";
import { installMocks, RecordedResource, settle } from "../../harness/offline-mocks";
import { BACKUP, full, SOURCE, WRITER } from "./fixtures";

type BucketModule = typeof import("../../../components/immutable-backup-bucket");

interface Rule {
    id: string;
    filter: { prefix?: string };
    expiration?: { days: number };
    noncurrentVersionExpiration?: { noncurrentDays: number };
}

const auditRoles = {
    auditorRoleArn: `arn:aws:iam::${BACKUP}:role/strongbox-test-auditor`,
    canaryRoleArn: `arn:aws:iam::${BACKUP}:role/strongbox-test-canary`,
};
const WRITER_B = `arn:aws:iam::${SOURCE}:role/strongbox-pgdump-runner-payments`;
/** Two writers whose prefixes share a beginning: `dumps/` must not select `dumps-payments/`. */
const audited: ImmutableBackupBucketArgs = {
    ...full,
    bucketName: "audited-bucket-name",
    writers: [
        { roleArn: WRITER, databases: ["appdb"] },
        { roleArn: WRITER_B, keyPrefix: "dumps-payments", databases: ["ledger"] },
    ],
    auditRoles,
    receiptRetentionDays: 380,
};

const DUMP = "dumps/appdb/2026/11/24/appdb_20261124T013000Z.sql.gz";
const PAYMENTS_DUMP = "dumps-payments/ledger/2026/11/24/ledger_20261124T013000Z.sql.gz";
const RECEIPT = receiptKey("verify", "appdb", new Date("2026-11-24T06:00:00Z"));
const CANARY_OBJECT = "strongbox-canary/20261124T053000Z-abc.txt";

const selects = (rule: Rule, key: string) => key.startsWith(rule.filter.prefix ?? "");
/** The earliest day any rule puts a delete marker over `key`, or removes its noncurrent version (after it becomes one). */
const expiresAfter = (rules: readonly Rule[], key: string) =>
    Math.min(...rules.filter((r) => selects(r, key) && r.expiration).map((r) => r.expiration!.days));
const noncurrentAfter = (rules: readonly Rule[], key: string) =>
    rules
        .filter((r) => selects(r, key) && r.noncurrentVersionExpiration)
        .map((r) => r.noncurrentVersionExpiration!.noncurrentDays);

describe("ImmutableBackupBucket lifecycle with the BackupAuditor", () => {
    let recorded: RecordedResource[];
    const rulesOf = (name: string) => {
        const r = recorded.find((x) => x.name === name);
        if (!r) throw new Error(`no resource named ${name}`);
        return r.inputs.rules as Rule[];
    };

    before(async () => {
        recorded = await installMocks();
        const mod: BucketModule = await import("../../../components/immutable-backup-bucket");
        new mod.ImmutableBackupBucket("audited", audited);
        new mod.ImmutableBackupBucket("audited-default", {
            ...audited,
            bucketName: "audited-default-name",
            receiptRetentionDays: undefined,
        });
        new mod.ImmutableBackupBucket("plain", { ...full, bucketName: "plain-bucket-name" });
        await settle();
    });

    it("keeps each receipt until a day after its lock lapses, not until the dumps expire", () => {
        const rules = rulesOf("audited-lifecycle");
        expect(expiresAfter(rules, RECEIPT)).to.equal(381);
        expect(noncurrentAfter(rules, RECEIPT)).to.deep.equal([1]);
        // Without the auditor the same receipt key would go with the dumps, after expireAfterDays.
        expect(expiresAfter(rulesOf("plain-lifecycle"), RECEIPT)).to.equal(full.expireAfterDays);
    });

    it("applies the auditor's own default (400 days) when the setting is left out", () => {
        expect(expiresAfter(rulesOf("audited-default-lifecycle"), RECEIPT)).to.equal(
            BACKUP_AUDITOR_DEFAULTS.receiptRetentionDays + 1,
        );
    });

    it("expires dumps under every writer's prefix exactly as before, and only there", () => {
        const rules = rulesOf("audited-lifecycle");
        const before = rulesOf("plain-lifecycle");
        for (const key of [DUMP, PAYMENTS_DUMP]) {
            expect(expiresAfter(rules, key), key).to.equal(expiresAfter(before, key));
            expect(noncurrentAfter(rules, key), key).to.deep.equal(noncurrentAfter(before, key));
        }
        // Every expiring rule is scoped: none selects the whole bucket, so none can reach a receipt early.
        const expiring = rules.filter((r) => r.expiration || r.noncurrentVersionExpiration);
        expect(expiring.map((r) => r.filter.prefix)).to.have.members([
            "dumps/",
            "dumps/",
            "dumps-payments/",
            "dumps-payments/",
            "strongbox-receipts/",
            "strongbox-canary/",
        ]);
    });

    it("cleans the canary's objects a day after the bucket's default retention", () => {
        const rules = rulesOf("audited-lifecycle");
        expect(expiresAfter(rules, CANARY_OBJECT)).to.equal((full.retentionDays as number) + 1);
        expect(noncurrentAfter(rules, CANARY_OBJECT)).to.deep.equal([1]);
    });

    it("gives the replica the very same rules", () => {
        expect(rulesOf("audited-replica-lifecycle")).to.deep.equal(rulesOf("audited-lifecycle"));
    });

    it("keeps the bucket-wide rules without the auditor", () => {
        const rules = rulesOf("plain-lifecycle");
        expect(rules.map((r) => r.id)).to.deep.equal([
            "transition-to-colder-storage",
            "expire-noncurrent-versions",
            "abort-incomplete-multipart-uploads",
            "expire-current-versions",
        ]);
        expect(rules.every((r) => r.filter.prefix === undefined)).to.equal(true);
    });
});

describe("ImmutableBackupBucket receiptRetentionDays validation", () => {
    const problems = (a: ImmutableBackupBucketArgs) =>
        immutableBackupBucketProblems(a)
            .filter((p) => p.field === "receiptRetentionDays")
            .map(describeProblem);

    it("accepts the bucket's retention and its maximum as bounds", () => {
        expect(problems({ ...audited, receiptRetentionDays: 40 })).to.deep.equal([]);
        expect(problems({ ...audited, receiptRetentionDays: 400 })).to.deep.equal([]);
    });

    it("refuses a receipt locked shorter than a dump, or longer than the bucket policy allows", () => {
        expect(problems({ ...audited, receiptRetentionDays: 39 })).to.deep.equal([
            "`receiptRetentionDays` must be at least 40, the bucket's default retention: a receipt is locked no " +
                "shorter than a dump; set a longer one (got 39)",
        ]);
        expect(problems({ ...audited, receiptRetentionDays: 401 })[0]).to.contain("must be at most 400");
        // The default too, when the bucket's maximum is below it.
        expect(
            problems({ ...audited, receiptRetentionDays: undefined, maxRetentionDays: 365 })[0],
        ).to.contain("must be at most 365");
    });

    it("refuses the setting without the auditor's roles", () => {
        expect(problems({ ...full, receiptRetentionDays: 380 })[0]).to.contain("only with `auditRoles`");
    });
});
