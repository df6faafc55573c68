/**
 * An EventBridge rule that forwards matching events to an SNS topic, with e-mail subscriptions: how
 * every Strongbox component tells a person that something did not happen (a dump build failed, a
 * snapshot or copy job failed). One helper so that the topic policy (only this rule, in this account,
 * may publish) and the subscription naming cannot drift between components.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, policyDocument } from "./policy-document";

/** Only the rule `ruleArn`, acting for `accountId`, may publish to the topic (the confused-deputy guard). */
export function eventTopicPolicy(
    topicArn: string,
    ruleArn: string,
    accountId: string,
    sid: string,
): PolicyDocument {
    return policyDocument([
        {
            Sid: sid,
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

export interface EventNotificationsArgs {
    /** Physical name of both the topic and the rule. */
    readonly physicalName: string;
    /** Shown on the rule: say what went wrong. */
    readonly description: string;
    readonly eventPattern: pulumi.Input<string>;
    /** The account whose rule may publish. */
    readonly accountId: string;
    /** Sid of the topic policy's one statement. */
    readonly policySid: string;
    readonly notificationEmails: readonly string[];
    readonly tags: Record<string, string>;
}

/**
 * Declares `${name}-failures` (topic), `${name}-failure-rule`, `${name}-failures-policy`,
 * `${name}-failure-target` and `${name}-failures-email-<address>` per address; returns the topic.
 */
export function declareEventNotifications(
    name: string,
    args: EventNotificationsArgs,
    parent: pulumi.Resource,
): aws.sns.Topic {
    const { tags } = args;
    const topic = new aws.sns.Topic(`${name}-failures`, { name: args.physicalName, tags }, { parent });
    const rule = new aws.cloudwatch.EventRule(
        `${name}-failure-rule`,
        { name: args.physicalName, description: args.description, eventPattern: args.eventPattern, tags },
        { parent },
    );
    new aws.sns.TopicPolicy(
        `${name}-failures-policy`,
        {
            arn: topic.arn,
            policy: pulumi
                .all([topic.arn, rule.arn])
                .apply(([t, r]) => JSON.stringify(eventTopicPolicy(t, r, args.accountId, args.policySid))),
        },
        { parent },
    );
    // The whole event goes out: it names what failed (and, for builds, the database's overrides: no credentials).
    new aws.cloudwatch.EventTarget(`${name}-failure-target`, { rule: rule.name, arn: topic.arn }, { parent });
    // Named by address, so removing one e-mail from the list does not re-subscribe the others.
    for (const email of args.notificationEmails) {
        new aws.sns.TopicSubscription(
            `${name}-failures-email-${email}`,
            { topic: topic.arn, protocol: "email", endpoint: email },
            { parent },
        );
    }
    return topic;
}
