/**
 * The prod-backup stack's real configuration (Pulumi.prod-backup.yaml, validated by the stack's own
 * parser), the policies the stack renders from it (`renderedPolicies`, taken from the offline preview of
 * the real program, so the meaning table evaluates exactly what `pulumi up` would deploy), builder
 * variants for the shape checks, and request helpers for the meaning tables.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { buildBucketPolicy } from "../../components/immutable-backup-bucket/bucket-policy";
import {
    buildSensitiveVaultKeyPolicy,
    buildVaultKeyPolicy,
} from "../../components/cross-account-vault/key-policy";
import { buildBackupKeyPolicy } from "../../components/immutable-backup-bucket/key-policy";
import {
    buildSensitiveVaultAccessPolicy,
    buildVaultAccessPolicy,
} from "../../components/cross-account-vault/vault-policy";
import { PolicyDocument } from "../../components/common/policy-document";
import { runStackOffline } from "../../scripts/preview-offline";
import * as limits from "../../shared/limits";
import { BackupStackConfig, parseStackConfig } from "../../stacks/config";
import { RecordedResource } from "../harness/offline-mocks";
import { IamRequest } from "../iam-eval/evaluate";

function loadBackupConfig(): BackupStackConfig {
    const file = path.join(__dirname, "..", "..", "Pulumi.prod-backup.yaml");
    const yaml = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(yaml.config)) {
        if (key.startsWith("strongbox:")) raw[key.slice("strongbox:".length)] = value;
    }
    const cfg = parseStackConfig(raw, yaml.config["aws:region"] as string);
    if (cfg.role !== "backup") throw new Error("Pulumi.prod-backup.yaml is not a backup stack");
    return cfg;
}

export const cfg = loadBackupConfig();
const b = cfg.backup;

export const BACKUP = b.accountId;
export const SOURCE = b.sourceAccountIds[0];
/** An account that is neither: a stranger, or (in the org rows) a sibling account in the organization. */
export const OTHER = "333333333333";
export const ORG = "o-a1b2c3d4e5";

export const WRITER = b.writerRoleArns[0];
export const BREAK_GLASS = b.breakGlassRoleArn;
export const ADMIN = b.keyAdminRoleArns[0];
/** Another role in the source account: an application, or an attacker who owns the source account's IAM. */
export const SOURCE_OTHER_ROLE = `arn:aws:iam::${SOURCE}:role/app-server`;
/** The writer's name in a foreign account: the allow-list must compare whole ARNs. */
export const STRANGER_SAME_NAME = WRITER.replace(SOURCE, OTHER);
export const SOURCE_BACKUP_ROLE = `arn:aws:iam::${SOURCE}:role/service-role/AWSBackupDefaultServiceRole`;
export const BACKUP_SLR = `arn:aws:iam::${BACKUP}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;
/** The role AWS Backup assumes for jobs in the backup account (a restore or copy passes it). */
export const BACKUP_RESTORE_ROLE = `arn:aws:iam::${BACKUP}:role/service-role/AWSBackupDefaultServiceRole`;
export const VERIFIER = `arn:aws:iam::${BACKUP}:role/strongbox-verifier-prod`;
export const REPLICATION_ROLE = `arn:aws:iam::${BACKUP}:role/strongbox-replication-prod`;
/** A role whose ARN starts with the replication role's: the guard must compare whole ARNs. */
export const REPLICATION_ROLE_LOOKALIKE = `${REPLICATION_ROLE}-copy`;

export const BUCKET_ARN = `arn:aws:s3:::${b.bucket.name}`;
export const REPLICA_BUCKET_ARN = `arn:aws:s3:::${b.bucket.replica?.name ?? `${b.bucket.name}-replica`}`;
export const REPLICA_KEY_ARN = `arn:aws:kms:${b.bucket.replica?.region}:${BACKUP}:key/5678abcd-12ab-34cd-56ef-1234567890ab`;
export const KEY_ARN = `arn:aws:kms:${cfg.region}:${BACKUP}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const OTHER_KEY_ARN = `arn:aws:kms:${cfg.region}:${OTHER}:key/0000abcd-12ab-34cd-56ef-1234567890ab`;
export const VAULT_ARN = `arn:aws:backup:${cfg.region}:${BACKUP}:backup-vault:${b.vault.name}`;
export const SENSITIVE_VAULT_ARN = `arn:aws:backup:${cfg.region}:${BACKUP}:backup-vault:${b.vault.sensitiveVault?.name}`;
/** The source accounts' region, where the backup stack declares its vaults again for RDS copies. */
export const SOURCE_REGION = b.vault.sourceRegions[0] ?? cfg.region;
export const SOURCE_REGION_VAULT_ARN = `arn:aws:backup:${SOURCE_REGION}:${BACKUP}:backup-vault:${b.vault.name}`;
export const RECOVERY_POINT = `arn:aws:backup:${cfg.region}:${BACKUP}:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45`;

