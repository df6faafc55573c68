/**
 * Failure notifications: a build state change that is not a success goes
 * through an EventBridge rule to an SNS topic and on to e-mail.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { declareEventNotifications } from "../common/event-notifications";
import { failedBuildsPattern } from "../common/job/build-failures";

// Shared with the audit jobs (common/job/build-failures.ts); re-exported for the component's importers.
export { FAILURE_BUILD_STATES } from "../common/job/build-failures";

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

/** The failed builds of one project. */
export function buildFailureEventPattern(projectName: string): Record<string, unknown> {
    return failedBuildsPattern([projectName]);
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
    return declareEventNotifications(
        name,
        {
            physicalName: `${args.namePrefix}-pgdump-failures`,
            description: "Strongbox: a pg_dump build did not succeed",
            eventPattern: args.projectName.apply((n) => JSON.stringify(buildFailureEventPattern(n))),
            accountId: args.accountId,
            policySid: "EventBridgeFailureRulePublishes",
            notificationEmails: args.notificationEmails,
            tags: args.tags,
        },
        parent,
    );
}
