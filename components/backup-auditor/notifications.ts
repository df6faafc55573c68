/**
 * The audit topic: every alarm, every tamper event and every failed audit build goes here, and on to e-mail.
 * Its policy lets exactly two services publish, each only for our own sources: CloudWatch for this stack's
 * alarms, EventBridge for this stack's rules (SNS Developer Guide, "Amazon SNS access control case examples";
 * `aws:SourceArn` and `aws:SourceAccount` are the confused-deputy guard).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { eventRulesPublishStatement, subscribeEmails } from "../common/event-notifications";
import { failedBuildsPattern } from "../common/job/build-failures";
import { PolicyDocument, policyDocument } from "../common/policy-document";

/** Alarm names start with the stack's prefix, so the topic can admit exactly them. */
export function alarmArnPattern(
    partition: string,
    region: string,
    accountId: string,
    namePrefix: string,
): string {
    return `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${namePrefix}-*`;
}

export function auditTopicPolicy(
    topicArn: string,
    ruleArns: readonly string[],
    alarmPattern: string,
    accountId: string,
): PolicyDocument {
    return policyDocument([
        {
            Sid: "CloudWatchAlarmsOfThisStack",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: {
                ArnLike: { "aws:SourceArn": alarmPattern },
                StringEquals: { "aws:SourceAccount": accountId },
            },
        },
        eventRulesPublishStatement("EventBridgeRulesOfThisStack", topicArn, ruleArns, accountId),
    ]);
}

export interface AuditTopicArgs {
    readonly namePrefix: string;
    readonly notificationEmails: readonly string[];
    readonly tags: Record<string, string>;
}

/** Declares `${name}-topic` and `${name}-email-<address>` per address. The policy comes later (`declareTopicPolicy`). */
export function declareAuditTopic(name: string, a: AuditTopicArgs, parent: pulumi.Resource): aws.sns.Topic {
    const topic = new aws.sns.Topic(
        `${name}-topic`,
        { name: `${a.namePrefix}-audit`, tags: a.tags },
        { parent },
    );
    subscribeEmails(`${name}-email`, topic.arn, a.notificationEmails, parent);
    return topic;
}

/** Declares `${name}-topic-policy` once every rule that publishes exists. */
export function declareTopicPolicy(
    name: string,
    topic: aws.sns.Topic,
    rules: ReadonlyArray<aws.cloudwatch.EventRule>,
    alarmPattern: string,
    accountId: string,
    parent: pulumi.Resource,
): aws.sns.TopicPolicy {
    return new aws.sns.TopicPolicy(
        `${name}-topic-policy`,
        {
            arn: topic.arn,
            policy: pulumi
                .all([topic.arn, ...rules.map((r) => r.arn)])
                .apply(([topicArn, ...ruleArns]) =>
                    JSON.stringify(auditTopicPolicy(topicArn, ruleArns, alarmPattern, accountId)),
                ),
        },
        { parent },
    );
}

/** Declares `${name}-job-failures`, the rule for audit builds that did not succeed, and its target. */
export function declareJobFailureRule(
    name: string,
    projectNames: ReadonlyArray<pulumi.Input<string>>,
    namePrefix: string,
    topic: aws.sns.Topic,
    tags: Record<string, string>,
    parent: pulumi.Resource,
): aws.cloudwatch.EventRule {
    const rule = new aws.cloudwatch.EventRule(
        `${name}-job-failures`,
        {
            name: `${namePrefix}-audit-job-failures`,
            description: "Strongbox: an audit job (verify, drill, canary) did not succeed",
            // A job that did not finish is an audit that did not happen: the same states as the dump job's.
            eventPattern: pulumi
                .all([...projectNames])
                .apply((names) => JSON.stringify(failedBuildsPattern(names))),
            tags,
        },
        { parent },
    );
    new aws.cloudwatch.EventTarget(`${name}-job-failures`, { rule: rule.name, arn: topic.arn }, { parent });
    return rule;
}
