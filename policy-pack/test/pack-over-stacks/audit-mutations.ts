/**
 * Mutations of the BackupAuditor's part of the backup stack: its framework, its report bucket, its alarms and
 * the canary's grants. Part of the table in mutations.ts.
 */
import { T } from "../../lib/types";
import { childOf, COMPONENT } from "../fixtures";
import type { Mutation } from "./mutations";
import { Props } from "./records";

const auditorChild = (suffix: string) => (specs: Parameters<typeof childOf>[0]) =>
    childOf(specs, COMPONENT.auditor, suffix);

export const AUDIT_MUTATIONS: readonly Mutation[] = [
    {
        title: "no Audit Manager framework in a source region's vaults",
        stack: "prod-backup",
        apply: (s) => s.remove(T.framework, (r) => r.inputs.region === "us-east-1"),
        policies: ["backup-audit-framework"],
        says: "us-east-1 holds backup vault",
    },
    {
        title: "the report bucket locked in GOVERNANCE mode",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(
                T.objectLock,
                (p) => (((p.rule as Props).defaultRetention as Props).mode = "GOVERNANCE"),
                s.of("audit-reports"),
            ),
        policies: ["backup-audit-report-bucket"],
        says: "must lock every report in COMPLIANCE mode",
    },
    {
        title: "the canary alarm tells nobody",
        stack: "prod-backup",
        apply: (s) =>
            s.edit(
                T.metricAlarm,
                (p) => (p.alarmActions = []),
                s.is(auditorChild("-alarm-canary-not-denied")),
            ),
        policies: ["backup-alarm-actions"],
        says: "must have at least one alarm action",
    },
    {
        title: "the canary allowed to delete dump versions",
        stack: "prod-backup",
        apply: (s) =>
            s.editPolicy(
                T.rolePolicy,
                (d) =>
                    d.Statement.push({
                        Effect: "Allow",
                        Action: "s3:DeleteObjectVersion",
                        Resource: "arn:aws:s3:::acme-strongbox-prod-pg-backups/layer3/*",
                    }),
                s.is(auditorChild("-canary-policy")),
            ),
        policies: ["backup-writer-iam-least-privilege"],
        says: 'must not be granted s3:DeleteObject* (RolePolicy "audit-prod-canary-policy" allows "s3:DeleteObjectVersion")',
    },
    {
        title: "the auditor allowed to change a dump's retention",
        stack: "prod-backup",
        apply: (s) =>
            s.editPolicy(
                T.rolePolicy,
                (d) =>
                    d.Statement.push({
                        Effect: "Allow",
                        Action: "s3:PutObjectRetention",
                        Resource: "arn:aws:s3:::acme-strongbox-prod-pg-backups/layer3/*",
                    }),
                s.is(auditorChild("-auditor-policy")),
            ),
        policies: ["backup-writer-iam-least-privilege"],
        says: 'must not be granted s3:PutObjectRetention (RolePolicy "audit-prod-auditor-policy" allows "s3:PutObjectRetention")',
    },
];
