/**
 * The prod-backup stack's real configuration (Pulumi.prod-backup.yaml, validated by the stack's own
 * parser), builder variants of its policies for the shape checks, and request helpers for the meaning
 * tables. What the stack itself renders, which the tables evaluate, is in `rendered.ts`.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { auditRoleArns, BACKUP_AUDITOR_DEFAULTS } from "../../components/backup-auditor/args";
import {
    buildReportBucketPolicy,
    buildReportKeyPolicy,
} from "../../components/backup-auditor/reports/policies";
import { backupReportsServiceRole } from "../../components/backup-auditor/reports/policies";
import {
    IMMUTABLE_BACKUP_BUCKET_DEFAULTS,
    resolveImmutableBackupBucketArgs,
} from "../../components/immutable-backup-bucket/args";
import { BucketPolicyArgs, buildBucketPolicy } from "../../components/immutable-backup-bucket/bucket-policy";
import {
    buildSensitiveVaultKeyPolicy,
    buildVaultKeyPolicy,
} from "../../components/cross-account-vault/key-policy";
import { buildBackupKeyPolicy } from "../../components/immutable-backup-bucket/key-policy";
import {
    buildSensitiveVaultAccessPolicy,
    buildVaultAccessPolicy,
} from "../../components/cross-account-vault/vault-policy";
import { BackupStackConfig, immutableBackupBucketArgs, parseStackConfig } from "../../stacks/config";
import { CANARY_PREFIX, RECEIPTS_PREFIX } from "../../shared/audit";
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

/** The example's runner role (the first writer) and the prefix its databases' dumps live under. */
export const WRITER = b.writers[0].roleArn;
/** A role that runs `pulumi up` for the backup stack. */
export const DEPLOYER = b.deployerRoleArns[0];
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
/** The BackupAuditor's roles, by the deterministic names the stack gives them (`strongbox:environment` prod). */
export const { auditorRoleArn: AUDITOR, canaryRoleArn: CANARY } = auditRoleArns("strongbox-prod", BACKUP);
export const REPLICATION_ROLE = `arn:aws:iam::${BACKUP}:role/strongbox-replication-prod`;
/** A role whose ARN starts with the replication role's: the guard must compare whole ARNs. */
export const REPLICATION_ROLE_LOOKALIKE = `${REPLICATION_ROLE}-copy`;

/** A second source account, and its runner: it backs up a database of the same name under its own prefix. */
export const SOURCE_B = "444444444444";
export const WRITER_B = `arn:aws:iam::${SOURCE_B}:role/strongbox-pgdump-runner-prod`;
export const WRITER_B_ENTRY = {
    roleArn: WRITER_B,
    keyPrefix: "layer3-payments",
    databases: [b.writers[0].databases[0]],
};

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

/** What the component renders when the config does not say: its own default (the floor, below the default retention). */
export const MIN_DAYS =
    b.bucket.minimumRetentionDays ?? IMMUTABLE_BACKUP_BUCKET_DEFAULTS.minimumRetentionDays;
export const MAX_DAYS = b.bucket.maxRetentionDays;
/** Days the auditor locks each receipt for, as the stack resolves them (the example leaves the default). */
export const RECEIPT_DAYS = b.auditor?.receiptRetentionDays ?? BACKUP_AUDITOR_DEFAULTS.receiptRetentionDays;
/** The writers as the component resolves them (each with its prefix). */
export const WRITERS = resolveImmutableBackupBucketArgs(immutableBackupBucketArgs(b, cfg.region)).writers;
export const PREFIX = WRITERS[0].keyPrefix;
/** A database the first writer backs up, and one it does not (backed up by nobody in the example). */
export const DATABASE = WRITERS[0].databases[0];
export const OTHER_DATABASE = "payroll";
export const dumpKeyOf = (prefix: string, db: string) =>
    `${BUCKET_ARN}/${prefix}/${db}/2026/11/24/${db}_20261124T013000Z.sql.gz`;
export const DUMP_KEY = dumpKeyOf(PREFIX, DATABASE);
export const MANIFEST_KEY = `${DUMP_KEY}.manifest.json`;
/** A receipt and a canary object, where the auditor and the canary write them (shared/audit.ts). */
export const RECEIPT_KEY = `${BUCKET_ARN}/${RECEIPTS_PREFIX}/verify/${DATABASE}/2026/11/24/verify_${DATABASE}_20261124T060000Z.json`;
export const CANARY_KEY = `${BUCKET_ARN}/${CANARY_PREFIX}/2026/11/24/canary_20261124T053000Z`;
/** The audit report bucket, and the role AWS Backup Audit Manager writes reports as. */
export const REPORT_BUCKET_ARN = `arn:aws:s3:::${b.bucket.name}-audit-reports`;
export const REPORT_KEY = `${REPORT_BUCKET_ARN}/audit-manager/Backup/${BACKUP}/${cfg.region}/2026/11/24/report.csv`;
export const REPORTS_ROLE = backupReportsServiceRole("aws", BACKUP);
/** The same dump, replicated. */
export const REPLICA_DUMP_KEY = DUMP_KEY.replace(BUCKET_ARN, REPLICA_BUCKET_ARN);

