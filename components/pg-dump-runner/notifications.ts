/**
 * Failure notifications: a build state change that is not a success goes
 * through an EventBridge rule to an SNS topic and on to e-mail.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { failureTopicPolicy } from "./iam";

/** The build states that page someone: anything that did not produce a dump. */
export const FAILURE_BUILD_STATES = ["FAILED", "TIMED_OUT", "STOPPED"] as const;

export interface FailureNotificationsArgs {
    /** Prefix of the topic's and rule's physical names. */
    readonly namePrefix: string;
    /** The account allowed to publish (through the rule). */
    readonly accountId: string;
    /** The project whose failed builds notify. */
    readonly projectName: pulumi.Output<string>;
    /** E-mail addresses subscribed to the topic. */
    readonly notificationEmails: ReadonlyArray<string>;
    readonly tags: Record<string, string>;
}

/**
 * Declares `${name}-failures` (the topic), `${name}-failure-rule`, `${name}-failures-policy`,
 * `${name}-failure-target` and `${name}-failures-email-<address>` per address; returns the topic.
 */
export function declareFailureNotifications(
    name: string,
    args: FailureNotificationsArgs,
    parent: pulumi.Resource,
): aws.sns.Topic {
    const { namePrefix: prefix, tags } = args;
    const topic = new aws.sns.Topic(
        `${name}-failures`,
        { name: `${prefix}-pgdump-failures`, tags },
        { parent },
    );
    const rule = new aws.cloudwatch.EventRule(
        `${name}-failure-rule`,
        {
            name: `${prefix}-pgdump-failures`,
            description: "Strongbox: a pg_dump build did not succeed",
            eventPattern: args.projectName.apply((n) =>
                JSON.stringify({
                    source: ["aws.codebuild"],
                    "detail-type": ["CodeBuild Build State Change"],
                    detail: { "build-status": [...FAILURE_BUILD_STATES], "project-name": [n] },
                }),
            ),
            tags,
        },
        { parent },
    );
    new aws.sns.TopicPolicy(
        `${name}-failures-policy`,
        {
            arn: topic.arn,
            policy: pulumi
                .all([topic.arn, rule.arn])
                .apply(([t, r]) => JSON.stringify(failureTopicPolicy(t, r, args.accountId))),
        },
        { parent },
    );
    // The whole event goes out: it names the build and carries the database's overrides (no credentials).
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
