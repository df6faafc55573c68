/**
 * The identity policies the stacks render for the roles that reach into the backup bucket and its keys: the S3
 * replication role and the BackupAuditor's auditor and canary (prod-backup), and the runner role (prod-source,
 * its inline and managed policies),
 * taken from the offline previews with the mocks' ARNs renamed as in `renderedPolicies`.
 */
import { PolicyDocument, PolicyStatement } from "../../components/common/policy-document";
import { runStackOffline } from "../../scripts/preview-offline";
import { RecordedResource } from "../harness/offline-mocks";
import { evaluatePolicy, Evaluation, IamRequest } from "../iam-eval/evaluate";
import * as f from "./fixtures";
import { recorded, renamed } from "./rendered";

export type IdentityName = "replicationRole" | "runnerRole" | "auditorRole" | "canaryRole";

const REPLICA = "strongbox:storage:ReplicaBucket";
const BUCKET = "strongbox:storage:ImmutableBackupBucket";
const RUNNER = "strongbox:runner:PgDumpRunner";
const AUDITOR = "strongbox:audit:BackupAuditor";

export async function renderedIdentityPolicies(): Promise<Record<IdentityName, PolicyDocument[]>> {
    const backup = (await runStackOffline("prod-backup")).resources;
    const source = (await runStackOffline("prod-source")).resources;
    const arnOf = (r: RecordedResource) => r.state.arn as string;
    const renames: Array<[string, string]> = [
        [arnOf(recorded(backup, "aws:kms/key:Key", BUCKET, "-key")), f.KEY_ARN],
        [arnOf(recorded(backup, "aws:kms/key:Key", REPLICA, "-key")), f.REPLICA_KEY_ARN],
    ];
    const policyOf = (r: RecordedResource) => renamed(r.inputs.policy as string, renames);
    const runnerPolicies = source.filter(
        (r) =>
            r.urn.includes(`${RUNNER}$`) &&
            ((r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.endsWith("-pgdump-role-policy")) ||
                (r.type === "aws:iam/policy:Policy" && /-pgdump-(dumps|secrets)-\d+$/.test(r.name))),
    );
    if (!runnerPolicies.some((r) => r.name.includes("-dumps-")))
        throw new Error("prod-source declares no dump policy for the runner");
    return {
        replicationRole: [
            policyOf(recorded(backup, "aws:iam/rolePolicy:RolePolicy", REPLICA, "-role-policy")),
        ],
        runnerRole: runnerPolicies.map(policyOf),
        auditorRole: [
            policyOf(recorded(backup, "aws:iam/rolePolicy:RolePolicy", AUDITOR, "-auditor-policy")),
        ],
        canaryRole: [policyOf(recorded(backup, "aws:iam/rolePolicy:RolePolicy", AUDITOR, "-canary-policy"))],
    };
}

/**
 * An identity policy applies to the principal it is attached to, so it has no Principal: each statement is
 * evaluated here as if it named the requester. Deny wins, then Allow, as in a resource policy.
 */
export function evaluateIdentity(docs: readonly PolicyDocument[], request: IamRequest): Evaluation {
    const statements: PolicyStatement[] = docs.flatMap((d) =>
        d.Statement.map((s) => ({ ...s, Principal: "*" })),
    );
    return evaluatePolicy({ Version: "2012-10-17", Statement: statements }, request);
}