export const bucketArgs: BucketPolicyArgs = {
    bucketArn: BUCKET_ARN,
    kmsKeyArn: KEY_ARN,
    writers: WRITERS,
    sourceAccountIds: b.sourceAccountIds,
    minimumRetentionDays: MIN_DAYS,
    maxRetentionDays: MAX_DAYS,
    deployerRoleArns: b.deployerRoleArns,
    breakGlassRoleArn: BREAK_GLASS,
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
        writers: [],
        sourceAccountIds: [],
        replicaOf: { replicationRoleArn: REPLICATION_ROLE },
    }),
    /** Two source accounts, each with an `appdb`, under their own prefixes (`TWO_WRITERS_OVERRIDE`). */
    bucketTwoWriters: buildBucketPolicy({
        ...bucketArgs,
        writers: [...WRITERS, WRITER_B_ENTRY],
        sourceAccountIds: [...b.sourceAccountIds, SOURCE_B],
    }),
    bucketKey: buildBackupKeyPolicy({ ...keyArgs, writerRoleArns: WRITERS.map((w) => w.roleArn) }),
    replicaKey: buildBackupKeyPolicy({ ...keyArgs, writerRoleArns: [], sourceAccountIds: [] }),
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
    /** The BackupAuditor's report bucket and its key. */
    reportBucket: buildReportBucketPolicy({
        bucketArn: REPORT_BUCKET_ARN,
        accountId: BACKUP,
        reportsRoleArn: REPORTS_ROLE,
        configurationRoleArns: [...b.deployerRoleArns, BREAK_GLASS],
    }),
    reportKey: buildReportKeyPolicy({
        accountId: BACKUP,
        keyAdminRoleArns: b.keyAdminRoleArns,
        breakGlassRoleArn: BREAK_GLASS,
        reportsRoleArn: REPORTS_ROLE,
    }),
};
export type PolicyName = keyof typeof policies;

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

/** The SSE headers the runner sends (naming the key by ARN), as S3 condition keys. */
export const SSE_HEADERS = {
    "s3:x-amz-server-side-encryption": "aws:kms",
    "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN,
};

/**
 * Each call of an upload, as the `s3:PutObject` request S3 authorizes: what it carries, and
 * `s3:ObjectCreationOperation`, true only for the calls that create the object (S3 User Guide, "Enforce
 * conditional writes"). The runner sends SSE headers on CreateMultipartUpload and on the manifest's
 * PutObject, If-None-Match: * on the calls that create, and no lock headers. `over` changes or (with
 * `undefined`) removes keys.
 */
export function s3Put(
    call: "PutObject" | "CreateMultipartUpload" | "UploadPart" | "CompleteMultipartUpload",
    over: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
    const creates = { "s3:ObjectCreationOperation": "true", "s3:if-none-match": "*" };
    const starts = { "s3:ObjectCreationOperation": "false" };
    const shapes = {
        PutObject: { ...SSE_HEADERS, ...creates },
        CreateMultipartUpload: { ...SSE_HEADERS, ...starts },
        UploadPart: starts,
        CompleteMultipartUpload: creates,
    };
    return { ...shapes[call], ...over };
}

/** Object Lock headers asking COMPLIANCE for `days` remaining (what a client other than the runner might send). */
export function lockHeaders(days = b.bucket.retentionDays, mode = "COMPLIANCE"): Record<string, string> {
    return { "s3:object-lock-mode": mode, "s3:object-lock-remaining-retention-days": String(days) };
}

/** A request that sets an event hold (variable retention): no retain-until date, so no remaining days either. */
export function eventHold(mode = "COMPLIANCE"): Record<string, string> {
    return {
        "s3:object-lock-mode": mode,
        "s3:object-lock-event-hold": "ON",
        "s3:object-lock-event-hold-duration-days": "30",
    };
}

export const viaS3 = { "kms:ViaService": `s3.${cfg.region}.amazonaws.com` };
export const viaS3InReplicaRegion = { "kms:ViaService": `s3.${b.bucket.replica?.region}.amazonaws.com` };
export const viaBackup = { "kms:ViaService": `backup.${cfg.region}.amazonaws.com` };
export const viaRds = { "kms:ViaService": `rds.${cfg.region}.amazonaws.com` };
