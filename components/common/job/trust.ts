/**
 * The IAM documents every scheduled CodeBuild job needs: who may assume the job's role (CodeBuild, for
 * one project), who may assume the scheduler's role (EventBridge Scheduler, for one schedule group) and
 * what the scheduler may do (start builds of named projects). Pure: plain strings in, `PolicyDocument` out.
 */
import { PolicyDocument, PolicyStatement, policyDocument } from "../policy-document";

/**
 * Trust for one AWS service, pinned to our account and one source ARN: the confused-deputy guard AWS
 * recommends, so no other account's build or schedule can assume the role.
 */
export function serviceTrust(
    service: string,
    accountId: string,
    sourceArn: string | readonly string[],
): PolicyDocument {
    const statement: PolicyStatement = {
        Sid: "AssumedByServiceForThisAccountOnly",
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
            ArnEquals: { "aws:SourceArn": typeof sourceArn === "string" ? sourceArn : [...sourceArn] },
        },
    };
    return policyDocument([statement]);
}

/**
 * Trust for CodeBuild, pinned to our account and its project(s) (CodeBuild sends the project's ARN as
 * `aws:SourceArn`); one project is written as a string.
 */
export function codeBuildTrustPolicy(
    partition: string,
    accountId: string,
    region: string,
    projectNames: string | readonly string[],
): PolicyDocument {
    const arn = (n: string) => `arn:${partition}:codebuild:${region}:${accountId}:project/${n}`;
    return serviceTrust(
        "codebuild.amazonaws.com",
        accountId,
        typeof projectNames === "string" ? arn(projectNames) : projectNames.map(arn),
    );
}

/**
 * Trust for EventBridge Scheduler, pinned to our account and schedule group (Scheduler sends the group's
 * ARN as `aws:SourceArn`).
 */
export function schedulerTrustPolicy(
    partition: string,
    accountId: string,
    region: string,
    scheduleGroupName: string,
): PolicyDocument {
    return serviceTrust(
        "scheduler.amazonaws.com",
        accountId,
        `arn:${partition}:scheduler:${region}:${accountId}:schedule-group/${scheduleGroupName}`,
    );
}

/** The scheduler may start builds of `projectArns` and do nothing else (one ARN is written as a string). */
export function startBuildPolicy(sid: string, projectArns: readonly string[]): PolicyDocument {
    return policyDocument([
        {
            Sid: sid,
            Effect: "Allow",
            Action: "codebuild:StartBuild",
            Resource: projectArns.length === 1 ? projectArns[0] : [...projectArns],
        },
    ]);
}
