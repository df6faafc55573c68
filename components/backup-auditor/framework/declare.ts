/**
 * The Audit Manager framework, declared in every region that holds a vault (Config evaluates recovery points
 * where they are), and the report plans, declared once in the home region: a compliance report over every
 * region's framework, and the backup, copy and restore job reports over every vault region ("ReportSetting":
 * `FrameworkArns`, `Regions`). Reports go to the locked report bucket (`reports/bucket.ts`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { auditManagerName, ControlParameters, frameworkControls } from "./controls";

/** The report templates a plan is made for, and the suffix of each plan's name. */
export const REPORT_TEMPLATES = {
    CONTROL_COMPLIANCE_REPORT: "control_compliance",
    BACKUP_JOB_REPORT: "backup_jobs",
    COPY_JOB_REPORT: "copy_jobs",
    RESTORE_JOB_REPORT: "restore_jobs",
} as const;
export type ReportTemplate = keyof typeof REPORT_TEMPLATES;

/** Report files: CSV for people, JSON for tools (JSON only for single-account reports, which these are). */
export const REPORT_FORMATS: readonly string[] = ["CSV", "JSON"];

export interface FrameworkArgs {
    readonly namePrefix: string;
    readonly homeRegion: string;
    readonly regions: readonly string[];
    readonly parameters: ControlParameters;
    readonly reportBucketName: pulumi.Input<string>;
    /** The report plans must wait for the bucket's policy and key policy: AWS Backup checks it can write. */
    readonly reportBucketReady: ReadonlyArray<pulumi.Resource>;
    readonly tags: Record<string, string>;
}

export interface FrameworkAndReports {
    readonly frameworks: aws.backup.Framework[];
    readonly reportPlans: Record<ReportTemplate, aws.backup.ReportPlan>;
}

/** Declares `${name}-framework-<region>` per region and `${name}-report-<template suffix>` per template. */
export function declareFrameworkAndReports(
    name: string,
    a: FrameworkArgs,
    parent: pulumi.Resource,
): FrameworkAndReports {
    const controls = frameworkControls(a.parameters).map((c) => ({
        name: c.name,
        inputParameters: c.inputParameters.map((p) => ({ name: p.name, value: p.value })),
        ...(c.scope && { scope: { complianceResourceTypes: [...c.scope.complianceResourceTypes] } }),
    }));
    const frameworks = a.regions.map(
        (region) =>
            new aws.backup.Framework(
                `${name}-framework-${region}`,
                {
                    name: auditManagerName(a.namePrefix, "backups"),
                    description:
                        "Strongbox: the backup account's recovery points are encrypted, locked and kept",
                    controls,
                    region,
                    tags: a.tags,
                },
                { parent },
            ),
    );
    const plan = (template: ReportTemplate) =>
        new aws.backup.ReportPlan(
            `${name}-report-${REPORT_TEMPLATES[template]}`,
            {
                name: auditManagerName(a.namePrefix, REPORT_TEMPLATES[template]),
                description: `Strongbox: ${REPORT_TEMPLATES[template].replace("_", " ")} report`,
                reportDeliveryChannel: {
                    s3BucketName: a.reportBucketName,
                    s3KeyPrefix: "audit-manager",
                    formats: [...REPORT_FORMATS],
                },
                reportSetting:
                    template === "CONTROL_COMPLIANCE_REPORT"
                        ? { reportTemplate: template, frameworkArns: frameworks.map((f) => f.arn) }
                        : { reportTemplate: template, regions: [...a.regions] },
                region: a.homeRegion,
                tags: a.tags,
            },
            { parent, dependsOn: [...a.reportBucketReady] },
        );
    const reportPlans = {
        CONTROL_COMPLIANCE_REPORT: plan("CONTROL_COMPLIANCE_REPORT"),
        BACKUP_JOB_REPORT: plan("BACKUP_JOB_REPORT"),
        COPY_JOB_REPORT: plan("COPY_JOB_REPORT"),
        RESTORE_JOB_REPORT: plan("RESTORE_JOB_REPORT"),
    };
    return { frameworks, reportPlans };
}
