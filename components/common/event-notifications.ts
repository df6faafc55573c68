/**
 * An EventBridge rule that forwards matching events to an SNS topic, with e-mail subscriptions: how
 * every Strongbox component tells a person that something did not happen (a dump build failed, a
 * snapshot or copy job failed, an audit found a problem). One helper so that the topic policy (only this
 * stack's rules, in this account, may publish) and the subscription naming cannot drift between components;
 * the BackupAuditor, whose one topic serves many rules and its alarms, uses its pieces.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, policyDocument, PolicyStatement } from "./policy-document";

/**
 * EventBridge may publish to the topic only for `ruleArns`, acting for `accountId` (the confused-deputy guard:
 * SNS Developer Guide, "Amazon SNS access control case examples"). One ARN renders as a string, as deployed.
 */
export function eventRulesPublishStatement(
    sid: string,
    topicArn: string,
    ruleArns: string | readonly string[],
    accountId: string,
): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: {
            ArnEquals: { "aws:SourceArn": typeof ruleArns === "string" ? ruleArns : [...ruleArns] },
            StringEquals: { "aws:SourceAccount": accountId },
        },
    };
}

/** Only the rule `ruleArn`, acting for `accountId`, may publish to the topic (the confused-deputy guard). */
export function eventTopicPolicy(
    topicArn: string,
    ruleArn: string,
    accountId: string,
    sid: string,
): PolicyDocument {
    return policyDocument([eventRulesPublishStatement(sid, topicArn, ruleArn, accountId)]);
}

/**
 * Declares `${name}-<address>` (an e-mail subscription) per address. Named by address, so removing one e-mail
 * from the list does not re-subscribe the others.
 */
export function subscribeEmails(
    name: string,
    topicArn: pulumi.Input<string>,
    emails: readonly string[],
    parent: pulumi.Resource,
): void {
    for (const email of emails) {
        new aws.sns.TopicSubscription(
            `${name}-${email}`,
            { topic: topicArn, protocol: "email", endpoint: email },
            { parent },
        );
    }
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
    subscribeEmails(`${name}-failures-email`, topic.arn, args.notificationEmails, parent);
    return topic;
}
