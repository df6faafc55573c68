/**
 * The customer-managed KMS key (and its alias) that every Strongbox data store
 * is encrypted with: the bucket, its replica and both vaults. One function so
 * that rotation and the deletion window cannot differ between them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as limits from "../../shared/limits";

export interface BackupKeySettings {
    /** Shown in the KMS console; say what the key protects. */
    readonly description: string;
    /** Key policy JSON (from a component's `key-policy.ts` builder). */
    readonly policy: pulumi.Input<string>;
    /** Alias without the `alias/` prefix; dots are replaced (KMS refuses them, bucket names allow them). */
    readonly aliasName: string;
    /** Region of the key. Default: the provider's region. */
    readonly region?: string;
    readonly tags: Record<string, string>;
    /** Protect the key from `pulumi destroy` and replacement. */
    readonly protect: boolean;
}

export interface BackupKey {
    readonly key: aws.kms.Key;
    readonly alias: aws.kms.Alias;
}

/** Declares `${name}-key` and `${name}-key-alias` as children of `parent`. */
export function declareBackupKey(name: string, s: BackupKeySettings, parent: pulumi.Resource): BackupKey {
    const key = new aws.kms.Key(
        `${name}-key`,
        {
            description: s.description,
            policy: s.policy,
            // The key policies reserve kms:PutKeyPolicy to the break-glass role (key-policy-base.ts), so
            // KMS's lockout check would refuse CreateKey from the deploying role. Bypassing it is the
            // intended outcome, not an accident: later key-policy changes must be applied as break-glass.
            bypassPolicyLockoutSafetyCheck: true,
            enableKeyRotation: true,
            // The longest window KMS allows: a scheduled deletion of the key is the one way to make
            // locked backups unreadable, so the alarm on it gets a month to be noticed.
            deletionWindowInDays: limits.KMS_DELETION_WINDOW_DAYS,
            region: s.region,
            tags: s.tags,
        },
        { parent, protect: s.protect },
    );
    const alias = new aws.kms.Alias(
        `${name}-key-alias`,
        { name: `alias/${s.aliasName.replace(/\./g, "-")}`, targetKeyId: key.keyId, region: s.region },
        { parent },
    );
    return { key, alias };
}
