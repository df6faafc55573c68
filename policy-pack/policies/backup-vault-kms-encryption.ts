import { ResourceValidationPolicy } from "@pulumi/policy";
import { T } from "../lib/types";
import { plain, PreviewUnknowns, show, str } from "../lib/values";

/** `alias/aws/backup` or its ARN: the AWS managed key, whose policy the account cannot restrict. */
export function isAwsManagedBackupKey(keyArn: string): boolean {
    return /(^|:|\/)alias\/aws\/backup$/.test(keyArn);
}

export const backupVaultKmsEncryption: ResourceValidationPolicy = {
    name: "backup-vault-kms-encryption",
    description:
        "Backup vaults encrypt recovery points with a customer-managed KMS key " +
        "(the account that owns the key decides who can read the backups).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== T.vault) return;
        const props = plain(args.props);
        const unknowns = new PreviewUnknowns();
        const key = props.kmsKeyArn;
        if (!unknowns.check(key, `kmsKeyArn of backup vault "${args.name}"`)) {
            if (str(key) === undefined || str(key) === "") {
                reportViolation(
                    `backup vault "${args.name}" must set \`kmsKeyArn\` to a customer-managed KMS key ` +
                        `(without one AWS Backup uses the AWS managed key aws/backup)`,
                );
            } else if (isAwsManagedBackupKey(str(key)!)) {
                reportViolation(
                    `backup vault "${args.name}" must use a customer-managed KMS key, not ${show(key)}`,
                );
            }
        }
        unknowns.throwIfAny();
    },
};
