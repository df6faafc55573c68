/**
 * The tamper rules: in every region that holds a backup bucket, key or vault, EventBridge rules on CloudTrail's
 * record of the calls that could weaken them (`patterns.ts`). The home region's rules notify the audit topic and
 * match every region's resources; the rules of the other regions forward their events to the home region's
 * default bus (EventBridge User Guide, "Sending and receiving events between AWS Regions": an event bus in another
 * Region is a target, with a role allowed events:PutEvents on it), where the home rules match them again.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, policyDocument } from "../../common/policy-document";
import { AuditedVault } from "../args";
import {
    anyKeyIn,
    bucketPattern,
    KeyMatch,
    keyPattern,
    restorePattern,
    TamperCategory,
    vaultPattern,
} from "./patterns";

export interface TamperRulesArgs {
    readonly partition: string;
    readonly accountId: string;
    readonly homeRegion: string;
    readonly namePrefix: string;
    readonly buckets: ReadonlyArray<{ readonly region: string; readonly name: pulumi.Input<string> }>;
    readonly keys: ReadonlyArray<{ readonly region: string; readonly arn: pulumi.Input<string> }>;
    readonly vaults: readonly AuditedVault[];
    readonly topic: aws.sns.Topic;
    readonly tags: Record<string, string>;
}

/** What one region's rules watch; the values may still be outputs. */
interface Watched {
    readonly buckets: ReadonlyArray<pulumi.Input<string>>;
    readonly keys: ReadonlyArray<pulumi.Input<KeyMatch>>;
    readonly vaultNames: readonly string[];
}

export function homeBusArn(partition: string, region: string, accountId: string): string {
    return `arn:${partition}:events:${region}:${accountId}:event-bus/default`;
}

/** EventBridge may put events on the home bus, for our account's rules only. */
export function forwarderTrustPolicy(accountId: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "EventBridgeOfThisAccount",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    ]);
}

export function forwarderPolicy(busArn: string): PolicyDocument {
    return policyDocument([
        { Sid: "ForwardToHomeBus", Effect: "Allow", Action: "events:PutEvents", Resource: busArn },
    ]);
}

/** Which categories apply to what a region holds, and each one's pattern (output-valued inputs resolved). */
function patternsFor(w: Watched): Array<[TamperCategory, pulumi.Output<object>]> {
    const out: Array<[TamperCategory, pulumi.Output<object>]> = [];
    if (w.keys.length > 0) {
        const keys = pulumi.all([...w.keys]);
        out.push(["key-destruction", keys.apply((k) => keyPattern("key-destruction", k))]);
        out.push(["key-grants", keys.apply((k) => keyPattern("key-grants", k))]);
    }
    if (w.buckets.length > 0)
        out.push(["buckets", pulumi.all([...w.buckets]).apply((b) => bucketPattern(b))]);
    if (w.vaultNames.length > 0) {
        out.push(["vaults", pulumi.output(vaultPattern([...new Set(w.vaultNames)]))]);
        out.push(["restores", pulumi.output(restorePattern())]);
    }
    return out;
}

/** What every region watches, and the union the home region watches. */
function watchedByRegion(a: TamperRulesArgs): { regions: Map<string, Watched>; all: Watched } {
    const names = [
        ...new Set([
            a.homeRegion,
            ...a.buckets.map((b) => b.region),
            ...a.keys.map((k) => k.region),
            ...a.vaults.map((v) => v.region),
        ]),
    ];
    const regions = new Map<string, Watched>();
    for (const region of names) {
        const vaults = a.vaults.filter((v) => v.region === region);
        const named = a.keys.filter((k) => k.region === region).map((k) => k.arn);
        // A region with vaults whose keys the stack cannot name: every key of the account there.
        const keys: Array<pulumi.Input<KeyMatch>> =
            named.length === 0 && vaults.length > 0 ? [anyKeyIn(a.partition, region, a.accountId)] : named;
        regions.set(region, {
            buckets: a.buckets.filter((b) => b.region === region).map((b) => b.name),
            keys,
            vaultNames: vaults.map((v) => v.vaultName),
        });
    }
    const every = [...regions.values()];
    return {
        regions,
        all: {
            buckets: every.flatMap((w) => w.buckets),
            keys: every.flatMap((w) => w.keys),
            vaultNames: every.flatMap((w) => w.vaultNames),
        },
    };
}

/**
 * Declares `${name}-tamper-<category>-<region>` (rule and target) per category and region, and, when there are
 * other regions, `${name}-tamper-forwarder` (role) and `${name}-tamper-forwarder-policy`. Returns the home rules,
 * the only ones that publish to the topic.
 */
export function declareTamperRules(
    name: string,
    a: TamperRulesArgs,
    parent: pulumi.Resource,
): aws.cloudwatch.EventRule[] {
    const { regions, all } = watchedByRegion(a);
    const remote = [...regions.keys()].filter((r) => r !== a.homeRegion);
    const busArn = homeBusArn(a.partition, a.homeRegion, a.accountId);
    let forwarder: aws.iam.Role | undefined;
    let forwarderPolicyResource: aws.iam.RolePolicy | undefined;
    if (remote.length > 0) {
        forwarder = new aws.iam.Role(
            `${name}-tamper-forwarder`,
            {
                name: `${a.namePrefix}-tamper-forwarder`,
                description: "Strongbox: forwards tamper events from other regions to the home region's bus",
                assumeRolePolicy: JSON.stringify(forwarderTrustPolicy(a.accountId)),
                tags: a.tags,
            },
            { parent },
        );
        forwarderPolicyResource = new aws.iam.RolePolicy(
            `${name}-tamper-forwarder-policy`,
            {
                role: forwarder.name,
                name: "forward-to-home-bus",
                policy: JSON.stringify(forwarderPolicy(busArn)),
            },
            { parent },
        );
    }
    const home: aws.cloudwatch.EventRule[] = [];
    for (const [region, watched] of regions) {
        const isHome = region === a.homeRegion;
        for (const [category, pattern] of patternsFor(isHome ? all : watched)) {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-tamper-${category}-${region}`,
                {
                    name: `${a.namePrefix}-tamper-${category}`,
                    description: `Strongbox: ${category} calls on the backup account's resources${isHome ? "" : ` in ${region}, forwarded to ${a.homeRegion}`}`,
                    eventPattern: pattern.apply((p) => JSON.stringify(p)),
                    region,
                    tags: a.tags,
                },
                { parent },
            );
            new aws.cloudwatch.EventTarget(
                `${name}-tamper-${category}-${region}`,
                isHome
                    ? { rule: rule.name, arn: a.topic.arn, region }
                    : { rule: rule.name, arn: busArn, roleArn: forwarder!.arn, region },
                { parent, dependsOn: forwarderPolicyResource === undefined ? [] : [forwarderPolicyResource] },
            );
            if (isHome) home.push(rule);
        }
    }
    return home;
}
