/**
 * What the prod-backup stack itself renders: its resource policies as the offline preview of the real program
 * recorded them (the same stack with an organization, and with a second writer, for the branches the example
 * YAML does not take), so the meaning tables evaluate exactly what `pulumi up` would deploy.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PolicyDocument } from "../../components/common/policy-document";
import { runStackOffline } from "../../scripts/preview-offline";
import { RecordedResource } from "../harness/offline-mocks";
import * as f from "./fixtures";

/** `vaultInOrg`: the same stack with an organization, the one branch the example YAML does not take. */
const ORG_OVERRIDE = { "strongbox:backup": JSON.stringify({ ...rawBackupConfig(), organizationId: f.ORG }) };
/** `bucketTwoWriters`: the same stack with a second source account whose runner also backs up `appdb`. */
const TWO_WRITERS_OVERRIDE = {
    "strongbox:backup": JSON.stringify({
        ...rawBackupConfig(),
        sourceAccountIds: [...f.cfg.backup.sourceAccountIds, f.SOURCE_B],
        writers: [...(rawBackupConfig().writers as unknown[]), f.WRITER_B_ENTRY],
    }),
};

function rawBackupConfig(): Record<string, unknown> {
    const file = path.join(__dirname, "..", "..", "Pulumi.prod-backup.yaml");
    const yaml = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, Record<string, unknown>> };
    return yaml.config["strongbox:backup"];
}

/** `text` with each mock ARN replaced by the fixture's name for it, parsed. */
export function renamed(text: string, renames: ReadonlyArray<[string, string]>): PolicyDocument {
    let out = text;
    for (const [from, to] of renames) out = out.split(from).join(to);
    return JSON.parse(out) as PolicyDocument;
}

/** The one recorded resource of `type` whose URN ends with `::<name ending in suffix>` under a parent of `parentType`. */
export function recorded(
    rs: readonly RecordedResource[],
    type: string,
    parentType: string,
    suffix: string,
): RecordedResource {
    const found = rs.filter(
        (r) => r.type === type && r.name.endsWith(suffix) && r.urn.includes(`${parentType}$${type}::`),
    );
    if (found.length !== 1)
        throw new Error(`expected one ${type} *${suffix} under ${parentType}, found ${found.length}`);
    return found[0];
}

/**
 * The stack's resource policies as the offline preview recorded them. The mocks invent ARNs for keys and
 * roles; each is replaced by the fixture's name for it (f.KEY_ARN, f.REPLICATION_ROLE...) so that the table's
 * requests can name them. Nothing else is touched.
 */
export async function renderedPolicies(): Promise<Record<f.PolicyName, PolicyDocument>> {
    const stack = (await runStackOffline("prod-backup")).resources;
    const inOrg = (await runStackOffline("prod-backup", ORG_OVERRIDE)).resources;
    const twoWriters = (await runStackOffline("prod-backup", TWO_WRITERS_OVERRIDE)).resources;
    const BUCKET = "strongbox:storage:ImmutableBackupBucket";
    const REPLICA = "strongbox:storage:ReplicaBucket";
    const VAULT = "strongbox:backup:CrossAccountVault";
    const AUDITOR = "strongbox:audit:BackupAuditor";
    const arnOf = (r: RecordedResource) => r.state.arn as string;
    const renames: Array<[string, string]> = [
        [arnOf(recorded(stack, "aws:kms/key:Key", BUCKET, "-key")), f.KEY_ARN],
        [arnOf(recorded(stack, "aws:kms/key:Key", REPLICA, "-key")), f.REPLICA_KEY_ARN],
        [arnOf(recorded(stack, "aws:iam/role:Role", REPLICA, "-role")), f.REPLICATION_ROLE],
    ];
    const doc = (r: RecordedResource): PolicyDocument => renamed(r.inputs.policy as string, renames);
    const bucket = doc(recorded(stack, "aws:s3/bucketPolicy:BucketPolicy", BUCKET, "-policy"));
    return {
        bucket,
        bucketWithReplica: bucket,
        replica: doc(recorded(stack, "aws:s3/bucketPolicy:BucketPolicy", REPLICA, "-policy")),
        bucketTwoWriters: doc(recorded(twoWriters, "aws:s3/bucketPolicy:BucketPolicy", BUCKET, "-policy")),
        bucketKey: doc(recorded(stack, "aws:kms/key:Key", BUCKET, "-key")),
        replicaKey: doc(recorded(stack, "aws:kms/key:Key", REPLICA, "-key")),
        vaultKey: doc(recorded(stack, "aws:kms/key:Key", VAULT, "-prod-key")),
        sensitiveKey: doc(recorded(stack, "aws:kms/key:Key", VAULT, "-prod-sensitive-key")),
        vault: doc(recorded(stack, "aws:backup/vaultPolicy:VaultPolicy", VAULT, "-prod-policy")),
        sourceRegionVault: doc(
            recorded(stack, "aws:backup/vaultPolicy:VaultPolicy", VAULT, `-prod-${f.SOURCE_REGION}-policy`),
        ),
        sourceRegionSensitiveKey: doc(
            recorded(stack, "aws:kms/key:Key", VAULT, `-prod-${f.SOURCE_REGION}-sensitive-key`),
        ),
        vaultInOrg: doc(recorded(inOrg, "aws:backup/vaultPolicy:VaultPolicy", VAULT, "-prod-policy")),
        sensitiveVault: doc(
            recorded(stack, "aws:backup/vaultPolicy:VaultPolicy", VAULT, "-prod-sensitive-policy"),
        ),
        reportBucket: doc(recorded(stack, "aws:s3/bucketPolicy:BucketPolicy", AUDITOR, "-reports-policy")),
        reportKey: doc(recorded(stack, "aws:kms/key:Key", AUDITOR, "-reports-key")),
    };
}
