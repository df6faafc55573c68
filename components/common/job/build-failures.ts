/**
 * Which CodeBuild builds page someone, for the dump job and the audit jobs alike: a build that did not succeed
 * did not do its job (no dump, or no audit), so its state change goes to a topic (EventBridge's "CodeBuild
 * Build State Change" event).
 */

/** The build states that page someone: anything that did not end in SUCCEEDED. */
export const FAILURE_BUILD_STATES = ["FAILED", "TIMED_OUT", "STOPPED"] as const;

/** The EventBridge pattern of the failed builds of `projectNames`. */
export function failedBuildsPattern(projectNames: readonly string[]): Record<string, unknown> {
    return {
        source: ["aws.codebuild"],
        "detail-type": ["CodeBuild Build State Change"],
        detail: { "build-status": [...FAILURE_BUILD_STATES], "project-name": [...projectNames] },
    };
}
