/**
 * The ARNs a snapshot plan deals with: the RDS instances and clusters it selects, and the vault it
 * copies into. Parsers return the parts or nothing; the validators say what is wrong.
 */

/** RDS DB instance and cluster identifiers: a letter, then up to 62 letters, digits or single hyphens. */
const RDS_ID = "[a-zA-Z](?:-?[a-zA-Z0-9]){0,62}";
const RDS_ARN = new RegExp(`^arn:aws[a-z-]*:rds:([a-z0-9-]+):(\\d{12}):(db|cluster):(${RDS_ID})$`);
const BACKUP_VAULT_ARN = /^arn:aws[a-z-]*:backup:([a-z0-9-]+):(\d{12}):backup-vault:([a-zA-Z0-9_-]{2,50})$/;

export interface RdsArn {
    readonly region: string;
    readonly accountId: string;
    readonly kind: "db" | "cluster";
    readonly id: string;
}

export function parseRdsArn(arn: string): RdsArn | undefined {
    const m = RDS_ARN.exec(arn);
    return m ? { region: m[1], accountId: m[2], kind: m[3] as RdsArn["kind"], id: m[4] } : undefined;
}

export function parseVaultArn(arn: string): { region: string; accountId: string; name: string } | undefined {
    const m = BACKUP_VAULT_ARN.exec(arn);
    return m ? { region: m[1], accountId: m[2], name: m[3] } : undefined;
}

/**
 * What a tag-based selection may pick: RDS instances and clusters of any id, so that tags never pull
 * an EBS volume or a DynamoDB table into a plan meant for databases.
 */
export function rdsResourcePatterns(partition = "aws"): string[] {
    return [`arn:${partition}:rds:*:*:db:*`, `arn:${partition}:rds:*:*:cluster:*`];
}
