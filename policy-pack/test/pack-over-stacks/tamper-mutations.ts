/**
 * Mutations of what keeps a dump from being swapped, hidden or read by the wrong writer: conditional
 * writes, SSE-C, writer confinement and current-version expiry. Part of the table in mutations.ts.
 */
import { T } from "../../lib/types";
import type { Mutation } from "./mutations";
import { Props } from "./records";

const withoutStatement = (sid: string) => (d: { Statement: Props[] }) => {
    if (!d.Statement.some((st) => st.Sid === sid)) throw new Error(`no statement ${sid}`);
    d.Statement = d.Statement.filter((st) => st.Sid !== sid);
};

export const TAMPER_MUTATIONS: readonly Mutation[] = [
    {
        title: "bucket policy without the conditional-write deny (overwrites allowed)",
        stack: "prod-backup",
        apply: (s) =>
            s.editPolicy(
                T.bucketPolicy,
                withoutStatement("DenyObjectCreationWithoutIfNoneMatch"),
                s.of("primary"),
            ),
        policies: ["backup-bucket-conditional-writes"],
        says: 'when "s3:ObjectCreationOperation" is "true" and "s3:if-none-match" is not "*" (no overwrites)',
    },
    {
        title: "SSE-C unblocked in the default encryption",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(
                T.encryption,
                (p) => ((p.rules as Props[])[0].blockedEncryptionTypes = ["NONE"]),
                s.of("replica"),
            ),
        policies: ["backup-bucket-sse-c-blocked"],
        says: 'must set `blockedEncryptionTypes: ["SSE-C"]` (got ["NONE"])',
    },
    {
        title: "bucket policy without the SSE-C deny",
        stack: "prod-backup",
        apply: (s) => s.editPolicy(T.bucketPolicy, withoutStatement("DenySseCustomerKeys"), s.of("primary")),
        policies: ["backup-bucket-sse-c-blocked"],
        says: '"s3:x-amz-server-side-encryption-customer-algorithm" is present',
    },
    {
        title: "a writer allowed on its whole prefix",
        stack: "prod-backup",
        apply: (s) =>
            s.editPolicy(
                T.bucketPolicy,
                (d) => {
                    const allow = d.Statement.find((st) => st.Sid === "AllowWriterDatabases0")!;
                    allow.Resource = "arn:aws:s3:::acme-strongbox-prod-pg-backups/layer3/*";
                },
                s.of("primary"),
            ),
        policies: ["backup-bucket-writer-confinement"],
        says: 'allows "arn:aws:s3:::acme-strongbox-prod-pg-backups/layer3/*"',
    },
    {
        title: "current versions expiring while locked",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(
                T.lifecycle,
                (p) => {
                    // The example runs the auditor: its dumps expire under the writer's prefix.
                    const rule = (p.rules as Props[]).find((r) => r.id === "expire-current-versions-layer3")!;
                    rule.expiration = { days: 10 };
                },
                s.of("primary"),
            ),
        policies: ["backup-bucket-expiry-after-lock"],
        says: "must expire current versions after more than the lock's 35 days (it expires them after 10)",
    },
    {
        title: "receipts expiring while locked",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(
                T.lifecycle,
                (p) => {
                    const rule = (p.rules as Props[]).find((r) => r.id === "expire-receipts")!;
                    rule.expiration = { days: 10 };
                },
                s.of("primary"),
            ),
        policies: ["backup-bucket-expiry-after-lock"],
        says: 'lifecycle rule "expire-receipts" of backup bucket',
    },
];