/** What the component renders when the config does not say: explicit lock headers must ask at least the floor. */
export const MIN_DAYS = b.bucket.minimumRetentionDays ?? limits.MIN_RETENTION_DAYS;
export const MAX_DAYS = b.bucket.maxRetentionDays;
export const PREFIX = b.bucket.keyPrefix;
export const DUMP_KEY = `${BUCKET_ARN}/${PREFIX}/appdb/2026/11/24/appdb_20261124T013000Z.sql.gz`;
/** The same dump, replicated. */
export const REPLICA_DUMP_KEY = DUMP_KEY.replace(BUCKET_ARN, REPLICA_BUCKET_ARN);

export const bucketArgs = {
    bucketArn: BUCKET_ARN,
    kmsKeyArn: KEY_ARN,
    writerRoleArns: b.writerRoleArns,
    sourceAccountIds: b.sourceAccountIds,
    minimumRetentionDays: MIN_DAYS,
    maxRetentionDays: MAX_DAYS,
    keyPrefix: PREFIX,
};
const keyArgs = {
    accountId: BACKUP,
    keyAdminRoleArns: b.keyAdminRoleArns,
    breakGlassRoleArn: BREAK_GLASS,
    sourceAccountIds: b.sourceAccountIds,
};
/** Who the vault policies let change themselves, and who copies in. */
const vaultGuardians = {
    sourceAccountIds: b.sourceAccountIds,
    breakGlassRoleArn: BREAK_GLASS,
    deployerRoleArns: b.deployerRoleArns,
};

/**
 * Builder variants for the shape checks (principals.test.ts, builder-validation.test.ts), which cover
 * branches the example stack does not take. The meaning table evaluates `renderedPolicies()` instead.
 */
export const policies = {
    bucket: buildBucketPolicy(bucketArgs),
    bucketWithReplica: buildBucketPolicy({ ...bucketArgs, replicationRoleArn: REPLICATION_ROLE }),
    /** The replica bucket (ReplicaBucket): same builder, no writers; only the replication role fills it. */
    replica: buildBucketPolicy({
        ...bucketArgs,
        writerRoleArns: [],
        sourceAccountIds: [],
        replicaOf: { replicationRoleArn: REPLICATION_ROLE },
    }),
    bucketKey: buildBackupKeyPolicy({ ...keyArgs, writerRoleArns: b.writerRoleArns }),
    vaultKey: buildVaultKeyPolicy(keyArgs),
    sensitiveKey: buildSensitiveVaultKeyPolicy({ ...keyArgs, restoreRoleArn: BACKUP_RESTORE_ROLE }),
    vault: buildVaultAccessPolicy({ vaultArn: VAULT_ARN, ...vaultGuardians }),
    vaultInOrg: buildVaultAccessPolicy({ vaultArn: VAULT_ARN, ...vaultGuardians, organizationId: ORG }),
    sensitiveVault: buildSensitiveVaultAccessPolicy({ vaultArn: SENSITIVE_VAULT_ARN, ...vaultGuardians }),
    /** The vaults again in the source region (`vault.sourceRegions`): where the RDS snapshots are copied. */
    sourceRegionVault: buildVaultAccessPolicy({ vaultArn: SOURCE_REGION_VAULT_ARN, ...vaultGuardians }),
    sourceRegionSensitiveKey: buildSensitiveVaultKeyPolicy({
        ...keyArgs,
        restoreRoleArn: BACKUP_RESTORE_ROLE,
    }),
};
export type PolicyName = keyof typeof policies;

/** `vaultInOrg`: the same stack with an organization, the one branch the example YAML does not take. */
const ORG_OVERRIDE = { "strongbox:backup": JSON.stringify({ ...rawBackupConfig(), organizationId: ORG }) };

