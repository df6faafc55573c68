/**
 * Failed, expired and aborted backup and copy jobs reach an SNS topic through an EventBridge rule.
 * AWS Backup sends "Backup Job State Change" and "Copy Job State Change" events to EventBridge (best
 * effort, "Monitoring AWS Backup events using Amazon EventBridge"); some events carry the outcome as
 * `state`, others as `status` ("consistent with the AWS Backup API"), so the pattern matches either.
 * The rule matches every AWS Backup job of the source account rather than this plan's alone: a filter
 * on a detail field that some events lack would drop exactly the failure it was meant to report.
 *
 * The plan has its own topic, not the runner's: the runner's topic policy lets only its own rule publish
 * (`aws:SourceArn`), and a topic per component keeps each one's policy exact. The same addresses
 * subscribe to both.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { declareEventNotifications } from "../common/event-notifications";

/** Job outcomes that mean a snapshot or its copy did not happen. */
export const FAILED_JOB_STATES = ["FAILED", "EXPIRED", "ABORTED"] as const;
export const JOB_EVENT_TYPES = ["Backup Job State Change", "Copy Job State Change"] as const;

export function jobFailureEventPattern(): Record<string, unknown> {
    return {
        source: ["aws.backup"],
        "detail-type": [...JOB_EVENT_TYPES],
        detail: { $or: [{ state: [...FAILED_JOB_STATES] }, { status: [...FAILED_JOB_STATES] }] },
    };
}

export interface JobNotificationsSettings {
    readonly namePrefix: string;
    readonly accountId: string;
    readonly notificationEmails: readonly string[];
    readonly tags: Record<string, string>;
}

/**
 * Declares `${name}-failures` (topic), `-failure-rule`, `-failures-policy`, `-failure-target` and
 * `-failures-email-<address>` per address; returns the topic.
 */
export function declareJobNotifications(
    name: string,
    s: JobNotificationsSettings,
    parent: pulumi.Resource,
): aws.sns.Topic {
    return declareEventNotifications(
        name,
        {
            physicalName: `${s.namePrefix}-snapshot-failures`,
            description: "Strongbox: an AWS Backup snapshot or copy job failed, expired or was aborted",
            eventPattern: JSON.stringify(jobFailureEventPattern()),
            accountId: s.accountId,
            policySid: "EventBridgeJobFailureRulePublishes",
            notificationEmails: s.notificationEmails,
            tags: s.tags,
        },
        parent,
    );
}
