/** Shared fixtures for the PgDumpRunner and source-stack tests: what the backup stack would export. */
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, PolicyStatement } from "../../../components/common/policy-document";
import { RecordedResource } from "../../harness/offline-mocks";

export const SOURCE_ACCOUNT = "222222222222";
export const SOURCE_REGION = "us-east-1";

/** Outputs of the backup stack, by the names it exports. */
export const BACKUP_OUTPUTS = {
    backupAccountId: "111111111111",
    bucketName: "acme-strongbox-prod-pg-backups",
    bucketArn: "arn:aws:s3:::acme-strongbox-prod-pg-backups",
    bucketRegion: "ap-southeast-4",
    kmsKeyArn: "arn:aws:kms:ap-southeast-4:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    keyPrefix: "layer3",
    retentionDays: 35,
    vaultName: "strongbox-prod-vault",
    vaultArn: "arn:aws:backup:ap-southeast-4:111111111111:backup-vault:strongbox-prod-vault",
    vaultKmsKeyArn: "arn:aws:kms:ap-southeast-4:111111111111:key/abcd1234-ab12-cd34-ef56-abcdef123456",
} as const;

export const SECRET_APPDB = `arn:aws:secretsmanager:${SOURCE_REGION}:${SOURCE_ACCOUNT}:secret:rds!cluster-appdb-AbCdEf`;
export const SECRET_BILLING = `arn:aws:secretsmanager:${SOURCE_REGION}:${SOURCE_ACCOUNT}:secret:rds!cluster-billing-GhIjKl`;
/** The `i`th of many database secrets in the source account and region. */
export const secretArn = (i: number) =>
    `arn:aws:secretsmanager:${SOURCE_REGION}:${SOURCE_ACCOUNT}:secret:rds!cluster-db${String(i).padStart(3, "0")}-AbCdEf`;

/** A stand-in for the compiled runner, so these tests do not need `npm run build`. */
export const STUB_BUNDLE = new pulumi.asset.AssetArchive({
    "dist/runner/cli.js": new pulumi.asset.StringAsset("// stub runner"),
});

/** The only resources that are per database; everything else in the runner is fixed. */
export const PER_DATABASE_TYPES = ["aws:scheduler/schedule:Schedule"] as const;

export function byType(recorded: ReadonlyArray<RecordedResource>, type: string): RecordedResource[] {
    return recorded.filter((r) => r.type === type);
}

export function one(
    recorded: ReadonlyArray<RecordedResource>,
    type: string,
    name?: string,
): RecordedResource {
    const matches = recorded.filter((r) => r.type === type && (name === undefined || r.name === name));
    if (matches.length !== 1)
        throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${matches.length}`);
    return matches[0];
}

export function policyOf(resource: RecordedResource, field = "policy"): PolicyDocument {
    const raw = resource.inputs[field];
    return (typeof raw === "string" ? JSON.parse(raw) : raw) as PolicyDocument;
}

export function statement(doc: PolicyDocument, sid: string): PolicyStatement {
    const found = doc.Statement.find((s) => s.Sid === sid);
    if (!found) throw new Error(`no statement ${sid} in ${JSON.stringify(doc)}`);
    return found;
}

export const asList = (v: string | ReadonlyArray<string> | undefined): string[] =>
    v === undefined ? [] : typeof v === "string" ? [v] : [...v];

/** Counts resources by type. */
export function countByType(recorded: ReadonlyArray<RecordedResource>): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of recorded) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return counts;
}
