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
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, policyDocument } from "../common/policy-document";

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

/** Only this rule, in this account, may publish. */
export function failureTopicPolicy(topicArn: string, ruleArn: string, accountId: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "EventBridgeJobFailureRulePublishes",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: {
                ArnEquals: { "aws:SourceArn": ruleArn },
                StringEquals: { "aws:SourceAccount": accountId },
            },
        },
    ]);
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
    const topic = new aws.sns.Topic(
        `${name}-failures`,
        { name: `${s.namePrefix}-snapshot-failures`, tags: s.tags },
        { parent },
    );
    const rule = new aws.cloudwatch.EventRule(
        `${name}-failure-rule`,
        {
            name: `${s.namePrefix}-snapshot-failures`,
            description: "Strongbox: an AWS Backup snapshot or copy job failed, expired or was aborted",
            eventPattern: JSON.stringify(jobFailureEventPattern()),
            tags: s.tags,
        },
        { parent },
    );
    new aws.sns.TopicPolicy(
        `${name}-failures-policy`,
        {
            arn: topic.arn,
            policy: pulumi
                .all([topic.arn, rule.arn])
                .apply(([t, r]) => JSON.stringify(failureTopicPolicy(t, r, s.accountId))),
        },
        { parent },
    );
    new aws.cloudwatch.EventTarget(`${name}-failure-target`, { rule: rule.name, arn: topic.arn }, { parent });
    // Named by address, so removing one e-mail from the list does not re-subscribe the others.
    for (const email of s.notificationEmails) {
        new aws.sns.TopicSubscription(
            `${name}-failures-email-${email}`,
            { topic: topic.arn, protocol: "email", endpoint: email },
            { parent },
        );
    }
    return topic;
}