function rawBackupConfig(): Record<string, unknown> {
    const file = path.join(__dirname, "..", "..", "Pulumi.prod-backup.yaml");
    const yaml = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, Record<string, unknown>> };
    return yaml.config["strongbox:backup"];
}

/** The one recorded resource of `type` whose URN ends with `::<name ending in suffix>` under a parent of `parentType`. */
function recorded(
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
 * roles; each is replaced by the fixture's name for it (KEY_ARN, REPLICATION_ROLE...) so that the table's
 * requests can name them. Nothing else is touched.
 */
export async function renderedPolicies(): Promise<Record<PolicyName, PolicyDocument>> {
    const stack = (await runStackOffline("prod-backup")).resources;
    const inOrg = (await runStackOffline("prod-backup", ORG_OVERRIDE)).resources;
    const BUCKET = "strongbox:storage:ImmutableBackupBucket";
    const REPLICA = "strongbox:storage:ReplicaBucket";
    const VAULT = "strongbox:backup:CrossAccountVault";
    const arnOf = (r: RecordedResource) => r.state.arn as string;
    const renames: Array<[string, string]> = [
        [arnOf(recorded(stack, "aws:kms/key:Key", BUCKET, "-key")), KEY_ARN],
        [arnOf(recorded(stack, "aws:kms/key:Key", REPLICA, "-key")), REPLICA_KEY_ARN],
        [arnOf(recorded(stack, "aws:iam/role:Role", REPLICA, "-role")), REPLICATION_ROLE],
    ];
    const doc = (r: RecordedResource): PolicyDocument => {
        let text = r.inputs.policy as string;
        for (const [from, to] of renames) text = text.split(from).join(to);
        return JSON.parse(text) as PolicyDocument;
    };
    const bucket = doc(recorded(stack, "aws:s3/bucketPolicy:BucketPolicy", BUCKET, "-policy"));
    return {
        bucket,
        bucketWithReplica: bucket,
        replica: doc(recorded(stack, "aws:s3/bucketPolicy:BucketPolicy", REPLICA, "-policy")),
        bucketKey: doc(recorded(stack, "aws:kms/key:Key", BUCKET, "-key")),
        vaultKey: doc(recorded(stack, "aws:kms/key:Key", VAULT, "-prod-key")),
        sensitiveKey: doc(recorded(stack, "aws:kms/key:Key", VAULT, "-prod-sensitive-key")),
        vault: doc(recorded(stack, "aws:backup/vaultPolicy:VaultPolicy", VAULT, "-prod-policy")),
        sourceRegionVault: doc(
            recorded(stack, "aws:backup/vaultPolicy:VaultPolicy", VAULT, `-prod-${SOURCE_REGION}-policy`),
        ),
        sourceRegionSensitiveKey: doc(
            recorded(stack, "aws:kms/key:Key", VAULT, `-prod-${SOURCE_REGION}-sensitive-key`),
        ),
        vaultInOrg: doc(recorded(inOrg, "aws:backup/vaultPolicy:VaultPolicy", VAULT, "-prod-policy")),
        sensitiveVault: doc(
            recorded(stack, "aws:backup/vaultPolicy:VaultPolicy", VAULT, "-prod-sensitive-policy"),
        ),
    };
}

const accountOf = (arn: string): string => arn.split(":")[4];

export function request(
    principalArn: string,
    action: string,
    resource: string,
    context: IamRequest["context"] = {},
): IamRequest {
    return {
        principalArn,
        principalAccount: principalArn.startsWith("arn:") ? accountOf(principalArn) : undefined,
        action,
        resource,
        context: { "aws:SecureTransport": "true", ...context },
    };
}

/** The headers the runner sends on PutObject / CreateMultipartUpload, as S3 condition keys. */
export function uploadHeaders(
    over: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
    return {
        "s3:x-amz-server-side-encryption": "aws:kms",
        "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN,
        "s3:object-lock-mode": "COMPLIANCE",
        "s3:object-lock-remaining-retention-days": String(b.bucket.retentionDays),
        ...over,
    };
}

export const viaS3 = { "kms:ViaService": `s3.${cfg.region}.amazonaws.com` };
export const viaBackup = { "kms:ViaService": `backup.${cfg.region}.amazonaws.com` };
export const viaRds = { "kms:ViaService": `rds.${cfg.region}.amazonaws.com` };
