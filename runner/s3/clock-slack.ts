/**
 * How far the runner's clock and S3's may disagree before a timestamp comparison means something.
 * Two places compare them: the read-back after a dump (S3 counts the default retention from the object's
 * creation, which the runner can only time by its own clock) and the catalog (a key is named by the
 * writer's clock, LastModified is S3's). NTP keeps CodeBuild hosts within a second; five minutes is far
 * above that, and far below a day of retention or the hours between two dumps.
 */
export const CLOCK_SLACK_MS = 5 * 60 * 1000;
