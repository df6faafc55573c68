import type { PolicyStatement } from "../policy-document";

/** What a job built from the runner bundle needs to run at all: its own log group and the bundle. */
export function jobRunStatements(p: {
    readonly logGroupArn: string;
    readonly artifactBucketArn: string;
    readonly bundleKey: string;
}): PolicyStatement[] {
    return [
        {
            // The group itself for CreateLogStream, `:*` for the streams PutLogEvents writes.
            Sid: "WriteOwnLogGroup",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: [p.logGroupArn, `${p.logGroupArn}:*`],
        },
        {
            Sid: "ReadRunnerBundle",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: `${p.artifactBucketArn}/${p.bundleKey}`,
        },
    ];
}
